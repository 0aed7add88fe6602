"""Items and guides in the public full-text search (R-PUB-01)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sanxiang.catalog import actions, queries
from sanxiang.core import search

from .conftest import ITEMS, item

pytestmark = pytest.mark.django_db

NEW = item("AQ-CF-009", "对矿山企业未落实安全生产责任制的行政处罚")
OTHER = [item("HB-CF-001", "对排放污染物超标的行政处罚", category="行政处罚")]


def publish(catalogue, capture, **changes):
    previous = queries.latest_version(catalogue)
    start = previous.effective_from + timedelta(days=1) if previous else date(2026, 1, 1)
    with capture(execute=True):
        return actions.publish_version(catalogue=catalogue, acting_user=None,
                                       effective_from=start, note="调整", **changes)


def test_published_items_are_found_and_removed_ones_are_not(
        items_catalogue, django_capture_on_commit_callbacks, client):
    publish(items_catalogue, django_capture_on_commit_callbacks, add=[*ITEMS, NEW])
    hits = search.search("安全生产", kinds=["item"])
    assert "对矿山企业未落实安全生产责任制的行政处罚 AQ-CF-009" in [h.title for h in hits]
    assert all(h.url.startswith("/") for h in hits)
    page = client.get("/search/", {"q": "安全生产"})
    assert "AQ-CF-009" in page.content.decode()

    version = queries.latest_version(items_catalogue)
    gone = queries.entries_of(version).get(code="AQ-CF-009")
    publish(items_catalogue, django_capture_on_commit_callbacks, remove=[gone.pk])
    titles = [h.title for h in search.search("安全生产", kinds=["item"])]
    assert not any("AQ-CF-009" in t for t in titles)
    assert any("AQ-CF-001" in t for t in titles)


def test_a_version_not_yet_in_force_is_not_indexed(
        items_catalogue, django_capture_on_commit_callbacks):
    later = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=later, note="将来施行", add=OTHER)
    assert search.search("污染物", kinds=["item"]) == []


def test_rebuild_from_the_registered_sources(items_catalogue,
                                             django_capture_on_commit_callbacks):
    publish(items_catalogue, django_capture_on_commit_callbacks, add=ITEMS)
    result = search.rebuild_all(["item", "guide"])
    assert result["item"].indexed == len(ITEMS)
    assert search.search("监督检查", kinds=["item"])
