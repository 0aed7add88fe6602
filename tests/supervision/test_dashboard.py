"""The supervision dashboard (R-SUP-01): per body and total, jurisdiction only, each figure
a link to the records behind it; reconsideration and litigation outcomes (R-SUP-05)."""

from datetime import date, timedelta

import pytest
from cases.factories import make_case
from django.urls import reverse
from django.utils import timezone

from sanxiang.calendar import workdays
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.supervision import actions, dashboard

pytestmark = pytest.mark.django_db


def test_dashboard_counts_per_body_and_total_R_SUP_01(body_a, body_b, officers, officers_b,
                                                      supervisor_user):
    make_case(body_a, officers)
    make_case(body_a, officers)
    make_case(body_b, officers_b, field_code="SCJG")
    today = timezone.localdate()
    actions.file_complaint(body=body_a, kind="report", conduct="乱收费", anonymous=True,
                           filed_on=today - timedelta(days=20))
    board = dashboard.build(supervisor_user, today)
    lines = {line.body.pk: line for line in board.bodies}
    assert lines[body_a.pk].cases_open == 2 and lines[body_b.pk].cases_open == 1
    assert board.total.cases_open == 3
    assert lines[body_a.pk].complaints_open == 1 and lines[body_a.pk].complaints_overdue == 1
    assert board.total.complaints_overdue == 1
    assert sum(total for _c, _l, _counts, total in board.procedures) == 3


def test_dashboard_scoped_to_jurisdiction_R_SUP_01(body_a, body_b, officers, officers_b,
                                                   head_user_a, client_for, db):
    far = org_actions.create_user(acting_user=None, username="sup_far", password="x" * 12,
                                  full_name="钱进", roles=[Role.SUPERVISOR],
                                  jurisdiction="1302")
    make_case(body_b, officers_b, field_code="SCJG")
    assert dashboard.build(far, timezone.localdate()).bodies == []
    head_board = dashboard.build(head_user_a, timezone.localdate())
    assert [line.body for line in head_board.bodies] == [body_a]
    assert head_board.total.cases_open == 0
    page = client_for(head_user_a).get(reverse("supervision:dashboard"))
    assert page.status_code == 200 and body_b.name not in page.content.decode()


def test_every_figure_links_to_its_cases_R_SUP_01(body_a, officers, supervisor_user,
                                                  client_for):
    case = make_case(body_a, officers)
    client = client_for(supervisor_user)
    page = client.get(reverse("supervision:dashboard")).content.decode()
    link = f"{reverse('supervision:cases')}?state=open&amp;body={body_a.pk}"
    assert link in page
    listing = client.get(reverse("supervision:cases"), {"state": "open", "body": body_a.pk})
    assert case.number in listing.content.decode()


def test_officers_have_no_dashboard_R_SUP_01(officer_user_a, client_for):
    assert client_for(officer_user_a).get(reverse("supervision:dashboard")).status_code == 404


def test_overdue_review_cutoff_uses_working_days_R_SUP_01():
    today = date(2025, 10, 9)  # the first working day after the National Day holidays
    cutoff = dashboard.review_cutoff(today, 5)
    assert workdays.add_workdays(cutoff, 5).date < today
    assert workdays.add_workdays(cutoff + timedelta(days=1), 5).date >= today


def test_dashboard_queries_do_not_grow_with_cases_R_SUP_01(body_a, body_b, officers,
                                                           officers_b, supervisor_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    make_case(body_a, officers)
    with CaptureQueriesContext(connection) as few:
        dashboard.build(supervisor_user, today)
    for _n in range(4):
        make_case(body_a, officers)
        make_case(body_b, officers_b, field_code="SCJG")
    with CaptureQueriesContext(connection) as many:
        board = dashboard.build(supervisor_user, today)
    assert board.total.cases_open == 9
    assert len(many.captured_queries) == len(few.captured_queries)
