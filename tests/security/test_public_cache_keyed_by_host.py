"""A cached public answer that names its own address is kept per scheme and host.

The ledger's checkpoint list (JSON and Atom) and the register's PDFs build their links from
the Host header. The page cache keyed pages by path only, so the list asked for once as
``localhost`` gave every later visitor of ``127.0.0.1`` links to ``localhost`` — and a
cached page was served to any Host at all, before Django's host check (probe 4, ADR 0057).
"""

import pytest
from django.test import Client

from sanxiang.core import public_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(page_cache):
    yield


def test_answer_cached_for_one_host_is_not_served_to_another():
    first = Client().get("/ledger/checkpoints.json", HTTP_HOST="localhost")
    again = Client().get("/ledger/checkpoints.json", HTTP_HOST="localhost")
    other = Client().get("/ledger/checkpoints.json", HTTP_HOST="127.0.0.1")

    assert "http://localhost/ledger/" in first.content.decode()
    assert again[public_cache.CACHE_HEADER] == "hit"
    assert other[public_cache.CACHE_HEADER] == "miss"
    assert "localhost" not in other.content.decode()
    assert "http://127.0.0.1/ledger/" in other.content.decode()


def test_host_not_allowed_gets_no_cached_page():
    assert Client().get("/bodies/", HTTP_HOST="localhost").status_code == 200

    response = Client().get("/bodies/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert not response.has_header(public_cache.CACHE_HEADER)
