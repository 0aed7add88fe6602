"""``/healthz`` for load balancers (issue 17, item 6)."""

import json
import socket


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_a_probe_by_address(client, db, settings):
    """A load balancer probes each server by its address: not in ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["sanxiang.example.gov.cn"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_names_an_unreachable_cache(client, db, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1}}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "failed", "database": "ok",
                                            "cache": "failed"}
