"""How the API reports failures: a code and a Chinese message, never a 500 for bad input.

====================================  ======  =============================================
raised                                status  body
====================================  ======  =============================================
``RuleViolation`` (a broken rule)     409     ``{"code": "R-…", "message": …}``
``PermissionDenied``                  403     ``{"code": "PERMISSION", "message": …}``
``ninja.errors.ValidationError``      422     ``{"code": "VALIDATION", "message": …,
                                              "errors": [{"field": …, "message": …}]}``
``InvalidCursor``, Django's
``ValidationError``                   422     the same, without per-field errors
``Http404`` (missing or out of scope) 404     ``{"code": "NOT_FOUND", "message": …}``
====================================  ======  =============================================
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from sanxiang.api.pagination import InvalidCursor
from sanxiang.core.errors import PermissionDenied, RuleViolation


def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(limit)s.") % {
            "limit": context.get("le", context.get("lt"))}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(limit)s.") % {
            "limit": context.get("ge", context.get("gt"))}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Must be a whole number.")
    if kind == "string_too_long":
        return _("Must be at most %(count)s characters.") % {
            "count": context.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("Has the wrong format.")
    if kind == "enum":
        return _("Must be one of: %(choices)s.") % {"choices": context.get("expected", "")}
    return _("This value is not valid.")


def _field_name(error: dict) -> str:
    # ("query", "limit") → "limit"; the source (query, path, body) adds nothing for a caller.
    location = [str(part) for part in error.get("loc", ())]
    return ".".join(location[1:]) or ".".join(location)


def install_error_handlers(api) -> None:
    """Register the platform's error mapping on ``api`` (also used by tests' own APIs)."""

    def respond(request, status: int, code: str, message: str, **extra):
        return api.create_response(
            request, {"code": code, "message": str(message), **extra}, status=status)

    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc):
        if isinstance(exc, PermissionDenied):
            return respond(request, 403, exc.code, exc.message)
        return respond(request, 409, exc.code, exc.message)

    @api.exception_handler(ValidationError)
    def invalid_input(request, exc):
        errors = [{"field": _field_name(e), "message": _field_message(e)} for e in exc.errors]
        return respond(request, 422, "VALIDATION", _("The request is not valid."),
                       errors=errors)

    @api.exception_handler(InvalidCursor)
    def invalid_cursor(request, exc):
        return respond(request, 422, "VALIDATION", _("The request is not valid."), errors=[
            {"field": "after", "message": _("This cursor is not valid; start from the first "
                                            "page again.")}])

    @api.exception_handler(DjangoValidationError)
    def invalid_value(request, exc):
        return respond(request, 422, "VALIDATION", "；".join(exc.messages))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "NOT_FOUND", _("Not found."))
