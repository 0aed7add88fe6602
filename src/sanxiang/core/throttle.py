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
