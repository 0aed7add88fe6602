"""gunicorn's threaded worker, answering the requests gunicorn itself refuses in Chinese.

A request line over ``--limit-request-line`` (8,190 bytes at most), a malformed request
line, oversized headers and the like never reach Django: gunicorn answers them with its
own English page ("Request Line is too large (8201 > 8190)"). ``sanxiang serve`` runs this
worker instead, so such a request gets the same kind of Chinese page the platform answers
with (see ``core.middleware.LongUrlMiddleware`` for addresses that do reach it).

gunicorn decides the status, logs the refusal and writes its page in
``Worker.handle_error``; this worker lets it do all of that into a recorder and sends
a Chinese page with the status gunicorn chose instead. So gunicorn's own classification
of its errors, and its logging, stay as they are in each release.
"""

import html
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from sanxiang.core.middleware import ContentSecurityPolicyMiddleware

_STATUS = re.compile(rb"^HTTP/1\.[01] (\d{3}) ")

# Translated when a page is written (the worker has loaded the application, so Django's
# catalogues are there); the 414 page says what the platform's own 414.html says.
_PAGES = {
    414: (gettext_noop("Address too long"),
          gettext_noop("The address of this request is too long to be answered. Shorten the "
                       "search terms or the filters and try again.")),
    431: (gettext_noop("Request headers too large"),
          gettext_noop("This request carries too much information (such as cookies) to be "
                       "answered. Clear this site's cookies and try again.")),
    403: (gettext_noop("Request refused"), gettext_noop("This request is not allowed.")),
    500: (gettext_noop("Server error"),
          gettext_noop("The server cannot answer this request at the moment. Please try "
                       "again later.")),
}
_DEFAULT = (gettext_noop("Request not understood"),
            gettext_noop("This request is malformed and cannot be answered. Check the address "
                         "and try again."))
_REASONS = {400: "Bad Request", 403: "Forbidden", 414: "URI Too Long",
            417: "Expectation Failed", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented"}


class _Recorder:
    """Stands in for the client's socket while gunicorn writes its own page."""

    def __init__(self):
        self.data = b""

    def gettimeout(self):
        return 0.0  # so util.write_nonblock does not touch the blocking mode

    def sendall(self, data):
        self.data += data


def error_response(status: int) -> bytes:
    """The whole HTTP response, in Chinese, for a request gunicorn refused with ``status``."""
    title, message = _PAGES.get(status, _DEFAULT)
    with translation.override(settings.LANGUAGE_CODE):
        title, message, home = gettext(title), gettext(message), gettext("Back to the home page")
    body = (
        '<!doctype html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>\n"
        f'<p><a href="/">{html.escape(home)}</a></p>\n</main>\n</body>\n</html>\n'
    ).encode()
    # The security headers every answer of the platform carries (the pages have no script,
    # style or image at all).
    security = ContentSecurityPolicyMiddleware(None).headers
    head = "".join([f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n",
                    "Connection: close\r\n",
                    "Content-Type: text/html; charset=utf-8\r\n",
                    # Like every error answer of the platform: not stored (ADR 0072).
                    "Cache-Control: no-store, private\r\n",
                    *(f"{name}: {value}\r\n" for name, value in security.items()),
                    f"Content-Length: {len(body)}\r\n\r\n"]).encode("latin-1")
    return head + body


class ChineseErrorsWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        recorder = _Recorder()
        super().handle_error(req, recorder, addr, exc)
        found = _STATUS.match(recorder.data)
        status = int(found.group(1)) if found else 400
        try:
            util.write_nonblock(client, error_response(status))
        except Exception:  # the client went away: nothing to answer
            self.log.debug("Failed to send error message.")
