"""The public search page (/search/): Chinese full-text search over public data only."""

import pytest
from django.test import Client

from sanxiang.core import search
from sanxiang.org import actions
from sanxiang.org.search_index import reindex_bodies_and_officers

PRIVATE_PHONE = "13800000000"  # every persona officer's contact phone (tests/conftest.py)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def indexed(officer_a1, officer_b1):
    reindex_bodies_and_officers()


def test_search_finds_bodies_by_their_duties(client, indexed, body_a, body_b):
    html = page(client, "/search/?q=安全生产")
    assert body_a.name in html and body_b.name not in html
    assert f'href="/bodies/{body_a.credit_code}/"' in html
    assert "<mark>安全生产</mark>" in html


def test_search_finds_officers_without_showing_private_data_R_ORG_06(client, indexed,
                                                                     officer_a1):
    html = page(client, "/search/?q=张伟")
    assert 'href="/officers/13010201001/"' in html
    assert PRIVATE_PHONE not in html
    html = page(client, "/search/?q=" + PRIVATE_PHONE)
    assert "没有找到" in html  # the phone is not even in the index


def test_kind_filter(client, indexed, body_a, officer_a1):
    html = page(client, "/search/?q=长安区应急管理局&kind=officer")
    assert officer_a1.name in html
    assert f'href="/bodies/{body_a.credit_code}/"' not in html
    html = page(client, "/search/?q=长安区应急管理局&kind=body")
    assert f'href="/bodies/{body_a.credit_code}/"' in html
    assert 'href="/officers/13010201001/"' not in html


def test_nothing_found_is_said_in_chinese(client, indexed):
    html = page(client, "/search/?q=不存在的词语")
    assert "没有找到与“不存在的词语”相关的信息" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/search/", "/search/?q=", "/search/?q=%22%27%3C%3E", "/search/?q=安全&page=0",
    "/search/?q=安全&page=999999", "/search/?q=安全&page=abc", "/search/?q=安全&kind=secret",
    "/search/?q=" + "安" * 300,
])
def test_odd_requests_never_fail(client, url):
    html = page(client, url)
    assert "检索公开信息" in html


@pytest.mark.django_db
def test_query_is_escaped(client):
    html = page(client, "/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_results_are_paginated(client):
    for n in range(25):
        search.index("item", str(n), title=f"安全生产检查事项{n}", text="", url=f"/items/{n}/")
    first = page(client, "/search/?q=安全生产")
    assert first.count('class="result"') == 20
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = page(client, "/search/?q=安全生产&page=2")
    assert second.count('class="result"') == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.django_db
def test_home_page_has_a_search_box(client):
    html = page(client, "/")
    assert 'action="/search/"' in html and 'name="q"' in html


def test_org_actions_keep_the_index_current(body_a, fields, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        officer = actions.create_officer(
            acting_user=None, body=body_a, name="欧阳明", post="执法队员", field_codes=["AQSC"],
            areas="本辖区", phone=PRIVATE_PHONE)
    assert [h.key for h in search.search("欧阳明", kinds=["officer"])] == [str(officer.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_body(body=body_a, acting_user=None, duties="负责危险化学品监督管理。")
    assert [h.key for h in search.search("危险化学品")] == [str(body_a.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        actions.officer_leaves(officer=officer, acting_user=None,
                               on=officer.created_at.date(), reason="调离")
    assert search.search("欧阳明") == []


def test_search_page_is_usable_on_a_phone(client, indexed):
    # The page carries the viewport meta and the shared stylesheet; the layout itself is
    # checked at 360 px by the browser tests.
    html = page(Client(), "/search/?q=安全生产")
    assert 'name="viewport"' in html and "site.css" in html
    assert '<label for="id_q">' in html and '<label for="id_kind">' in html
