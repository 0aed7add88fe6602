"""JSON, never HTML, for every error under /api/ (except the HTML docs page itself).

The API's own handlers (``sanxiang.api.errors``) answer every error an endpoint raises. What
is left is answered by Django before or around ninja: an address under /api/ that matches
no endpoint (404), a method an endpoint does not have (405, as plain text), Django's own
400 or 500 pages. This middleware replaces those bodies with the API's JSON error.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sanxiang.api.errors import message_for_status

PREFIX = "/api/"
HTML_PAGES = ("/api/docs",)


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code < 400 or not request.path.startswith(PREFIX)
                or request.path.startswith(HTML_PAGES)
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        status = response.status_code
        code = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
                413: "TOO_LARGE", 414: "URI_TOO_LONG"}.get(
            status, "SERVER_ERROR" if status >= 500 else f"HTTP_{status}")
        if status == 404:
            message = _("Not found.")
        elif status in (400, 413) and response.get("Content-Type", "").startswith(
                "text/plain"):
            message = response.content.decode("utf-8", "replace")[:200]  # ours, above
        else:
            message = message_for_status(status)
        replaced = JsonResponse({"code": code, "message": str(message)}, status=status,
                                json_dumps_params={"ensure_ascii": False})
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced


class UnreadableBodyMiddleware:
    """A request Django or the database cannot take is a 400, not a 500.

    Django reads ``request.POST`` in the CSRF check — also in the 404 page's — and raises
    ``MultiPartParserError`` for a multipart body without a valid boundary, which no view
    can catch. Parsing it here first turns that into a 400 (JSON under /api/).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A NUL character is never part of a name, a number or a date, and PostgreSQL
        # refuses it in a query ("string literal cannot contain NUL"): refused up front.
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", "") or any(
                "\x00" in key or "\x00" in value for key, values in request.GET.lists()
                for value in values):
            return HttpResponseBadRequest(_("The request contains a NUL character."),
                                          content_type="text/plain; charset=utf-8")
        try:
            if (request.path.startswith(PREFIX) and request.content_type == "application/json"
                    and b"\\u0000" in request.body.lower()):
                return HttpResponseBadRequest(_("The request contains a NUL character."),
                                              content_type="text/plain; charset=utf-8")
            _read_body(request)
        except RequestDataTooBig:
            return _too_large(request)
        except (TooManyFieldsSent, TooManyFilesSent):
            return _refused(request, _("The request has too many fields or files."))
        except MultiPartParserError:
            return _refused(request, _("The request body cannot be read."))
        return self.get_response(request)


def _read_body(request) -> None:
    """Read now what Django or the view would read anyway (the CSRF check reads a form's
    fields, a JSON view its body), so that a body over Django's limits is refused here, in
    Chinese, not with Django's bare English 400 page."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        request.body  # noqa: B018
    elif request.method == "POST" and (content_type.startswith("multipart/")
                                       or content_type == "application/x-www-form-urlencoded"):
        request.POST  # noqa: B018
    # Anything else (an upload's chunk) is a stream its view reads, never parsed here.


def _too_large(request) -> HttpResponse:
    """413: a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (files travel as uploads instead)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    message = _("The request is too large: its data may be at most %(limit)s MB (attached "
                "files do not count). Send less at a time, or upload large files as "
                "evidence.") % {"limit": f"{limit:.1f}".rstrip("0").rstrip(".")}
    return _refused(request, message, status=413)


def _refused(request, message: str, *, status: int = 400) -> HttpResponse:
    """Plain text under /api/ (``JsonErrorsMiddleware`` makes it the API's JSON), JSON for a
    page's script that sent JSON, a Chinese page otherwise."""
    if request.path.startswith(PREFIX):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    if request.content_type == "application/json":
        return JsonResponse({"error": "TOO_LARGE" if status == 413 else "BAD_REQUEST",
                             "message": message}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_to_string("400.html", {"message": message}), status=status)


class HeadAsGetMiddleware:
    """HEAD under /api/ is the GET without its body (RFC 9110 §9.3.2), as the public pages
    answer it (``require_safe``). Ninja picks an endpoint by method and has none for HEAD,
    so the request is run as the GET and the body dropped; the headers, the length
    included, are the GET's. An address without a GET still answers 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD" or not request.path.startswith(PREFIX):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
