"""The dashboard's pre-counted case figures (R-SUP-01, ADR 0028): kept by the case actions
in their transaction, equal to a recount of the cases after every kind of action, and the
dashboard's figures the same as when it counted the cases on every page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from cases.engine_helpers import OPENING_APPROVAL, ago, prepare, step
from cases.factories import make_case, party_person
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from sanxiang.cases import actions as case_actions
from sanxiang.cases import hooks
from sanxiang.cases.models import Case
from sanxiang.supervision import charts, dashboard, tallies
from sanxiang.supervision.models import CaseMonthTally, CaseTally

pytestmark = pytest.mark.django_db

BANK = {"payment_channel": "bank", "collected_by": "中国农业银行滹阳县支行",
        "receipt_number": "FS130139-2026-0001"}


def assert_recounted():
    assert tallies.differences() == []


def opening_across_a_month():
    """A proposal three days before last month began, approved five days later: the
    立案 day (and so the case's month) moves when the head approves (处罚法 54)."""
    first_of_last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(
        day=1)
    proposed = first_of_last_month - timedelta(days=3)
    return proposed, proposed + timedelta(days=5)


def test_tallies_equal_a_recount_after_every_kind_of_case_action_R_SUP_01(
        body_a, body_b, officers, officers_b, head_user_a):
    assert_recounted()
    proposed, approved = opening_across_a_month()
    today = timezone.localdate()
    # Create.
    case = make_case(body_a, officers, days_ago=(today - proposed).days)
    assert_recounted()
    assert CaseTally.objects.get(body=body_a, state="open").cases == 1
    # 立案 approved in another month: the case moves to the approval's month.
    step(case, "open", on=approved, user=head_user_a)
    assert_recounted()
    months = dict(CaseMonthTally.objects.filter(body=body_a).values_list("month", "opened"))
    assert months[tallies.month_of(approved)] == 1
    assert months.get(tallies.month_of(proposed), 0) == 0
    # The steps up to and including the decision with a fine.
    on = approved
    for code, to, data in (
            ("investigate", "investigation_report",
             {"summary": "现场检查发现未对重大危险源进行安全评估。"}),
            ("investigation_report", "notify",
             {"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款。"}),
            ("notify", "statement", {"notified_kinds": ["fine"], "notified_fine": "5000",
                                     "served_on": approved + timedelta(days=9)})):
        on += timedelta(days=3)
        step(case, code, on=on, to=to, data=data)
        assert_recounted()
    on += timedelta(days=4)
    step(case, "statement", on=on, to="decide", data={"waived": True})
    on += timedelta(days=1)
    step(case, "decide", on=on, data={"decided_kinds": ["fine"], "decided_fine": "4999.50"})
    assert_recounted()
    tally = CaseTally.objects.get(body=body_a, procedure="penalty_general", state="open")
    assert (tally.penalties, tally.fines_fen) == (1, 499950)
    assert CaseMonthTally.objects.get(body=body_a, month=tallies.month_of(on)).decided == 1
    # Service, execution, closing and archiving.
    on += timedelta(days=1)
    step(case, "serve", on=on, to="execute", data={"served_on": on, "method": "direct"})
    on += timedelta(days=2)
    step(case, "execute", on=on, data={"paid_on": on, "paid_amount": "4999.50", **BANK})
    on += timedelta(days=1)
    step(case, "close", on=on, data={"summary": "罚款已缴纳，结案。"})
    assert_recounted()
    step(case, "archive", on=on)
    assert_recounted()
    archived = CaseTally.objects.get(body=body_a, procedure="penalty_general",
                                     state="archived")
    assert (archived.cases, archived.penalties, archived.fines_fen) == (1, 1, 499950)
    assert CaseTally.objects.get(body=body_a, procedure="penalty_general",
                                 state="open").cases == 0

    # Withdrawal: the head refuses the 立案 (不予立案) and the case is closed.
    refused = make_case(body_a, officers, days_ago=3)
    prepare(refused, "open", on=ago(3))
    case_actions.complete_step(acting_user=head_user_a, case=refused, step="open",
                               to="not_opened", done_on=ago(2),
                               data={"approval_opinion": "证据不足，不予立案。"})
    assert_recounted()
    # Transfer (移送) to another authority, and cancellation (撤销立案), each to the archive.
    for ending, data in (("transfer", {"receiver": "滹阳县公安局", "reason": "涉嫌犯罪。"}),
                         ("cancel", {"reason": "违法事实不能成立。"})):
        other = make_case(body_b, officers_b, field_code="SCJG", days_ago=20)
        step(other, "open", on=ago(20), data=dict(OPENING_APPROVAL))
        step(other, "investigate", on=ago(15), to=ending, data={"summary": "查明"})
        step(other, ending, on=ago(10), to="archive", data=data)
        assert_recounted()
        step(other, "archive", on=ago(5))
        assert_recounted()
    # Another procedure: a simple-procedure fine decided on the spot.
    spot = make_case(body_a, officers, procedure="penalty_simple", days_ago=0,
                     party=party_person())
    step(spot, "decide_on_spot", on=ago(0), data={"decided_kinds": ["fine"],
                                                  "decided_fine": "50", "place": "路口"})
    assert_recounted()
    assert sum(CaseTally.objects.values_list("cases", flat=True)) == Case.objects.count() == 5


def test_dashboard_figures_equal_the_old_recount_R_SUP_01(
        body_a, body_b, officers, officers_b, supervisor_user, head_user_a):
    from disclosure.test_credit_export import decide_penalty

    from supervision.test_evaluation import inspection

    inspection(body_a, officers, days_ago=5, seed=41, late_upload=True)  # R-REC-05

    make_case(body_a, officers, days_ago=400)
    make_case(body_b, officers_b, field_code="SCJG", procedure="penalty_general", days_ago=3)
    decided = decide_penalty(body_a, officers, decided_ago=30, fine="1234.56")
    from sanxiang.supervision import actions as supervision_actions

    supervision_actions.record_outcome(
        acting_user=supervisor_user, case=decided, proceeding="litigation",
        forum="滹阳县人民法院", applied_on=ago(25), result="revoked", decided_on=ago(10))
    decide_penalty(body_a, officers, decided_ago=5, fine="20000")
    spot = make_case(body_b, officers_b, field_code="SCJG", procedure="penalty_simple",
                     days_ago=0, party=party_person())
    step(spot, "decide_on_spot", on=ago(0), data={"decided_kinds": ["fine"],
                                                  "decided_fine": "100", "place": "路口"})
    today = timezone.localdate()
    for user in (supervisor_user, head_user_a):
        new, old = dashboard.build(user, today), dashboard.build(user, today, recount=True)
        assert [line.body for line in new.bodies] == [line.body for line in old.bodies]
        for name in BodyFigures_fields():
            assert [getattr(line, name) for line in new.bodies] == [
                getattr(line, name) for line in old.bodies], name
            assert getattr(new.total, name) == getattr(old.total, name), name
        assert new.procedures == old.procedures and new.states == old.states
        assert charts.case_trends(user, today) == charts.case_trends(user, today,
                                                                     recount=True)
        assert charts.fine_trend(user, today) == charts.fine_trend(user, today, recount=True)
    board = dashboard.build(supervisor_user, today)
    # Outcomes are counted by the body copied onto them: the case's body.
    assert {line.body.pk: (line.outcomes, line.outcomes_lost) for line in board.bodies} == {
        body_a.pk: (1, 1), body_b.pk: (0, 0)}
    assert [line.late_uploads for line in board.bodies] == [1, 0]
    assert board.total.penalties == 3 and board.total.fines == Decimal("21334.56")
    assert board.total.cases == 6
    head = dashboard.build(head_user_a, today)
    assert head.total.cases == 4 and [line.body for line in head.bodies] == [body_a]


def BodyFigures_fields():
    return [*dashboard.BodyFigures.SUMMED, "reviewer_shortfall"]


def test_check_finds_a_wrong_tally_and_rebuild_repairs_it_R_SUP_01(body_a, body_b, officers,
                                                                    officers_b):
    make_case(body_a, officers)
    make_case(body_b, officers_b, field_code="SCJG")
    call_command("case_tally", "check")
    CaseTally.objects.filter(body=body_a).update(cases=F("cases") + 2)
    CaseMonthTally.objects.filter(body=body_b).delete()
    with pytest.raises(CommandError, match="2 case tally buckets differ"):
        call_command("case_tally", "check")
    call_command("case_tally", "rebuild")
    call_command("case_tally", "check")
    assert_recounted()


def test_the_tallies_follow_the_case_engine_through_its_hook_R_SUP_01():
    assert tallies.on_case_changed in hooks.handlers(hooks.CASE_CHANGED)
