"""Rule-breaking scenarios written from 行政处罚法, 行政强制法, 行政许可法 and REQUIREMENTS.md
(issues 11 and 18): each tries to get an unlawful record accepted through the action layer,
and where the path exists through the API and the workbench form, and names the rule that
must stop it.
"""

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases import actions, deadlines
from sanxiang.cases.models import Case, StepRecord
from sanxiang.catalog import actions as catalog_actions
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import RulebookEntry

from .engine_helpers import ago, frozen_case, prepare, record, step, step_facts
from .factories import make_case, party_person

pytestmark = pytest.mark.django_db

APPROVAL = {"approval_opinion": "经审查，符合立案条件，同意立案。"}


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def refused(rule, call, /, *args, **kwargs):
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == rule, (raised.value.code, raised.value.message)
    return raised.value


def opened(case, on, user=None):
    return step(case, "open", on=on, user=user, to="investigate", data=dict(APPROVAL))


def to_statement(case, *, start=60, notify_on=45, fine="5000", kinds=("fine",)):
    opened(case, ago(start))
    step(case, "investigate", on=ago(start - 5), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    step(case, "investigation_report", on=ago(start - 10), to="notify",
         data={"proposed_kinds": list(kinds), "proposed_fine": fine, "summary": "建议罚款。"})
    hearing = (fine and Decimal(fine) >= 100000) or "suspend_business" in kinds
    step(case, "notify", on=ago(notify_on), to="hearing_offer" if hearing else "statement",
         data={"notified_kinds": list(kinds), "notified_fine": fine,
               "served_on": ago(notify_on)})
    case.refresh_from_db()
    return case


def api_step(client, case, payload):
    case.refresh_from_db()
    return client.post(f"/api/cases/{case.pk}/steps", json.dumps(
        {"step": case.current_step, "version": case.version, **payload}),
        content_type="application/json")


def form_step(client, case, done_on, to="", **data):
    case.refresh_from_db()
    fields = {"version": case.version, "done_on": done_on.isoformat(), "to": to,
              "officers": [c.officer_id for c in case.case_officers.all()]}
    fields.update({f"data_{k}": v for k, v in data.items()})
    return client.post(reverse("cases:step", args=[case.pk]), fields)


# ======================================================================================
# 1. Procedure fidelity


def test_opening_needs_the_heads_approval_R_CASE_13(body_a, officers, officer_user_a,
                                                    head_user_a, client_for):
    case = make_case(body_a, officers, days_ago=3)
    prepare(case, "open", on=ago(3))
    # An officer cannot approve the opening: action, API, form.
    with pytest.raises(PermissionDenied):
        actions.complete_step(acting_user=officer_user_a, case=case, step="open",
                              to="investigate", done_on=ago(3), data=dict(APPROVAL))
    response = api_step(client_for(officer_user_a), case,
                        {"done_on": ago(3).isoformat(), "to": "investigate", "data": APPROVAL})
    assert response.status_code in (403, 409)
    response = form_step(client_for(officer_user_a), case, ago(3), "investigate", **APPROVAL)
    assert response.status_code in (403, 409)
    assert not StepRecord.objects.filter(case=case).exists()
    # The head's approval without an opinion is refused; with one it opens the case, and
    # the platform stamps who approved and when.
    refused("DATA", actions.complete_step, acting_user=head_user_a, case=case, step="open",
            to="investigate", done_on=ago(3), data={})
    response = api_step(client_for(head_user_a), case,
                        {"done_on": ago(3).isoformat(), "to": "investigate", "data": APPROVAL})
    assert response.status_code == 200, response.content
    row = case.steps.get(step="open")
    assert row.data["approved_by"] == "孙志强" and row.data["approved_on"] == ago(3).isoformat()
    assert row.actor == head_user_a


def test_opening_refused_by_the_head_closes_the_case_R_CASE_13(body_a, officers, head_user_a):
    case = make_case(body_a, officers, days_ago=3)
    prepare(case, "open", on=ago(3))
    actions.complete_step(acting_user=head_user_a, case=case, step="open", to="not_opened",
                          done_on=ago(2), data={"approval_opinion": "证据不足，不予立案。"})
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.current_step == "not_opened"


def test_opening_within_the_period_from_discovery_R_CASE_13(body_a, officers, head_user_a):
    case = make_case(body_a, officers, days_ago=25, discovered_on=ago(45), violation_on=ago(50))
    prepare(case, "open", on=ago(25))
    error = refused("R-CASE-13", actions.complete_step, acting_user=head_user_a, case=case,
                    step="open", to="investigate", done_on=ago(25), data=dict(APPROVAL))
    assert "15" in error.message
    # A sector with a longer period (rulebook, e.g. 市场监管 30 days) may open it.
    RulebookEntry.objects.create(key="case.opening_days", body=body_a, value=30,
                                 effective_from=date(2020, 1, 1))
    actions.complete_step(acting_user=head_user_a, case=case, step="open", to="investigate",
                          done_on=ago(25), data=dict(APPROVAL))


def test_simple_procedure_offers_no_detention_R_CASE_01(body_a, officers, officer_user_a,
                                                        client_for):
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=0,
                     party=party_person())
    page = client_for(officer_user_a).get(reverse("cases:detail", args=[case.pk]))
    text = page.content.decode()
    assert "行政拘留" not in text and "吊销" not in text
    refused("R-CASE-01", step, case, "decide_on_spot", on=ago(0),
            data={"decided_kinds": ["detention"], "place": "路口"})
    # The facts the step form asks for (违法事实, provisions) are entered: only the fine is
    # over the simple procedure's limit.
    response = api_step(client_for(officer_user_a), case, {
        "done_on": ago(0).isoformat(),
        "data": step_facts(case, "decide_on_spot", {"decided_kinds": ["fine"],
                                                    "decided_fine": "201", "place": "路口"})})
    assert response.status_code == 409 and response.json()["code"] == "R-CASE-01"


