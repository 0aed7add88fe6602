"""The overdue board: publication due within 7 working days (R-PUB-04), lateness counted
in working days over the holiday calendar, withdrawals due within 3 working days
(R-PUB-06), per body, scoped to the user."""

from datetime import date

import pytest
from cases.engine_helpers import ago
from cases.factories import party_company
from django.urls import reverse
from django.utils import timezone

from sanxiang.calendar import workdays
from sanxiang.disclosure import actions as publication
from sanxiang.disclosure import overdue
from sanxiang.disclosure.models import Disclosure

from .test_credit_export import decide_penalty, disclosure_of, publish

pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_credit_export")]


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def test_lateness_skips_the_national_day_holiday_R_PUB_04():
    # Due Tuesday 30 September 2025; 1–8 October are the National Day and Mid-autumn
    # holidays, so on Thursday 9 October the record is one working day late, not nine.
    line = overdue.line_for(Disclosure(), date(2025, 9, 30), date(2025, 10, 9))
    assert line.late and line.late_workdays == 1
    line = overdue.line_for(Disclosure(), date(2025, 10, 9), date(2025, 9, 30))
    assert not line.late and line.workdays_left == 1
    line = overdue.line_for(Disclosure(), date(2025, 9, 30), date(2025, 9, 30))
    assert not line.late and line.workdays_left == 0


def test_late_publication_on_the_board_in_working_days_R_PUB_04(
        body_a, officers, clerk_user_a):
    late = decide_penalty(body_a, officers, decided_ago=30)
    fresh = decide_penalty(body_a, officers, decided_ago=0,
                           party=party_company(seed=31, name="滹阳县鑫盛物流有限公司"))
    today = timezone.localdate()
    board = overdue.board(clerk_user_a, today)
    lines = {line.disclosure.case_id: line for line in board.publications}
    late_line, fresh_line = lines[late.pk], lines[fresh.pk]
    due = disclosure_of(late).due_on
    assert due == workdays.add_workdays(late.decided_on, 7).date
    assert late_line.late
    assert late_line.late_workdays == workdays.count_workdays(due, today).count > 0
    assert not fresh_line.late and fresh_line.workdays_left == 7
    assert [line.disclosure.case_id for line in board.late_publications] == [late.pk]
    [row] = board.bodies
    assert (row.body, row.due, row.late) == (body_a, 2, 1)
    assert row.most_late == late_line.late_workdays


def test_published_decision_leaves_the_board_R_PUB_04(body_a, officers, clerk_user_a):
    case = decide_penalty(body_a, officers, decided_ago=30)
    publish(case, clerk_user_a, on=ago(1))
    board = overdue.board(clerk_user_a, timezone.localdate())
    assert board.publications == [] and board.bodies == []


def test_withdrawals_due_and_late_R_PUB_06(body_a, officers, clerk_user_a):
    case = decide_penalty(body_a, officers, decided_ago=30)
    publish(case, clerk_user_a)
    publication.mark_withdrawal_needed(case=case, grounds="revoked", on=ago(10))
    today = timezone.localdate()
    board = overdue.board(clerk_user_a, today)
    [line] = board.withdrawals
    assert line.due == workdays.add_workdays(ago(10), 3).date
    assert line.late and line.late_workdays == workdays.count_workdays(line.due, today).count
    assert board.late_withdrawals == [line]
    assert board.bodies[0].withdrawals_due == 1 and board.bodies[0].withdrawals_late == 1
    # Once withdrawn it is done.
    publication.withdraw(acting_user=clerk_user_a, disclosure=line.disclosure,
                         reason="复议机关撤销原处罚决定。", on=today, grounds="revoked")
    assert overdue.board(clerk_user_a, today).withdrawals == []


def test_board_page_scoped_by_role_R_PUB_04(body_a, body_b, officers, clerk_user_a,
                                            supervisor_user, officer_user_a, client_for):
    case = decide_penalty(body_a, officers, decided_ago=30)
    number = disclosure_of(case).document_number
    page = client_for(clerk_user_a).get(reverse("disclosure_reports:board"))
    assert page.status_code == 200
    text = page.content.decode()
    assert number in text
    assert "工作日" in text or "working day" in text
    page = client_for(supervisor_user).get(reverse("disclosure_reports:board"))
    assert page.status_code == 200 and number in page.content.decode()
    assert client_for(officer_user_a).get(
        reverse("disclosure_reports:board")).status_code == 403
