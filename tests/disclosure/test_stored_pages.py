"""What a public page the cache has not seen would compute is stored by the action that
changes it (issue 17, item 1; docs/adr/0074): a published decision's own part of its page
by its publication, deleted by its withdrawal or removal in the same transaction; a body's
year of the public statistics by the snapshot. A miss is then a fixed, small number of
queries whatever the number of decisions, bodies or cases (counted here, never timed).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disclosure.test_public_pages import make_disclosure, publish, withdraw
from sanxiang.core import public_cache
from sanxiang.disclosure import actions, public_pages, stats_snapshot
from sanxiang.disclosure.models import DecisionPage, Disclosure, StatisticsFigure

PARTY = "滹阳县宏达化工有限公司"


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    from cases.factories import make_case

    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


def _miss(client, url, **params):
    """(response, statements run) of a request the page cache has not seen."""
    with CaptureQueriesContext(connection) as ran:
        response = client.get(url, params)
    assert response.status_code == 200, url
    assert response[public_cache.CACHE_HEADER] == "miss", url
    return response, [q["sql"] for q in ran.captured_queries]


def test_publication_stores_the_page_and_withdrawal_deletes_it_R_PUB_04_R_PUB_06(
        client, page_cache, case_a, clerk_user_a):
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    stored = DecisionPage.objects.get(pk=decision.pk).html
    row = Disclosure.objects.select_related("body").get(pk=decision.pk)
    # What the publication stored is the decision's part as published, masked.
    assert stored == public_pages.render_own(row)
    assert row.masked_text.splitlines()[0][:20] in stored
    assert "13912345678" not in stored  # the witness's phone was masked (R-PUB-05)
    page, _ran = _miss(client, f"/decisions/{decision.pk}/")
    assert stored in page.content.decode()
    assert client.get(f"/decisions/{decision.pk}/")[public_cache.CACHE_HEADER] == "hit"

    withdraw(decision, clerk_user_a, "复议决定撤销原处罚决定")

    # Gone in the withdrawal's transaction, and the very next read shows the notice only.
    assert not DecisionPage.objects.filter(pk=decision.pk).exists()
    page, _ran = _miss(client, f"/decisions/{decision.pk}/")
    text = page.content.decode()
    assert "复议决定撤销原处罚决定" in text
    assert stored not in text and 'id="text-heading"' not in text
    assert client.get(f"/decisions/{decision.pk}/text.txt").status_code == 404


def test_removal_deletes_the_stored_page_R_PUB_07(client, page_cache, case_a,
                                                   clerk_user_a):
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    assert DecisionPage.objects.filter(pk=decision.pk).exists()
    row = Disclosure.objects.get(pk=decision.pk)
    removed = actions.remove_expired(now=row.public_until + timedelta(days=1))
    assert removed == 1
    assert not DecisionPage.objects.filter(pk=decision.pk).exists()
    assert client.get(f"/decisions/{decision.pk}/").status_code == 404


def test_a_decision_page_miss_is_two_statements_R_PUB_04(client, page_cache, case_a,
                                                          clerk_user_a):
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    _page, ran = _miss(client, f"/decisions/{decision.pk}/")
    # The cache's versions, then the decision with its body, entry, checkpoint and stored
    # page: nothing rendered from the decision's columns, nothing read per field.
    assert len(ran) == 2, ran
    assert "core_publicversion" in ran[0] and "disclosure_decisionpage" in ran[1]


def test_a_page_published_before_pages_were_stored_is_the_same_R_PUB_04(
        client, case_a, clerk_user_a):
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    stored = client.get(f"/decisions/{decision.pk}/").content
    DecisionPage.objects.filter(pk=decision.pk).delete()
    assert client.get(f"/decisions/{decision.pk}/").content == stored
    assert public_pages.fill() == 1 and public_pages.fill() == 0
    assert client.get(f"/decisions/{decision.pk}/").content == stored


def test_statistics_snapshot_stores_each_year_as_the_page_shows_it_R_PUB_09(
        client, page_cache, body_a, body_b):
    snapshot = stats_snapshot.take()
    year = stats_snapshot.ended_years(timezone.localdate())[0]
    for body in (body_a, body_b):
        stored = StatisticsFigure.objects.get(snapshot=snapshot, body=body, year=year,
                                              quarter=0).fragment
        assert stored == stats_snapshot.figures_html(
            *stats_snapshot.figures_of(snapshot, body, year), year)
    url = reverse("public_statistics:index")
    _miss(client, url, body=body_a.credit_code, year=year)  # the body list, once
    page, ran = _miss(client, url, body=body_b.credit_code, year=year)
    assert stored in page.content.decode()
    # The cache's versions, then one statement for the body, the newest snapshot and the
    # stored year, then the register's version (the body list kept under it): no figure
    # computed, no case or decision table read.
    assert len(ran) == 3, ran
    assert "disclosure_statisticsfigure" in ran[1] and "org_body" in ran[1]
    assert not any(t in sql for sql in ran
                   for t in ("disclosure_disclosure", "cases_case", "cases_steprecord"))