def test_simple_procedure_limit_from_rulebook_R_CASE_01(body_a, officers):
    RulebookEntry.objects.create(key="simple.fine_limit_person", body=body_a, value=100,
                                 effective_from=date(2020, 1, 1))
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=0,
                     party=party_person())
    refused("R-CASE-01", step, case, "decide_on_spot", on=ago(0),
            data={"decided_kinds": ["fine"], "decided_fine": "150", "place": "路口"})


def test_on_the_spot_procedure_never_says_opening_R_CASE_01(body_a, officers, officer_user_a,
                                                            client_for):
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=0,
                     party=party_person())
    assert "立" not in case.number
    for s in case.workflow.steps:
        assert "立案" not in str(s.name)
    page = client_for(officer_user_a).get(reverse("cases:detail", args=[case.pk]))
    assert "立案" not in page.content.decode()


def _to_hearing_offer(body, officers):
    case = make_case(body, officers, days_ago=60)
    return to_statement(case, fine="150000", notify_on=3)


def test_hearing_not_requested_only_after_the_window_R_CASE_04(body_a, officers,
                                                               officer_user_a, client_for):
    case = _to_hearing_offer(body_a, officers)
    assert case.current_step == "hearing_offer"
    # Served yesterday: the 5 working days to ask for a hearing are still running.
    prepare(case, "hearing_offer", on=ago(1))
    data = {"served_on": ago(1)}
    refused("R-CASE-04", step, case, "hearing_offer", on=ago(0), to="statement", data=data)
    response = api_step(client_for(officer_user_a), case, {
        "done_on": ago(0).isoformat(), "to": "statement",
        "data": {"served_on": ago(1).isoformat()}})
    assert response.status_code == 409 and response.json()["code"] == "R-CASE-04"
    # The party's written waiver, recorded, lets the case go on.
    step(case, "hearing_offer", on=ago(0), to="statement",
         data={"served_on": ago(1), "waived_in_writing": True, "waived_on": ago(0)})


def test_hearing_not_requested_after_window_passed_R_CASE_04(body_a, officers):
    case = make_case(body_a, officers, days_ago=80)
    to_statement(case, start=80, fine="150000", notify_on=40)
    prepare(case, "hearing_offer", on=ago(40))
    step(case, "hearing_offer", on=ago(20), to="statement", data={"served_on": ago(40)})


def test_major_rights_flag_routes_to_legal_review_R_REV_02(body_a, officers):
    case = make_case(body_a, officers, days_ago=60, flags=["major_rights"])
    to_statement(case)
    refused("R-REV-02", step, case, "statement", on=ago(44), to="collective_discussion",
            data={"waived": True})
    refused("R-REV-02", step, case, "statement", on=ago(44), to="decide", data={"waived": True})
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})


def test_complex_flag_needs_collective_discussion_before_decision_R_REV_08(body_a, officers):
    case = make_case(body_a, officers, days_ago=60, flags=["serious"])
    to_statement(case)
    refused("R-REV-08", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})
    step(case, "statement", on=ago(44), to="collective_discussion", data={"waived": True})


