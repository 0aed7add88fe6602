from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import escape_uri_path

# Pages use only their own scripts, styles and images; nothing inline, nothing third-party.
DEFAULT_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# No page of the platform uses the camera, the microphone, the location or payments.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware:
    """The security headers of every answer. First in ``MIDDLEWARE`` (outermost), so that
    the answers made above Django's own middleware get them too: the API's JSON errors
    (``JsonErrorsMiddleware`` replaces the body it is given), the Chinese 414 page, the 400
    for a NUL character, the health check. What an inner layer set stays (setdefault)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            # Every page, the admin's included: Django's admin (5.x) loads its scripts from
            # files and sets styles through the DOM, so the same policy holds there.
            "Content-Security-Policy": getattr(settings, "SANXIANG_CSP", DEFAULT_POLICY),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": getattr(settings, "X_FRAME_OPTIONS", "DENY"),
            "Referrer-Policy": getattr(settings, "SECURE_REFERRER_POLICY", None) or "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Permissions-Policy": PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


class ErrorAnswersNotStoredMiddleware:
    """No error answer is kept by a browser or a proxy, whoever asked.

    ``PrivateAnswersMiddleware`` marks what a signed-in user is answered; a visitor's 400,
    403 (a CSRF failure too), 404, 405, 413, 414, 429 and 500 pages, and the API's JSON
    errors made above the authentication, went out without ``Cache-Control`` (probe 6,
    ADR 0072): a proxy that caches heuristically may keep a 404 for an address that is
    about to exist (a decision being published) or a 403 that names the request's
    problem, and serve it to the next visitor. Second in ``MIDDLEWARE``, so that it sees
    the answers of every layer below. What a layer set itself stays (a 429's own
    ``Cache-Control`` with ``Retry-After``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 400 and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


# The longest request target (path and query, percent-encoded) the platform answers: the
# server's own limit (``sanxiang serve`` runs gunicorn with --limit-request-line 8190, its
# maximum) is set above it, so that an over-long address reaches this check and gets a
# Chinese page with the platform's look; one over gunicorn's limit gets the Chinese page of
# ``core.gunicorn_worker``. No address of the platform comes near.
MAX_URL_LENGTH = 4094


class LongUrlMiddleware:
    """A request whose address is longer than ``MAX_URL_LENGTH`` is answered 414 in Chinese
    (JSON under /api/, through ``JsonErrorsMiddleware``), before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _target_length(request) > MAX_URL_LENGTH:
            from django.template.loader import render_to_string

            return HttpResponse(render_to_string("414.html"), status=414)
        return self.get_response(request)


def _target_length(request) -> int:
    """The request target's length in bytes as sent: gunicorn gives it (``RAW_URI``); other
    servers give the path decoded (counted percent-encoded, as a browser sends it) and the
    query as sent (a WSGI string holds its bytes, one character each)."""
    raw = request.META.get("RAW_URI")
    if raw is not None:
        return len(raw)
    query = request.META.get("QUERY_STRING", "")
    return len(escape_uri_path(request.path)) + (len(query) + 1 if query else 0)


class PrivateAnswersMiddleware:
    """Nothing answered to a signed-in user is kept by a browser or a proxy.

    Staff pages, the API's JSON, documents, evidence and exports went out without
    ``Cache-Control``: a browser may keep them on disk and show a case page again from the
    back button after logout, on an office's shared computer (probe 5, ADR 0064). Every
    answer to an authenticated request that set no caching of its own is marked
    ``no-store, private``. Below ``AuthenticationMiddleware``, so that ``request.user`` is
    known, and above the account gate, whose redirects it marks too; the public pages
    answered to visitors (and their cache) are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header(
                "Cache-Control"):
            add_never_cache_headers(response)
        return response
