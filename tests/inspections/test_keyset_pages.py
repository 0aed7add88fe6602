"""Province scale (R-INS-01, R-PUB-10): the directory and the public results page are
walked by keyset cursors — no COUNT, no OFFSET — and every row appears exactly once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxiang.inspections import public_views, views
from sanxiang.inspections.models import Target

pytestmark = pytest.mark.django_db


def test_directory_walked_by_cursor_without_counting_R_INS_01(client_for, head_user_a,
                                                              directory, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    client = client_for(head_user_a)
    seen, url = [], reverse("inspections:directory")
    for _page in range(10):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert not any("COUNT(" in q["sql"].upper() and "inspections_target" in q["sql"]
                       for q in queries.captured_queries)
        seen += [code for code in re.findall(r'class="code">([^<]+)<', page)
                 if Target.objects.filter(code=code).exists()]
        found = re.search(r'href="\?q=&amp;after=([^"]+)" rel="next"', page)
        if not found:
            break
        url = reverse("inspections:directory") + "?after=" + found.group(1)
    codes = sorted(t.code for t in directory)
    assert seen == codes


def test_public_results_cursor_is_checked_and_not_counted_R_PUB_10(client, monkeypatch):
    monkeypatch.setattr(public_views, "PAGE_SIZE", 5)
    url = reverse("inspection_portal:results")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert client.get(url + "?after=2026-01-01_12").status_code == 200
    assert client.get(url + "?after=yesterday").status_code == 404
    assert client.get(url + "?after=2026-13-01_1").status_code == 404
