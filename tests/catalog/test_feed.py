"""Atom feeds of list changes (open data)."""

from datetime import date
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from sanxiang.catalog import actions, queries
from sanxiang.catalog.models import Catalogue

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_versions(items_v1, items_catalogue):
    first = queries.entries_of(items_v1).first()
    actions.publish_version(catalogue=items_catalogue, acting_user=None,
                            effective_from=date(2026, 3, 1), note="删除一项",
                            remove=[first.pk])
    return items_catalogue


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.mark.parametrize("per_body", [False, True])
def test_feed_lists_each_published_version_newest_first(client, two_versions,
                                                        django_assert_max_num_queries,
                                                        per_body):
    body = two_versions.body
    url = (reverse("catalog:body_feed", args=[body.credit_code]) if per_body
           else reverse("catalog:feed"))
    with django_assert_max_num_queries(3):
        found = entries(client.get(url))
    titles = [e.findtext(f"{ATOM}title") for e in found]
    kind = Catalogue.Kind.ITEMS.label
    assert titles == [f"{body.name} {kind} 第2版", f"{body.name} {kind} 第1版"]
    assert "删除一项" in found[0].findtext(f"{ATOM}summary")
    assert found[0].findtext(f"{ATOM}updated")
    link = found[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("catalog:version", args=["items", body.credit_code, 2]))


def test_feed_of_another_body_is_empty_and_unknown_body_404(client, two_versions, body_b):
    assert entries(client.get(reverse("catalog:body_feed", args=[body_b.credit_code]))) == []
    assert client.get(reverse("catalog:body_feed", args=["NOPE"])).status_code == 404


def test_index_page_links_the_feed(client):
    text = client.get(reverse("catalog:index")).content.decode()
    assert 'type="application/atom+xml"' in text
    assert reverse("catalog:feed") in text


def test_body_page_links_its_feed(client, two_versions):
    body = two_versions.body
    text = client.get(reverse("catalog:body", args=[body.credit_code])).content.decode()
    assert reverse("catalog:body_feed", args=[body.credit_code]) in text