def test_discussion_may_send_the_case_to_a_new_review_round_R_REV_08(body_a, officers):
    from sanxiang.cases.workflows import PENALTY_GENERAL

    targets = {t.to for t in PENALTY_GENERAL.step("collective_discussion").next}
    assert "legal_review" in targets


# ======================================================================================
# 2. Dates are facts (R-CASE-15)


def test_service_date_not_before_case_opening_R_CASE_15(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    opened(case, ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "检查"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    refused("R-CASE-15", step, case, "notify", on=ago(45), to="statement",
            data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(70)})


def test_service_date_not_before_the_notice_is_issued_R_CASE_15(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    opened(case, ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "检查"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    prepare(case, "notify", on=ago(45))
    refused("R-CASE-15", step, case, "notify", on=ago(45), to="statement",
            prepare_first=False,
            data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(48)})


def test_step_date_not_before_opening_R_CASE_15(body_a, officers):
    case = make_case(body_a, officers, days_ago=10)
    prepare(case, "open", on=ago(10))
    refused("R-CASE-15", step, case, "open", on=ago(12), to="investigate",
            prepare_first=False, data=dict(APPROVAL))


def test_recording_not_captured_before_case_opened_R_CASE_15(body_a, officers):
    case = make_case(body_a, officers, days_ago=10)
    refused("R-CASE-15", record, case, "investigate", on=ago(30))


def test_recording_must_be_captured_during_the_step_R_REC_03(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    opened(case, ago(60))
    record(case, "investigate", on=ago(59))  # the day after opening …
    step(case, "investigate", on=ago(30), to="investigation_report",
         data={"summary": "检查"}, recording=False)  # … still during the investigation
    case2 = make_case(body_a, officers, procedure="penalty_simple", days_ago=20,
                      party=party_person())
    record(case2, "decide_on_spot", on=ago(20))
    # The on-the-spot decision 10 days after the recording: not the recording of this act.
    refused("R-REC-03", step, case2, "decide_on_spot", on=ago(10), recording=False,
            data={"decided_kinds": ["warning"], "place": "路口"})


def test_upload_time_is_stamped_by_the_platform_R_REC_05(body_a, officers, officer_user_a):
    from sanxiang.records.actions import store_evidence_file

    case = make_case(body_a, officers, days_ago=10)
    start = timezone.make_aware(datetime.combine(ago(5), time(9, 0)))
    with pytest.raises((RuleViolation, TypeError)):
        store_evidence_file(
            acting_user=officer_user_a, case=case, path_or_bytes=b"\x00" * 64,
            filename="a.mp4", content_type="video/mp4",
            metadata={"step": "investigate", "kind": "video", "title": "视频", "proves": "经过",
                      "captured_from": start, "captured_to": start + timedelta(minutes=5),
                      "place": "车间", "captured_by": officers[0].pk, "device": "记录仪"},
            uploaded_at=start + timedelta(minutes=10))
    evidence = store_evidence_file(
        acting_user=officer_user_a, case=case, path_or_bytes=b"\x00" * 64,
        filename="a.mp4", content_type="video/mp4",
        metadata={"step": "investigate", "kind": "video", "title": "视频", "proves": "经过",
                  "captured_from": start, "captured_to": start + timedelta(minutes=5),
                  "place": "车间", "captured_by": officers[0].pk, "device": "记录仪",
                  "late_reason": "网络中断"})
    assert evidence.late  # five days after capture, stamped now


def test_list_version_never_takes_effect_before_publication_R_CASE_15(body_a, admin_user):
    catalogue = catalog_actions.get_or_create_catalogue(body=body_a, kind="review",
                                                        acting_user=admin_user)
    refused("R-PUB-02", catalog_actions.publish_version, catalogue=catalogue,
            acting_user=admin_user, effective_from=ago(5), note="首次公布",
            add=[{"criterion_kind": "flag", "flag": "complex", "description": "疑难复杂"}])


# ======================================================================================
# 3. Extensions and excluded periods rest on facts (R-CASE-05, -10, -16)


def test_extension_approved_after_the_period_expired_refused_R_CASE_16(body_a, officers,
                                                                       head_user_a):
    case = make_case(body_a, officers, days_ago=120)
    opened(case, ago(120))
    # 90 days from ago(120) ended 30 days ago: too late to extend it.
    refused("R-CASE-16", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-05", step="decide", amount=30, reason="案情复杂", approved_on=ago(5))
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-05",
                              step="decide", amount=30, reason="案情复杂", approved_on=ago(35))


def test_extension_date_not_in_the_future_R_CASE_15(body_a, officers, head_user_a):
    case = make_case(body_a, officers, days_ago=20)
    refused("R-CASE-15", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-05", step="decide", amount=30, reason="案情复杂",
            approved_on=ago(-3))


def test_excluded_period_names_its_cause_R_CASE_16(body_a, officers, officer_user_a):
    case = make_case(body_a, officers, days_ago=30)
    refused("R-CASE-16", actions.start_excluded_period, acting_user=officer_user_a, case=case,
            kind="testing", first=ago(20), last=ago(10), reason="送检", cause="")
    # A hearing period needs the hearing: none was requested in this case.
    refused("R-CASE-16", actions.start_excluded_period, acting_user=officer_user_a, case=case,
            kind="hearing", first=ago(20), last=ago(10), reason="听证",
            cause="听证通知书")
    period = actions.start_excluded_period(
        acting_user=officer_user_a, case=case, kind="testing", first=ago(20), last=ago(10),
        reason="委托检测样品", cause="滹阳县产品质量检验所 检验报告 JC-2026-031")
    assert period.cause.startswith("滹阳县")


def test_excluded_period_dates_bounded_R_CASE_15(body_a, officers, officer_user_a):
    case = make_case(body_a, officers, days_ago=30)
    refused("R-CASE-15", actions.start_excluded_period, acting_user=officer_user_a, case=case,
            kind="testing", first=ago(40), reason="送检", cause="检验报告 JC-1")
    refused("R-CASE-15", actions.start_excluded_period, acting_user=officer_user_a, case=case,
            kind="testing", first=ago(-2), reason="送检", cause="检验报告 JC-1")


def test_freezing_decision_reaches_the_party_within_three_days_R_CASE_10(body_a, officers):
    case = frozen_case(body_a, officers, days_ago=20)
    prepare(case, "serve_freezing", on=ago(18))
    refused("R-CASE-10", step, case, "serve_freezing", on=ago(10), to="unfreeze",
            data={"served_on": ago(10)})
    step(case, "serve_freezing", on=ago(18), to="unfreeze", data={"served_on": ago(18)})


def test_freezing_thirty_days_plus_one_extension_R_CASE_10(body_a, officers, head_user_a):
    case = frozen_case(body_a, officers, days_ago=45, served=44, to="extend_freezing")
    refused("R-CASE-10", actions.approve_extension, acting_user=head_user_a, case=case,
            rule="R-CASE-10", step="extend_freezing", amount=31, reason="查明中",
            approved_on=ago(20))
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend_freezing", amount=30, reason="涉案资金尚待查明",
                              approved_on=ago(20))
    step(case, "extend_freezing", on=ago(20))
    step(case, "unfreeze", on=ago(1), data={"summary": "解除冻结"})


# ======================================================================================
# 4. 受理 starts the licence clock (R-CASE-11, -16)


def test_acceptance_starts_the_licence_clock_R_CASE_11(body_a, officers):
    case = make_case(body_a, officers, procedure="licence", days_ago=20)
    step(case, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    step(case, "accept", on=ago(19), to="examine", data={})
    assert case.milestones.filter(event="application_accepted", on=ago(19)).exists()
    period = deadlines.deadline(case, "decide", "R-CASE-11")
    assert period is not None and period.start == ago(19)


def test_acceptance_deemed_on_receipt_when_not_told_in_time_R_CASE_16(body_a, officers):
    case = make_case(body_a, officers, procedure="licence", days_ago=40)
    step(case, "apply", on=ago(40), data={"matter": "危险化学品经营许可"})
    step(case, "accept", on=ago(20), to="examine", data={})
    # Not told within 5 working days what was missing: accepted on receipt (许可法 32).
    assert case.milestones.filter(event="application_accepted", on=ago(40)).exists()
    period = deadlines.deadline(case, "decide", "R-CASE-11")
    assert period.start == ago(40)


# ======================================================================================
# 5. 集体讨论 by criteria (R-CASE-17)


def _discussion_list(body, criteria):
    catalogue = catalog_actions.get_or_create_catalogue(body=body, kind="discussion",
                                                        acting_user=None)
    return catalog_actions.publish_version(catalogue=catalogue, acting_user=None,
                                           effective_from=date(2020, 1, 1), note="首次公布",
                                           add=list(criteria))


def test_discussion_criteria_evaluated_on_the_facts_R_CASE_17(body_a, officers):
    _discussion_list(body_a, [{"criterion_kind": "fine_threshold",
                               "party_kind": "organisation", "amount": "4000",
                               "description": "对法人处四千元以上罚款"}])
    case = make_case(body_a, officers, days_ago=60)
    to_statement(case, fine="5000")
    refused("R-REV-08", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})


def test_officer_may_add_a_discussion_never_remove_one_R_CASE_17(body_a, officers,
                                                                 officer_user_a):
    case = make_case(body_a, officers, days_ago=60)
    to_statement(case)
    actions.request_discussion(acting_user=officer_user_a, case=case,
                               reason="案情涉及多方利益，提请集体讨论。")
    refused("R-REV-08", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})


# ======================================================================================
# 6. 罚缴分离 (R-CASE-14)


def _decided(body, officers):
    case = make_case(body, officers, days_ago=60)
    to_statement(case)
    step(case, "statement", on=ago(44), to="decide", data={"waived": True})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    step(case, "serve", on=ago(29), to="execute", data={"served_on": ago(29),
                                                         "method": "direct"})
    return case


def test_payment_recorded_with_bank_and_receipt_R_CASE_14(body_a, officers):
    case = _decided(body_a, officers)
    refused("R-CASE-14", step, case, "execute", on=ago(20),
            data={"paid_on": ago(20), "paid_amount": "5000"})
    step(case, "execute", on=ago(20), data={
        "paid_on": ago(20), "paid_amount": "5000", "payment_channel": "bank",
        "collected_by": "中国农业银行滹阳县支行", "receipt_number": "FS130139-2026-0001"})


def test_on_the_spot_collection_only_within_the_law_R_CASE_14(body_a, officers):
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=15,
                     party=party_person())
    step(case, "decide_on_spot", on=ago(15),
         data={"decided_kinds": ["fine"], "decided_fine": "150", "place": "路口"})
    step(case, "deliver", on=ago(15), data={"served_on": ago(15)})
    refused("R-CASE-14", step, case, "execute", on=ago(15), data={
        "paid_on": ago(15), "paid_amount": "150", "payment_channel": "on_spot",
        "bill_number": "冀财罚 0001", "handed_in_on": ago(14)})
    record_ok = step(case, "execute", on=ago(15), data={
        "paid_on": ago(15), "paid_amount": "150", "payment_channel": "on_spot",
        "on_spot_ground": "hard_to_pay", "on_spot_reason": "偏远山区，当事人到银行缴纳确有困难",
        "bill_number": "冀财罚 0001", "handed_in_on": ago(1)})
    # Handed in two weeks after collection: late on any day the test runs, whatever rest
    # days fall between (two days to hand in, R-CASE-14).
    assert record_ok.data["hand_in_late"] is True


