"""The address a request came from, as the login lockout, the access log and the public
forms' limits count it.

Behind the reverse proxy of docs/deploy.md every request's REMOTE_ADDR is the proxy's own:
counted that way, twenty wrong passwords from anyone would lock the login for everyone, and
the access log would name the proxy for every read. With ``SANXIANG_PROXY_COUNT`` set to the
number of proxies in front of the web servers, the address is the one the outermost proxy
saw, read from the right of ``X-Forwarded-For`` (each proxy appends what it saw; what the
client itself sent stays on the left and is never trusted). Without it, REMOTE_ADDR.
"""

from django.conf import settings


def address(request) -> str | None:
    if request is None:
        return None
    proxies = settings.SANXIANG_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= proxies and hops[-proxies]:
            return hops[-proxies][:64]
    return request.META.get("REMOTE_ADDR") or None
