"""Per-address limits on the public forms that cost the platform something to answer.

Filing a complaint stores up to five attachments; tracking one checks a query code against
its slow hash (R-SUP-02). Without a limit one address could fill the disk or keep a worker
hashing. The count is kept in the cache (one Redis for every web worker in production, the
process's own memory in the embedded default) per address and per fixed window; a lost
count only ever lets a few more requests through.

The address is ``core.client.address``, as for the login lockout and the access log.
"""

import time

from django.core.cache import caches

from sanxiang.core import client


def allow(request, scope: str, *, limit: int, seconds: int = 3600) -> bool:
    """Count one request of ``scope`` from the request's address; False once the address
    has made more than ``limit`` in the current window. A limit of 0 turns it off."""
    if limit <= 0:
        return True
    address = client.address(request) or "-"
    window = int(time.time()) // seconds
    key = f"throttle:{scope}:{address}:{window}"
    cache = caches["default"]
    if cache.add(key, 1, seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, seconds)
        return True


def limited(scope: str, setting: str, *, seconds: int = 60):
    """A view decorator: more than ``settings.<setting>`` requests of ``scope`` from one
    address in ``seconds`` are answered 429 in Chinese, with ``Retry-After``.

    For the public searches (probe 6, ADR 0072): each uncached query reads the index or
    the decisions' table, and one address could ask them without end. A page served from
    the public page cache never reaches the view, so only the work counts."""
    from functools import wraps

    from django.conf import settings as django_settings
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils.cache import add_never_cache_headers

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allow(request, scope, limit=getattr(django_settings, setting, 0),
                         seconds=seconds):
                response = HttpResponse(render_to_string("429.html", request=request),
                                        status=429)
                response["Retry-After"] = str(seconds)
                add_never_cache_headers(response)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
