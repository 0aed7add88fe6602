"""The case engine through the action layer: every rule of issue 4 by its ID.

Cases run through the real actions — documents issued and rendered, recordings stored —
with dates in the past so every deadline is computed from the working-day calendar.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from conftest import qualified_officer

from sanxiang.cases import actions, deadlines
from sanxiang.cases.models import Case, StepRecord
from sanxiang.catalog import actions as catalog_actions
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.identifiers import make_resident_id
from sanxiang.core.models import LedgerEvent

from .engine_helpers import OPENING_APPROVAL, ago, prepare, step
from .factories import make_case, party_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


# 罚缴分离 (R-CASE-14): paid at the designated bank, with its receipt.
BANK = {"payment_channel": "bank", "collected_by": "中国农业银行滹阳县支行",
        "receipt_number": "FS130139-2026-0001"}


def refused(rule, call, /, *args, **kwargs):
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == rule, raised.value.message
    return raised.value


def run_to_statement(case, *, notified_fine="5000", kinds=("fine",), notify_on=45, start=60):
    step(case, "open", on=ago(start))
    step(case, "investigate", on=ago(start - 5), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    step(case, "investigation_report", on=ago(start - 10), to="notify",
         data={"proposed_kinds": list(kinds), "proposed_fine": notified_fine,
               "summary": "建议罚款。"})
    hearing = (notified_fine and Decimal(notified_fine) >= 100000) or "suspend_business" in kinds
    step(case, "notify", on=ago(notify_on), to="hearing_offer" if hearing else "statement",
         data={"notified_kinds": list(kinds), "notified_fine": notified_fine,
               "served_on": ago(notify_on)})
    case.refresh_from_db()
    return case


# --------------------------------------------------------------------------------------
# Opening: limitation, officers, parties


def test_case_refused_after_limitation_period_R_CASE_07(body_a, officers):
    violation = ago(900)
    error = refused("R-CASE-07", make_case, body_a, officers, violation_on=violation,
                    discovered_on=ago(20))
    assert "2" in error.message and "年" in error.message
    assert not Case.objects.exists()
    # Harm to life or health: five years (处罚法 36).
    case = make_case(body_a, officers, violation_on=violation, discovered_on=ago(20),
                     serious_harm=True)
    assert case.number


def test_case_needs_two_qualified_officers_R_ORG_04(body_a, officer_a1):
    refused("R-ORG-04", make_case, body_a, [officer_a1])


def test_officer_without_the_category_refused_R_ORG_03(body_a, officer_a1, fields):
    outsider = qualified_officer(body_a, "孙强", ["YJGL"], "13010201009")
    refused("R-ORG-03", make_case, body_a, [officer_a1, outsider], field_code="AQSC")


def test_party_identifier_checked_at_opening(body_a, officers):
    bad = party_person(id_number="130139199001011234")
    error = refused("PARTY", make_case, body_a, officers, party=bad)
    assert "身份证" in error.message
    good = party_person(id_number=make_resident_id(region="130139", seq=5))
    assert make_case(body_a, officers, party=good).parties.get().id_number


def test_case_numbers_are_gap_free_per_body_and_year_R_REC_08(body_a, officers):
    numbers = [make_case(body_a, officers).number for _ in range(3)]
    assert len(set(numbers)) == 3
    serials = [int(n.split("〕")[1].rstrip("号")) for n in numbers]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]
    assert "立" in numbers[0] and f"〔{ago(10).year}〕" in numbers[0]


# --------------------------------------------------------------------------------------
# The general procedure end to end (R-CASE-02, R-REC-01, R-REC-03)


def test_general_procedure_runs_from_opening_to_archive_R_CASE_02(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60))
    step(case, "statement", on=ago(44), to="decide", data={"statement_made": True,
                                                           "summary": "当事人陈述已整改。"})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    step(case, "serve", on=ago(29), to="execute",
         data={"served_on": ago(29), "method": "direct"})
    step(case, "execute", on=ago(20), data={"paid_on": ago(20), "paid_amount": "5000",
                                            **BANK})
    step(case, "close", on=ago(10), data={"summary": "罚款已缴纳，结案。"})
    step(case, "archive", on=ago(5))
    case.refresh_from_db()
    assert case.state == Case.State.ARCHIVED and case.closed_on == ago(10)
    assert [r.step for r in case.steps.order_by("seq")] == [
        "open", "investigate", "investigation_report", "notify", "statement", "decide",
        "serve", "execute", "close", "archive"]
    # Every step and every document entered the ledger.
    seqs = set(case.steps.values_list("ledger_seq", flat=True))
    assert None not in seqs
    assert LedgerEvent.objects.filter(seq__in=seqs).count() == 10
    assert case.documents.count() >= 10
    refused("CASE", step, case, "archive", on=ago(1), prepare_first=False)


def test_step_blocked_without_its_documents_R_REC_01(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    error = refused("R-REC-01", step, case, "open", on=ago(60), prepare_first=False)
    assert "立案" in error.message


def test_investigation_blocked_without_recording_R_REC_03(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    step(case, "open", on=ago(60))
    error = refused("R-REC-03", step, case, "investigate", on=ago(55), to="investigation_report",
                    data={"summary": "检查"}, recording=False)
    assert "音像" in error.message or "录音录像" in error.message


def test_recording_exception_approved_by_head_lets_step_complete_R_REC_03(
        body_a, officers, officer_user_a, head_user_a):
    from sanxiang.records import actions as records

    case = make_case(body_a, officers, days_ago=60)
    step(case, "open", on=ago(60))
    exception = records.request_recording_exception(
        acting_user=officer_user_a, case=case, step="investigate",
        reason="执法记录仪故障，已由两名执法人员签字确认现场情况。")
    refused("R-REC-03", step, case, "investigate", on=ago(55), to="investigation_report",
            data={"summary": "检查"}, recording=False)
    with pytest.raises(PermissionDenied):
        records.decide_recording_exception(acting_user=officer_user_a, exception=exception,
                                           approved=True, reason="同意")
    records.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                       approved=True, reason="同意，补充书面说明。")
    step(case, "investigate", on=ago(55), to="investigation_report",
         data={"summary": "检查"}, recording=False)


def test_steps_follow_the_procedure_R_CASE_02(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    refused("R-CASE-02", step, case, "decide", on=ago(50), prepare_first=False)
    step(case, "open", on=ago(60))
    refused("R-CASE-02", step, case, "investigate", on=ago(55), to="decide",
            data={"summary": "x"})


# --------------------------------------------------------------------------------------
# Prior notice and statement (R-CASE-03)


def test_decision_blocked_while_statement_period_runs_R_CASE_03(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60), notify_on=1)
    step(case, "statement", on=ago(1), to="decide", data={"statement_made": False})
    error = refused("R-CASE-03", step, case, "decide", on=ago(0),
                    data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert error.details["explanation"]


def test_waived_statement_allows_decision_R_CASE_03(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60), notify_on=1)
    step(case, "statement", on=ago(1), to="decide", data={"waived": True})
    step(case, "decide", on=ago(0), data={"decided_kinds": ["fine"], "decided_fine": "5000"})


def test_penalty_never_heavier_than_notified_R_CASE_03(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60))
    step(case, "statement", on=ago(44), to="decide", data={"statement_made": False})
    refused("R-CASE-03", step, case, "decide", on=ago(30),
            data={"decided_kinds": ["fine"], "decided_fine": "8000"})
    refused("R-CASE-03", step, case, "decide", on=ago(30),
            data={"decided_kinds": ["fine", "suspend_business"], "decided_fine": "5000"})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "4000"})


# --------------------------------------------------------------------------------------
# Hearing (R-CASE-04)


def test_large_fine_must_be_offered_a_hearing_R_CASE_04(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "x"})
    step(case, "investigation_report", on=ago(50), to="notify", data={"summary": "x"})
    refused("R-CASE-04", step, case, "notify", on=ago(45), to="statement",
            data={"notified_kinds": ["suspend_business"], "served_on": ago(45)})


def test_hearing_request_after_five_working_days_refused_R_CASE_04(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60),
                            kinds=("suspend_business",), notified_fine=None)
    step(case, "hearing_offer", on=ago(44), to="hearing_request", data={"served_on": ago(44)})
    refused("R-CASE-04", step, case, "hearing_request", on=ago(30),
            data={"requested_on": ago(30)})


def test_hearing_noticed_seven_working_days_ahead_and_chair_not_investigator_R_CASE_04(
        body_a, officers, fields):
    chair = qualified_officer(body_a, "周敏", ["AQSC"], "13010201010")
    case = run_to_statement(make_case(body_a, officers, days_ago=60),
                            kinds=("suspend_business",), notified_fine=None)
    step(case, "hearing_offer", on=ago(44), to="hearing_request", data={"served_on": ago(44)})
    step(case, "hearing_request", on=ago(43), data={"requested_on": ago(43)})
    refused("R-CASE-04", step, case, "hearing_notice", on=ago(40),
            data={"served_on": ago(40), "hearing_on": ago(38), "chair": chair.pk})
    refused("R-CASE-04", step, case, "hearing_notice", on=ago(40),
            data={"served_on": ago(40), "hearing_on": ago(20), "chair": officers[0].pk})
    step(case, "hearing_notice", on=ago(40),
         data={"served_on": ago(40), "hearing_on": ago(20), "chair": chair.pk})


def test_decision_waits_for_requested_hearing_R_CASE_04(body_a, officers):
    case = run_to_statement(make_case(body_a, officers, days_ago=60),
                            kinds=("suspend_business",), notified_fine=None)
    step(case, "hearing_offer", on=ago(44), to="statement",
         data={"served_on": ago(44), "waived_in_writing": True, "waived_on": ago(44)})
    step(case, "statement", on=ago(35), to="decide", data={"statement_made": False})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["suspend_business"]})


# --------------------------------------------------------------------------------------
# Time limits (R-CASE-05, R-CASE-06, R-CASE-12)


def _to_decision(case, *, statement_on):
    run_to_statement(case, notify_on=statement_on + 1)
    step(case, "statement", on=ago(statement_on), to="decide", data={"waived": True})


def test_decision_after_ninety_days_refused_then_extension_R_CASE_05(
        body_a, officers, head_user_a, officer_user_a):
    case = make_case(body_a, officers, days_ago=100)
    step(case, "open", on=ago(100))
    step(case, "investigate", on=ago(95), to="investigation_report", data={"summary": "x"})
    step(case, "investigation_report", on=ago(90), to="notify", data={"summary": "x"})
    step(case, "notify", on=ago(20), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(20)})
    step(case, "statement", on=ago(19), to="decide", data={"waived": True})
    error = refused("R-CASE-05", step, case, "decide", on=ago(2),
                    data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert any("90" in line for line in error.details["explanation"])
    with pytest.raises(PermissionDenied):
        actions.approve_extension(acting_user=officer_user_a, case=case, rule="R-CASE-05",
                                  step="decide", amount=30, reason="案情复杂", approved_on=ago(12))
    refused("R-CASE-05", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-05", step="decide", amount=45, reason="案情复杂", approved_on=ago(12))
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-05",
                              step="decide", amount=30, reason="案情复杂，需补充鉴定。",
                              approved_on=ago(12))
    refused("R-CASE-05", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-05", step="decide", amount=10, reason="再次延长", approved_on=ago(12))
    case.refresh_from_db()
    step(case, "decide", on=ago(2), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    due = deadlines.deadline(case, "decide", "R-CASE-05")
    assert due.met and due.extension == 30
    assert any("30" in line for line in due.explanation())


def test_excluded_period_does_not_count_R_CASE_05(body_a, officers):
    case = make_case(body_a, officers, days_ago=100)
    before = deadlines.deadline(case, "decide", "R-CASE-05")
    actions.start_excluded_period(acting_user=None, case=case, kind="testing", first=ago(80),
                                  last=ago(61), reason="委托检测机构检测",
                                  cause="滹阳县产品质量检验所 检验报告 JC-2026-017")
    after = deadlines.deadline(case, "decide", "R-CASE-05")
    # Twenty days later than the period's own end, before either is moved off a weekend or
    # a holiday (which one falls on a rest day depends on the day the test runs).
    assert (after.result.moved_from or after.due) == \
        (before.result.moved_from or before.due) + timedelta(days=20)
    assert any("委托检测机构检测" in line for line in after.explanation())


def test_service_after_seven_working_days_refused_R_CASE_06(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    _to_decision(case, statement_on=40)
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    error = refused("R-CASE-06", step, case, "serve", on=ago(5), to="execute",
                    data={"served_on": ago(5), "method": "direct"})
    assert error.details["explanation"]


def test_electronic_service_needs_consent_R_CASE_06(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    _to_decision(case, statement_on=40)
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    refused("R-CASE-06", step, case, "serve", on=ago(29), to="execute",
            data={"served_on": ago(29), "method": "electronic"})


def test_late_payment_needs_surcharge_capped_at_fine_R_CASE_12(body_a, officers):
    case = make_case(body_a, officers, days_ago=89)
    run_to_statement(case, notify_on=78, start=89)
    step(case, "statement", on=ago(77), to="decide", data={"waived": True})
    step(case, "decide", on=ago(75), data={"decided_kinds": ["fine"], "decided_fine": "1000"})
    step(case, "serve", on=ago(74), to="execute",
         data={"served_on": ago(74), "method": "direct"})
    error = refused("R-CASE-12", step, case, "execute", on=ago(1),
                    data={"paid_on": ago(1), "paid_amount": "1000", **BANK})
    assert "2,000.00" in error.message or "2000.00" in error.message
    step(case, "execute", on=ago(1), data={"paid_on": ago(1), "paid_amount": "2000", **BANK})


# --------------------------------------------------------------------------------------
# Legal review gate (R-REV-02) and collective discussion (R-REV-08)


def _review_catalogue(body):
    catalogue = catalog_actions.get_or_create_catalogue(body=body, kind="review",
                                                        acting_user=None)
    catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2020, 1, 1), note="首次公布",
        add=[{"criterion_kind": "fine_threshold", "party_kind": "organisation",
              "amount": "3000", "description": "对法人或者其他组织处以三千元以上罚款"}])


def test_decision_blocked_without_review_R_REV_02(body_a, officers):
    _review_catalogue(body_a)
    case = run_to_statement(make_case(body_a, officers, days_ago=60))
    # The statement step itself sends the case to review ...
    refused("R-REV-02", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    # ... and the decision action refuses on every path until a review passed.
    Case.objects.filter(pk=case.pk).update(current_step="decide")
    case.refresh_from_db()
    error = refused("R-REV-02", step, case, "decide", on=ago(30),
                    data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert "三千元" in error.message


def test_decision_after_passed_review_R_REV_02(body_a, officers, reviewer_user_a, head_user_a):
    _review_catalogue(body_a)
    case = run_to_statement(make_case(body_a, officers, days_ago=60))
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    # The legal_review step is recorded only by the review actions (R-REV-02).
    refused("R-REV-02", step, case, "legal_review", user=reviewer_user_a, on=ago(40),
            to="decide", data={"review_outcome": "passed", "opinion": "同意。"})
    from sanxiang.review import actions as review
    from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

    submission = review.submit_for_review(
        acting_user=head_user_a, case=case, submitted_on=ago(43),
        materials={code: "见附件" for code in ALWAYS_REQUIRED})
    submission = review.assign_reviewer(acting_user=head_user_a, submission=submission,
                                        reviewer=reviewer_user_a)
    review.record_review(acting_user=reviewer_user_a, submission=submission,
                         findings={code: {"ok": True} for code in REVIEW_ITEMS},
                         outcome="passed", opinion="事实清楚，证据确凿，同意。",
                         decided_on=ago(40))
    step(case, "decide", user=head_user_a, on=ago(30),
         data={"decided_kinds": ["fine"], "decided_fine": "5000"})


def test_reviewer_who_is_case_officer_refused_R_REV_03(body_a, officers, fields,
                                                       reviewer_user_a):
    _review_catalogue(body_a)
    reviewer = reviewer_user_a.officer
    case = run_to_statement(make_case(body_a, [*officers, reviewer], days_ago=60))
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    refused("R-REV-03", step, case, "legal_review", user=reviewer_user_a, on=ago(40),
            to="decide", data={"review_outcome": "passed", "opinion": "同意"})


def test_complex_case_discussed_before_decision_R_REV_08(body_a, officers, head_user_a):
    from sanxiang.review import actions as review

    case = run_to_statement(make_case(body_a, officers, days_ago=60, flags=["complex"]))
    refused("R-REV-08", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})
    step(case, "statement", on=ago(44), to="collective_discussion", data={"waived": True})
    # The step is recorded from a filed discussion record only, never directly.
    refused("R-REV-08", step, case, "collective_discussion", on=ago(40),
            data={"attendees": "王建国、李明、赵芳", "conclusion": "同意罚款五千元。"})
    review.record_discussion(
        acting_user=head_user_a, case=case, held_on=ago(40), reason="complex",
        attendees=[{"name": "孙志强", "post": "局长", "signed": True},
                   {"name": "李明", "post": "副局长", "signed": True},
                   {"name": "赵芳", "post": "法制科科长", "signed": True}],
        chair="孙志强", recorder="周文",
        opinions=[{"name": "孙志强", "opinion": "同意。"}, {"name": "李明", "opinion": "同意。"},
                  {"name": "赵芳", "opinion": "同意。"}],
        conclusion="同意罚款五千元。")
    case.refresh_from_db()
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})


# --------------------------------------------------------------------------------------
# Recusal (R-CASE-09), permissions, concurrency


def test_recusal_decided_by_head_takes_officer_off_R_CASE_09(
        body_a, officers, fields, officer_user_a, head_user_a):
    third = qualified_officer(body_a, "吴磊", ["AQSC"], "13010201011")
    case = make_case(body_a, [*officers, third], days_ago=60)
    recusal = actions.apply_recusal(acting_user=officer_user_a, case=case, officer=third,
                                    applicant="party", reason="系当事人法定代表人的近亲属",
                                    applied_on=ago(59))
    with pytest.raises(PermissionDenied):
        actions.decide_recusal(acting_user=officer_user_a, recusal=recusal, granted=True,
                               reason="x", decided_on=ago(59))
    actions.decide_recusal(acting_user=head_user_a, recusal=recusal, granted=True,
                           reason="申请理由成立", decided_on=ago(59))
    prepare(case, "open", on=ago(58))
    refused("R-CASE-09", actions.complete_step, acting_user=None, case=case, step="open",
            done_on=ago(58), officers=[officers[0], third], data=dict(OPENING_APPROVAL))
    refused("R-CASE-09", actions.add_officer, acting_user=head_user_a, case=case,
            officer=third, on=ago(57))


def test_other_body_cannot_act_on_case(body_a, officers, officer_user_b):
    case = make_case(body_a, officers, days_ago=60)
    prepare(case, "open", on=ago(60))
    with pytest.raises(PermissionDenied):
        actions.complete_step(acting_user=officer_user_b, case=case, step="open",
                              done_on=ago(60))
    assert not Case.objects.visible_to(officer_user_b).filter(pk=case.pk).exists()


def test_decision_recorded_only_by_head(body_a, officers, officer_user_a):
    case = run_to_statement(make_case(body_a, officers, days_ago=60))
    step(case, "statement", on=ago(44), to="decide", data={"waived": True})
    with pytest.raises(PermissionDenied):
        step(case, "decide", user=officer_user_a, on=ago(30),
             data={"decided_kinds": ["fine"], "decided_fine": "5000"})


def test_stale_version_refused_and_nothing_written(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    prepare(case, "open", on=ago(60))
    seen = case.version
    # Another officer records something in between: the case's version moves on.
    actions.start_excluded_period(acting_user=None, case=case, kind="testing", first=ago(59),
                                  last=ago(58), reason="检测", cause="检验报告 JC-2026-018")
    before = StepRecord.objects.count()
    refused("CONFLICT", actions.complete_step, acting_user=None, case=case, step="open",
            done_on=ago(60), expected_version=seen)
    assert StepRecord.objects.count() == before


def test_future_date_refused(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    prepare(case, "open", on=ago(60))
    refused("DATE", actions.complete_step, acting_user=None, case=case, step="open",
            done_on=ago(-1))


# --------------------------------------------------------------------------------------
# Simple procedure (R-CASE-01), coercion (R-CASE-10), licences (R-CASE-11)


def test_simple_procedure_limits_R_CASE_01(body_a, officers):
    person = make_case(body_a, officers, procedure="penalty_simple", days_ago=1,
                       party=party_person())
    refused("R-CASE-01", step, person, "decide_on_spot", on=ago(1),
            data={"decided_kinds": ["fine"], "decided_fine": "300", "place": "路口"})
    refused("R-CASE-01", step, person, "decide_on_spot", on=ago(1),
            data={"decided_kinds": ["suspend_business"], "place": "路口"})
    step(person, "decide_on_spot", on=ago(1),
         data={"decided_kinds": ["fine"], "decided_fine": "200", "place": "路口"})
    company = make_case(body_a, officers, procedure="penalty_simple", days_ago=1)
    step(company, "decide_on_spot", on=ago(1),
         data={"decided_kinds": ["fine"], "decided_fine": "3000", "place": "厂区"})


def _seized(body, officers, days_ago):
    case = make_case(body, officers, procedure="coercion", days_ago=days_ago)
    step(case, "approve", on=ago(days_ago), to="seize", data={"measure": "扣押涉案危险化学品"})
    step(case, "seize", on=ago(days_ago), data={"items": "危险化学品 20 桶", "place": "仓库"})
    return case


def test_seizure_lifted_within_thirty_days_R_CASE_10(body_a, officers):
    case = _seized(body_a, officers, 49)
    step(case, "serve_seizure", on=ago(49), to="release", data={"served_on": ago(49)})
    # 30 days after a seizure 49 days ago: lifting it now is late.
    error = refused("R-CASE-10", step, case, "release", on=ago(1), data={"summary": "解除"})
    assert error.details["explanation"]


def test_seizure_extended_once_with_approval_R_CASE_10(body_a, officers, head_user_a):
    case = _seized(body_a, officers, 40)
    step(case, "serve_seizure", on=ago(40), to="extend", data={"served_on": ago(40)})
    # Without the head's approval the extension decision has no period to state (its own
    # refusal: test_compulsion); the step itself is refused too.
    refused("R-CASE-10", step, case, "extend", on=ago(15), prepare_first=False)
    refused("R-CASE-10", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-10", step="extend", amount=31, reason="检测未完成", approved_on=ago(15))
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend", amount=30, reason="检测结果尚未出具，需延长扣押。",
                              approved_on=ago(15))
    step(case, "extend", on=ago(15))
    step(case, "release", on=ago(1), data={"summary": "检测合格，解除扣押。"})


def test_no_enforcement_at_night_unless_urgent_R_CASE_10(body_a, officers):
    from datetime import datetime, time

    from django.utils import timezone

    case = make_case(body_a, officers, procedure="coercion", days_ago=20)
    step(case, "approve", on=ago(20), to="demand", data={"measure": "强制执行"})
    step(case, "demand", on=ago(19), to="enforcement_statement",
         data={"served_on": ago(19)})
    step(case, "enforcement_statement", on=ago(15), data={"summary": "当事人未陈述"})
    step(case, "enforcement_decision", on=ago(12), data={"served_on": ago(12)})
    night = timezone.make_aware(datetime.combine(ago(10), time(23, 30)))
    refused("R-CASE-10", step, case, "enforce", on=ago(10), data={"started_at": night})
    step(case, "enforce", on=ago(10), data={"started_at": night, "urgent": True,
                                            "urgent_reason": "危险化学品泄漏，危及周边居民安全"})


def test_licence_supplement_notice_lists_everything_in_time_R_CASE_11(body_a, officers):
    case = make_case(body_a, officers, procedure="licence", days_ago=20)
    step(case, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    refused("R-CASE-11", step, case, "accept", on=ago(19), to="supplement",
            data={"missing": ""})
    refused("R-CASE-11", step, case, "accept", on=ago(2), to="supplement",
            data={"missing": "安全评价报告"})
    step(case, "accept", on=ago(19), to="supplement",
         data={"missing": "安全评价报告；从业人员资格证明"})
