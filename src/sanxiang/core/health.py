"""``/healthz`` for load balancers: is this web process able to serve? (docs/deploy.md)

Answered by the first middleware, before the host check and the HTTPS redirect, because a
load balancer probes each server by its address over plain HTTP. It says only "ok" or which
dependency failed — the database (one ``SELECT 1``) and the cache (a write and a read) —
never versions, paths or error texts.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse

PATH = "/healthz"
log = logging.getLogger(__name__)


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.exception("health check: database")
        return False


def _cache() -> bool:
    from django.conf import settings

    try:
        cache = caches[settings.SANXIANG_PUBLIC_CACHE]
        token = uuid.uuid4().hex
        cache.set("healthz", token, 30)
        value = cache.get("healthz")
        # The dummy backend keeps nothing by design; any other must give the value back.
        return value == token or cache.__class__.__name__ == "DummyCache"
    except Exception:
        log.exception("health check: cache")
        return False


def check() -> dict[str, str]:
    return {"database": "ok" if _database() else "failed",
            "cache": "ok" if _cache() else "failed"}


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        result = check()
        healthy = all(value == "ok" for value in result.values())
        response = JsonResponse({"status": "ok" if healthy else "failed", **result},
                                status=200 if healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