def test_on_the_spot_collection_needs_the_receipt_number_R_CASE_14(body_a, officers):
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=5,
                     party=party_person())
    step(case, "decide_on_spot", on=ago(5),
         data={"decided_kinds": ["fine"], "decided_fine": "50", "place": "路口"})
    step(case, "deliver", on=ago(5), data={"served_on": ago(5)})
    refused("R-CASE-14", step, case, "execute", on=ago(5), data={
        "paid_on": ago(5), "paid_amount": "50", "payment_channel": "on_spot"})


# ======================================================================================
# The same walls through the API and the workbench forms


def test_payment_without_receipt_refused_through_the_api_R_CASE_14(body_a, officers,
                                                                  officer_user_a, client_for):
    case = _decided(body_a, officers)
    response = api_step(client_for(officer_user_a), case, {
        "done_on": ago(20).isoformat(),
        "data": {"paid_on": ago(20).isoformat(), "paid_amount": "5000",
                 "payment_channel": "bank"}})
    assert response.status_code == 409 and response.json()["code"] == "R-CASE-14"
    response = form_step(client_for(officer_user_a), case, ago(20), paid_on=ago(20).isoformat(),
                         paid_amount="5000", payment_channel="on_spot")
    assert response.status_code == 409 and "R-CASE-14" in response.content.decode()
    assert not case.steps.filter(step="execute").exists()


