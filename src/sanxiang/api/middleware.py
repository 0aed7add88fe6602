"""JSON, never HTML, for every error under /api/ (except the HTML docs page itself).

The API's own handlers (``sanxiang.api.errors``) answer every error an endpoint raises. What
is left is answered by Django before or around ninja: an address under /api/ that matches
no endpoint (404), a method an endpoint does not have (405, as plain text), Django's own
400 or 500 pages. This middleware replaces those bodies with the API's JSON error.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
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
                414: "URI_TOO_LONG"}.get(
            status, "SERVER_ERROR" if status >= 500 else f"HTTP_{status}")
        if status == 404:
            message = _("Not found.")
        elif status == 400 and response.get("Content-Type", "").startswith("text/plain"):
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
        if (request.path.startswith(PREFIX) and request.content_type == "application/json"
                and b"\\u0000" in request.body.lower()):
            return HttpResponseBadRequest(_("The request contains a NUL character."),
                                          content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type.startswith("multipart/"):
            try:
                request.POST  # noqa: B018 — parsed now, so that a broken body is caught here
            except MultiPartParserError:
                return HttpResponseBadRequest(_("The request body cannot be read.").encode(),
                                              content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
