"""No error answer is kept by a browser or a proxy, a visitor's included (probe 6, ADR 0072).

ADR 0064 marked what a signed-in user is answered ``no-store``; the error pages a visitor
gets (400, 403 for a failed CSRF check, 404, 405, 414) and the API's JSON errors made above
the authentication carried no ``Cache-Control`` at all, so a proxy that caches
heuristically may keep them and answer the next visitor with them.
"""

import pytest
from django.test import Client
from django.urls import reverse

from sanxiang.core.gunicorn_worker import error_response
from sanxiang.core.middleware import MAX_URL_LENGTH

pytestmark = pytest.mark.django_db


def assert_not_stored(response, what):
    cache = response.headers.get("Cache-Control", "")
    assert "no-store" in cache and "private" in cache, (what, response.status_code, cache)


def test_visitors_error_pages_not_stored():
    visitor = Client()
    answers = {
        "404 page": visitor.get("/no-such-page/"),
        "404 decision": visitor.get(reverse("decisions:decision", args=[999999])),
        "404 api": visitor.get("/api/cases/999999"),
        "405": visitor.delete(reverse("decisions:search")),
        "400 host": visitor.get("/", HTTP_HOST="evil.example"),
        "414": visitor.get("/" + "a" * (MAX_URL_LENGTH + 10)),
        "403 csrf": Client(enforce_csrf_checks=True).post(reverse("login"),
                                                          {"username": "x", "password": "y"}),
    }
    for what, response in answers.items():
        assert response.status_code >= 400, what
        assert_not_stored(response, what)
    assert answers["403 csrf"].status_code == 403
    assert answers["400 host"].status_code == 400


def test_public_pages_keep_their_caching():
    response = Client().get(reverse("decisions:search"))
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_gunicorn_error_page_not_stored():
    head = error_response(400).split(b"\r\n\r\n")[0].decode("latin-1")
    assert "Cache-Control: no-store, private" in head.split("\r\n")
