"""The statistics page on a small fixture: reviewer staffing (R-ORG-05) beside each body's
reviews — decided, pass rate, decisions corrected, average working days, overdue now."""

import pytest
from cases.engine_helpers import ago
from django.urls import reverse

from sanxiang.calendar import workdays
from sanxiang.review import stats

from .helpers import decide, not_ok, submitted, to_review

pytestmark = [pytest.mark.django_db, pytest.mark.urls("review.test_pages")]


@pytest.fixture
def fixture(body_a, body_b, officer_a1, officer_a2, officer_user_a, reviewer_user_a):
    officers = [officer_a1, officer_a2]
    # Case 1: sent back once (修改后再审), then approved — a decision corrected by review.
    corrected = to_review(body_a, officers)
    first = submitted(corrected, officer_user_a, on=ago(43), reviewer=reviewer_user_a)
    decide(first, reviewer_user_a, outcome="revise", findings=not_ok(), on=ago(40),
           opinion="证据不足，建议补充后再审。")
    second = submitted(corrected, officer_user_a, on=ago(40), reviewer=reviewer_user_a)
    decide(second, reviewer_user_a, on=ago(40))
    # Case 2: received 43 days ago and still waiting: overdue now (R-REV-07).
    waiting = to_review(body_a, officers, catalogue=False)
    submitted(waiting, officer_user_a, on=ago(43))
    return {"first": first, "second": second, "year": ago(40).year}


def test_numbers_per_body_R_ORG_05(fixture, supervisor_user, body_a, body_b):
    first, last = stats.period(fixture["year"])
    rows = {row.body.pk: row for row in stats.body_rows(supervisor_user, first, last)}
    a = rows[body_a.pk]
    assert (a.metrics.decided, a.metrics.passed, a.metrics.corrected) == (2, 1, 1)
    assert a.pass_rate == "50.0%"
    expected = workdays.count_workdays(ago(43), ago(40)).count / 2
    assert a.average_workdays == f"{expected:.1f}"
    assert a.metrics.open_overdue == 1
    assert not a.ratio.shortfall  # three officers, one of them a legal reviewer
    b = rows[body_b.pk]
    assert b.ratio.shortfall and b.metrics.decided == 0 and b.pass_rate == "—"


def test_statistics_page_for_supervisor_and_head(fixture, client_for, supervisor_user,
                                                 head_user_a, officer_user_a, body_a, body_b):
    url = reverse("review:statistics") + f"?year={fixture['year']}"
    page = client_for(supervisor_user).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    row_a = body.split(f'data-body="{body_a.pk}"')[1].split("</tr>")[0]
    assert '<td class="num decided">2</td>' in row_a
    assert '<td class="num pass-rate">50.0%</td>' in row_a
    assert '<td class="num corrected">1</td>' in row_a
    assert "status-bad" in row_a.split('class="num overdue"')[1]
    row_b = body.split(f'data-body="{body_b.pk}"')[1].split("</tr>")[0]
    assert 'class="shortfall"' in body.split(f'data-body="{body_b.pk}"')[1][:40]
    assert '<td class="num decided">0</td>' in row_b
    # The total row leaves no cell blank (the walk of ADR 0083): staffing summed, — where a
    # figure is not summed.
    total = body.split("<tfoot>")[1].split("</tfoot>")[0]
    assert "<td></td>" not in total and "<td colspan" not in total
    assert total.count('<td class="num">—</td>') == 2
    # The head sees their own body only; an officer does not see the page.
    head = client_for(head_user_a).get(url).content.decode()
    assert f'data-body="{body_a.pk}"' in head and f'data-body="{body_b.pk}"' not in head
    assert client_for(officer_user_a).get(url).status_code == 404
    assert client_for(supervisor_user).get(
        reverse("review:statistics") + "?year=abc").status_code == 404
