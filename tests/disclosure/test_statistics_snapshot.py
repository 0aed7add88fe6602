"""The public statistics are stored snapshots (R-PUB-09, docs/adr/0050): every row of a
snapshot is what ``statistics.figures`` computes live; the public page and PDF show the
newest snapshot and say when it was taken; a new snapshot changes the cached page at once,
and a case write does not touch the page cache's shared rows."""

import json
import re
from datetime import date, timedelta

import pytest
from cases.engine_helpers import ago
from cases.factories import party_company
from django.urls import reverse
from django.utils import timezone

from sanxiang.core import public_cache
from sanxiang.core.models import PublicVersion
from sanxiang.core.pdf import has_cjk_font
from sanxiang.disclosure import statistics, stats_snapshot
from sanxiang.disclosure.models import StatisticsFigure, StatisticsSnapshot

from .test_credit_export import decide_penalty, disclosure_of, publish
from .test_statistics import inspect, item_list, officers  # noqa: F401 (fixtures)


def _charted(text: str, code: str) -> int:
    """The chart's value of category ``code`` on a public statistics page (its JSON)."""
    found = re.search(r'<script id="statistics-data" type="application/json">(.*?)</script>',
                      text)
    return json.loads(found.group(1))["values"][statistics.CATEGORY_CODES.index(code)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_credit_export")]

FIELDS = ("total", "simple", "general", "fines_wan", "confiscated_wan", "hearings", "reviews",
          "review_corrections", "transfers", "withdrawals")


def days_back_to(day: date) -> int:
    return (ago(0) - day).days


def live(body, year, quarter):
    f = statistics.figures(body, year, quarter or None)
    return {**{c.code: c.count for c in f.categories}, **{n: getattr(f, n) for n in FIELDS}}


def test_every_snapshot_row_is_the_live_figure_R_PUB_09_R_SUP_05(
        body_a, body_b, officers, item_list, clerk_user_a):  # noqa: F811
    from sanxiang.disclosure import actions as publication

    last_year = ago(0).year - 1
    first = decide_penalty(body_a, officers, decided_ago=days_back_to(date(last_year, 5, 10)),
                           fine="12345.67")
    decide_penalty(body_a, officers, decided_ago=days_back_to(date(last_year, 11, 3)),
                   fine="800", party=party_company(seed=22, name="滹阳县鑫盛物流有限公司"))
    inspect(body_a, officers, days_ago=days_back_to(date(last_year, 8, 20)))
    recent = decide_penalty(body_a, officers, decided_ago=30, fine="5000",
                            party=party_company(seed=23, name="滹阳县恒通建材有限公司"))
    disclosure = publish(recent, clerk_user_a)
    publication.withdraw(acting_user=clerk_user_a, disclosure=disclosure,
                         reason="复议机关撤销原处罚决定。", grounds="revoked")
    assert disclosure_of(first).decided_on.year == last_year

    years = [ago(0).year, last_year, last_year - 1]
    rows = stats_snapshot.compute(years)
    assert len(rows) == 2 * len(years) * 5  # every body, year and quarter, held or not
    shown = {code: row[code] for (body, year, q), row in rows.items() if body == body_a.pk
             and (year, q) == (last_year, 0) for code in statistics.CATEGORY_CODES}
    assert shown[statistics.PENALTY] == 2 and shown[statistics.INSPECTION] == 1
    assert shown[statistics.LEVY] is None  # not held: "—"
    for body in (body_a, body_b):
        for year in years:
            for quarter in (0, 1, 2, 3, 4):
                assert rows[body.pk, year, quarter] == live(body, year, quarter), (
                    body, year, quarter)


def test_public_page_shows_the_newest_snapshot_and_when_it_was_taken_R_PUB_09(
        client, page_cache, body_a, officers, item_list):  # noqa: F811
    last_year = ago(0).year - 1
    url = reverse("public_statistics:index")
    params = {"body": body_a.credit_code, "year": last_year}

    # No snapshot yet: the page says so, and the PDF is not offered as a figure of nothing.
    page = client.get(url, params)
    assert page.status_code == 200
    assert "统计数据正在生成" in page.content.decode()
    assert client.get(reverse("public_statistics:pdf",
                              args=[body_a.credit_code, last_year])).status_code == 404

    earlier = timezone.now() - timedelta(hours=2)
    stats_snapshot.take(earlier)
    page = client.get(url, params)
    text = page.content.decode()
    stamp = timezone.localtime(earlier)
    assert (f"统计截至{stamp.year}年{stamp.month}月{stamp.day}日 "
            f"{stamp:%H}时{stamp:%M}分") in text
    assert _charted(text, statistics.PENALTY) == 0
    assert client.get(url, params)[public_cache.CACHE_HEADER] == "hit"

    # A decision of last year: a case write moves no shared row of the page cache, so the
    # cached page (and its stated time) stays until the next snapshot.
    version = PublicVersion.objects.get(area=public_cache.STATISTICS).version
    decide_penalty(body_a, officers, decided_ago=days_back_to(date(last_year, 6, 1)))
    assert PublicVersion.objects.get(area=public_cache.STATISTICS).version == version
    again = client.get(url, params)
    assert again[public_cache.CACHE_HEADER] == "hit" and again.content.decode() == text

    # The next snapshot changes the page at once: the new figure and the new time.
    later = timezone.now()
    stats_snapshot.take(later)
    page = client.get(url, params)
    assert page[public_cache.CACHE_HEADER] == "miss"
    text = page.content.decode()
    stamp = timezone.localtime(later)
    assert f"统计截至{stamp.year}年{stamp.month}月{stamp.day}日 {stamp:%H}时{stamp:%M}分" in text
    assert _charted(text, statistics.PENALTY) == 1
    assert re.search(r"<td class=\"number\">1</td>", text)
    pdf = client.get(reverse("public_statistics:pdf", args=[body_a.credit_code, last_year]))
    assert pdf.status_code == 200 and has_cjk_font(pdf.content)

    # Only the newest snapshots are kept.
    stats_snapshot.take()
    assert StatisticsSnapshot.objects.count() == stats_snapshot.KEEP
    assert set(StatisticsFigure.objects.values_list("snapshot_id", flat=True).distinct()) == \
        set(StatisticsSnapshot.objects.values_list("pk", flat=True))


def test_public_page_reads_no_case_table_R_PUB_09(client, body_a, officers,  # noqa: F811
                                                  item_list):  # noqa: F811
    """The page reads the snapshot's five rows, not the decisions, cases and reviews."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stats_snapshot.take()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("public_statistics:index"),
                          {"body": body_a.credit_code, "year": ago(0).year - 1})
    assert page.status_code == 200 and "统计截至" in page.content.decode()
    read = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("disclosure_disclosure", "cases_case", "cases_steprecord",
                  "review_submission", "inspections_result"):
        assert table not in read, table


def test_body_list_is_every_body_with_the_chosen_one_marked_R_PUB_09(client, page_cache,
                                                                     body_a, body_b):
    """The body choice lists every body (escaped, in region and name order) and marks the
    chosen one; a renamed body shows at once (the list is kept under the register's
    version)."""
    from sanxiang.org import actions as org_actions

    stats_snapshot.take()
    url = reverse("public_statistics:index")
    text = client.get(url, {"body": body_b.credit_code}).content.decode()
    assert f'<option value="{body_b.credit_code}" selected>{body_b.name}</option>' in text
    assert f'<option value="{body_a.credit_code}">{body_a.name}</option>' in text
    assert text.count(" selected>") == 2  # the body and the year
    org_actions.update_body(acting_user=None, body=body_a, name="滹阳县应急管理局<新>")
    text = client.get(url).content.decode()
    assert "滹阳县应急管理局&lt;新&gt;</option>" in text
    assert text.count(" selected>") == 1  # the year only