def test_service_before_opening_refused_through_api_and_form_R_CASE_15(
        body_a, officers, officer_user_a, client_for):
    case = make_case(body_a, officers, days_ago=60)
    opened(case, ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "检查"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    prepare(case, "notify", on=ago(45))
    response = api_step(client_for(officer_user_a), case, {
        "done_on": ago(45).isoformat(), "to": "statement",
        "data": {"notified_kinds": ["fine"], "notified_fine": "5000",
                 "served_on": ago(61).isoformat()}})
    assert response.status_code == 409 and response.json()["code"] == "R-CASE-15"
    response = form_step(client_for(officer_user_a), case, ago(45), "statement",
                         notified_kinds="fine", notified_fine="5000",
                         served_on=ago(46).isoformat())
    assert response.status_code == 409 and "R-CASE-15" in response.content.decode()
    assert not case.steps.filter(step="notify").exists()


def test_excluded_period_without_cause_refused_on_the_page_R_CASE_16(
        body_a, officers, officer_user_a, client_for):
    case = make_case(body_a, officers, days_ago=30)
    client = client_for(officer_user_a)
    client.post(reverse("cases:period_start", args=[case.pk]),
                {"kind": "testing", "first": ago(10).isoformat(), "reason": "送检"})
    assert not case.excluded_periods.exists()
    client.post(reverse("cases:period_start", args=[case.pk]),
                {"kind": "testing", "first": ago(10).isoformat(), "reason": "送检",
                 "cause": "滹阳县产品质量检验所 检验报告 JC-2026-031"})
    assert case.excluded_periods.get().cause.endswith("JC-2026-031")


def test_hearing_waiver_recorded_through_the_form_R_CASE_04(body_a, officers, officer_user_a,
                                                            client_for):
    case = _to_hearing_offer(body_a, officers)
    prepare(case, "hearing_offer", on=ago(1))
    client = client_for(officer_user_a)
    response = form_step(client, case, ago(0), "statement", served_on=ago(1).isoformat())
    assert response.status_code == 409 and "R-CASE-04" in response.content.decode()
    response = form_step(client, case, ago(0), "statement", served_on=ago(1).isoformat(),
                         waived_in_writing="on", waived_on=ago(0).isoformat())
    assert response.status_code == 302
    assert case.steps.get(step="hearing_offer").data["waived_in_writing"] is True


def test_discussion_sends_the_case_to_a_new_review_round_R_REV_08(
        body_a, officers, officer_user_a, reviewer_user_a, head_user_a, client_for):
    from review.helpers import decide, not_ok, submitted, to_review

    from sanxiang.review import actions as review

    case = to_review(body_a, officers)
    first = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a,
                   outcome="rejected", findings=not_ok(), opinion="证据不足，不同意。")
    review.answer_rejection(acting_user=officer_user_a, submission=first, accept=False,
                            reason="现场照片和视频足以证明违法事实。", on=ago(39))
    people = [("孙志强", "局长", "补充证据后重新审核。"), ("李明", "副局长", "同意。"),
              ("赵芳", "法制科科长", "同意重新审核。")]
    data = {"held_on": ago(38).isoformat(), "reason": "disagreement", "review_again": "on",
            "conclusion": "经集体讨论，补充现场检查笔录后重新报送法制审核。",
            "chair": "孙志强", "recorder": "周文"}
    for i, (name, post, opinion) in enumerate(people, 1):
        data.update({f"name_{i}": name, f"post_{i}": post, f"opinion_{i}": opinion,
                     f"signed_{i}": "on"})
    response = client_for(head_user_a).post(reverse("review:discussion", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == "legal_review"
    second = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a, on=ago(37)),
                    reviewer_user_a, on=ago(36))
    assert second.round == 2
    case.refresh_from_db()
    assert case.current_step == "decide"


def test_officer_adds_a_discussion_on_the_page_R_CASE_17(body_a, officers, officer_user_a,
                                                         client_for):
    case = make_case(body_a, officers, days_ago=60)
    to_statement(case)
    client = client_for(officer_user_a)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "提请集体讨论" in page
    client.post(reverse("cases:discussion_request", args=[case.pk]), {"reason": ""})
    case.refresh_from_db()
    assert "discussion_requested" not in case.flags
    client.post(reverse("cases:discussion_request", args=[case.pk]),
                {"reason": "涉及多方利益，提请集体讨论。"})
    case.refresh_from_db()
    assert "discussion_requested" in case.flags
    refused("R-REV-08", step, case, "statement", on=ago(44), to="decide",
            data={"waived": True})
