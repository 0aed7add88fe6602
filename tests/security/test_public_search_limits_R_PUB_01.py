"""The public searches answer a bounded number of uncached queries per address and minute
(R-PUB-01, R-PUB-04: the public reaches the lists and decisions without an account, so one
address must not be able to keep the index busy; probe 6, ADR 0072)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROUTES = ("portal:search", "portal:officer_search", "decisions:search", "decisions:search_csv")


@pytest.fixture
def limit(settings):
    settings.SANXIANG_PUBLIC_SEARCHES_PER_MINUTE = 3
    cache.clear()
    yield settings
    cache.clear()


@pytest.mark.parametrize("route", ROUTES)
def test_public_search_limited_per_address_R_PUB_01(limit, route):
    def ask(address, n):
        # A different query each time: a page from the public cache is not work.
        return Client(REMOTE_ADDR=address).get(reverse(route), {"q": f"安全{n}"})

    for n in range(3):
        assert ask("203.0.113.20", n).status_code == 200
    refused = ask("203.0.113.20", 3)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "no-store" in refused["Cache-Control"]
    assert "查询过于频繁" in refused.content.decode()
    assert ask("203.0.113.21", 4).status_code == 200  # another address


def test_public_search_unlimited_when_off_R_PUB_01(settings):
    settings.SANXIANG_PUBLIC_SEARCHES_PER_MINUTE = 0
    client = Client(REMOTE_ADDR="203.0.113.22")
    assert all(client.get(reverse("decisions:search"), {"q": f"罚款{n}"}).status_code == 200
               for n in range(5))
