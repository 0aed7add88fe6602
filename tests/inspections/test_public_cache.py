"""The public inspection pages from the page cache (docs/adr/0040-decision-search-miss-cost.md):
cached like the rest of the portal, and every action that changes what they show retires
them at once (R-PUB-10, R-INS-03)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanxiang.core import public_cache
from sanxiang.inspections import actions

from .test_pages import drawn


@pytest.fixture(autouse=True)
def _cache_on(page_cache):
    """Every test here with the page cache on (``page_cache`` in tests/conftest.py)."""
    yield


@pytest.fixture
def made(make_task, directory, inspectors_a):
    return drawn(make_task(ratio=20))


def get(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.get(public_cache.CACHE_HEADER), \
        response.content.decode()


def warm(client, url, **params) -> str:
    """Read a page twice; the second answer must come from the cache."""
    status, source, text = get(client, url, **params)
    assert (status, source) == (200, "miss"), url
    assert get(client, url, **params) == (200, "hit", text), url
    return text


def test_a_published_result_appears_on_the_cached_results_at_once_R_PUB_10(
        made, officer_user_a, inspectors_a):
    client = Client()
    results = reverse("inspection_portal:results")
    assignment = made.assignments.filter(assigned__officer=inspectors_a[0]).first()
    name = assignment.target.name
    assert name not in warm(client, results)
    echoed = warm(client, results, q=name).count(name)  # the search box shows the query
    result = actions.record_result(acting_user=officer_user_a, assignment=assignment,
                                   body=made.task.body, category="no_problem",
                                   method="on_site", follow_up="none",
                                   inspected_on=timezone.localdate())
    assert name not in warm(client, results)  # recorded, not yet published
    actions.publish_result(acting_user=None, result=result)
    status, source, text = get(client, results)
    assert (status, source) == (200, "miss") and name in text
    status, source, text = get(client, results, q=name)
    assert (status, source) == (200, "miss") and text.count(name) > echoed


def test_a_redraw_shows_on_the_cached_draw_and_task_pages_at_once_R_INS_03(made):
    client = Client()
    draw_url = reverse("inspection_portal:draw", args=[made.pk])
    task_url = reverse("inspection_portal:task", args=[made.task.pk])
    index_url = reverse("inspection_portal:index")
    before = {url: warm(client, url) for url in (draw_url, task_url, index_url)}
    new = actions.redraw(acting_user=None, draw=made, reason="抽取时见证人未到场")
    for url in (draw_url, task_url):
        status, source, text = get(client, url)
        assert (status, source) == (200, "miss") and text != before[url], url
    assert reverse("inspection_portal:draw", args=[new.pk]) in get(client, task_url)[2]


def test_seed_entry_shows_on_the_cached_draw_page_at_once_R_INS_03(make_task, directory,
                                                                   inspectors_a):
    client = Client()
    draw = actions.publish_lists(acting_user=None, task=make_task(ratio=20))
    url = reverse("inspection_portal:draw", args=[draw.pk])
    assert "54321" not in warm(client, url)
    actions.enter_seed(acting_user=None, draw=draw, seed="54321", witness="县公证处 刘公证员")
    status, source, text = get(client, url)
    assert (status, source) == (200, "miss") and "54321" in text


def test_the_scan_and_report_pages_are_never_cached_R_INS_06(made):
    client = Client()
    assignment = made.assignments.first()
    for url in (reverse("inspection_portal:scan", args=[assignment.scan_code]),
                reverse("inspection_portal:report")):
        for _ in range(2):
            status, source, _text = get(client, url)
            assert status == 200 and source is None, url
