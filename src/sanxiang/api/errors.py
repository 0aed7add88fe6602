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
not logged in (``AuthenticationError``) 401   ``{"code": "UNAUTHENTICATED", "message": …}``
CSRF refused, other ``HttpError``       403…  ``{"code": "CSRF" / "HTTP_<status>", …}``
a body that is not JSON, or unreadable 400     ``{"code": "BAD_REQUEST", "message": …}``
anything else (a bug)                 500     ``{"code": "SERVER_ERROR", "message": …}``
====================================  ======  =============================================

Whatever Django itself answers under /api/ — an unknown address, a method the endpoint does
not have — is turned into the same JSON by ``JsonErrorsMiddleware``, so a caller never gets
an HTML page. ``ERROR_SCHEMA`` is the body's schema, which ``documented_errors`` adds to the
OpenAPI document for each operation with the statuses it can really answer.
"""

import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sanxiang.api.pagination import InvalidCursor
from sanxiang.core.errors import PermissionDenied, RuleViolation

logger = logging.getLogger(__name__)


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

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return respond(request, 401, "UNAUTHENTICATED",
                           _("Log in first: this endpoint is for staff."))
        if exc.status_code == 403 and "CSRF" in str(exc.message):
            return respond(request, 403, "CSRF", _(
                "The request lacks a valid CSRF token (send the csrftoken cookie's value in "
                "the X-CSRFToken header)."))
        if exc.status_code == 400:
            return respond(request, 400, "BAD_REQUEST", _("The request body is not valid "
                                                          "JSON."))
        return respond(request, exc.status_code, f"HTTP_{exc.status_code}",
                       message_for_status(exc.status_code))

    # A body Django cannot even parse (multipart without a boundary, say): read first by the
    # CSRF check, before ninja sees the body.
    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(BadRequest)
    @api.exception_handler(SuspiciousOperation)
    def unparseable(request, exc):
        return respond(request, 400, "BAD_REQUEST", _("The request body cannot be read."))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        # A bug, never bad input: logged with its traceback, answered in the API's shape.
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "SERVER_ERROR", message_for_status(500))


def message_for_status(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Log in first: this endpoint is for staff."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This address does not accept this method."),
        413: _("The request is too large."),
        414: _("The address of the request is too long."),
        429: _("Too many requests; try again later."),
        500: _("An internal error occurred; it has been logged."),
    }
    if status in messages:
        return messages[status]
    return messages[500] if status >= 500 else messages[400]


# The error body, as it appears in the OpenAPI document.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "错误：代码与中文说明。",
    "properties": {
        "code": {"type": "string", "description": "错误代码：规则编号（R-…）、VALIDATION、"
                                                  "NOT_FOUND、UNAUTHENTICATED、PERMISSION 等"},
        "message": {"type": "string", "description": "中文说明"},
        "errors": {"type": "array", "description": "逐字段的错误（仅 422）", "items": {
            "type": "object", "properties": {"field": {"type": "string"},
                                             "message": {"type": "string"}}}},
    },
    "required": ["code", "message"],
}

ERROR_DESCRIPTIONS = {
    400: "请求无法读取：请求体不是有效的 JSON，或含有 NUL 字符",
    401: "未登录（工作人员接口）",
    403: "无权操作，或缺少 CSRF 令牌",
    404: "不存在或不在调用者的范围内",
    409: "违反规则（code 为规则编号）",
    422: "参数或请求体不符合要求",
}


def documented_errors(schema: dict) -> dict:
    """Add to each operation of an OpenAPI ``schema`` the error responses it can answer.

    Derived from what the handlers above do, per operation: 422 and 400 whenever it takes
    any parameter or a body (ninja validates them; a NUL character or an unreadable body is
    refused before), 401 and 403 when it
    needs a login (403: CSRF on writes, permissions), 404 when its path names a record or it
    looks one up, 409 on writes (a broken rule).
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            statuses = set()
            parameters = operation.get("parameters") or []
            if parameters or "requestBody" in operation:
                statuses |= {400, 422}  # 400: a NUL character, a body that cannot be read
            if operation.get("security"):
                statuses |= {401, 403}
            if "{" in path:
                statuses.add(404)
            if method != "get":
                statuses |= {404, 409}
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(status, {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return schema
