"""重大执法决定法制审核 through the actions, one test per rule (R-REV-01 … R-REV-09).

Cases run through the real case engine: documents rendered and numbered, ledger events
appended; dates lie in the past so deadlines come from the working-day calendar.
"""

import json
from datetime import date

import pytest
from cases.engine_helpers import ago, prepare, step
from conftest import qualified_officer
from django.contrib.admin.sites import site
from django.urls import reverse

from sanxiang.cases import actions as case_actions
from sanxiang.cases.guards import review_passed
from sanxiang.cases.models import Case, Document, Milestone, StepRecord
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent, RulebookEntry
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.records.casefile import completeness
from sanxiang.review import actions as review
from sanxiang.review.metrics import review_metrics
from sanxiang.review.models import Discussion, Submission
from sanxiang.review.rules import REVIEW_ITEMS, review_required_for
from sanxiang.review.trace import responsibility

from .helpers import ALL_OK, MATERIALS, OPINION, decide, not_ok, submitted, to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def refused(rule, call, /, *args, **kwargs):
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == rule, raised.value.message
    return raised.value


def events(kind):
    return LedgerEvent.objects.filter(kind=kind)


def _reviewer_user(body, name, number, *, qualified=True, username="reviewer_x"):
    officer = qualified_officer(body, name, ["AQSC", "YJGL"], number, is_reviewer=True)
    if not qualified:
        officer.legal_qualification = False
        officer.save(update_fields=["legal_qualification"])
    return org_actions.create_user(acting_user=None, username=username,
                                   password="Sanxiang-Test-2026!", full_name=name,
                                   roles=[Role.REVIEWER], officer=officer)


# --------------------------------------------------------------------------------------
# R-REV-01: which criterion matched


def test_matching_criterion_shown_R_REV_01(body_a, officers, head_user_a):
    case = to_review(body_a, officers)
    criteria = review_required_for(case)
    assert [c.description for c in criteria] == ["对法人或者其他组织处以三千元以上罚款"]
    assert case in review.cases_awaiting_review(body_a)
    # Below the threshold nothing matches: the same predicate says so for the decision.
    assert review_required_for(case, kinds=["fine"], fine="2000") == []
    # The refusal names the criterion that matched.
    Case.objects.filter(pk=case.pk).update(current_step="decide")
    case.refresh_from_db()
    error = refused("R-REV-02", step, case, "decide", user=head_user_a, on=ago(30),
                    data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert "三千元以上罚款" in error.message
    assert error.details["criteria"] == ["对法人或者其他组织处以三千元以上罚款"]


# --------------------------------------------------------------------------------------
# R-REV-02: the gate on every path


def test_gate_refuses_direct_review_step_on_every_path_R_REV_02(
        body_a, officers, reviewer_user_a, officer_user_a, client_for):
    case = to_review(body_a, officers)
    data = {"review_outcome": "passed", "opinion": "同意"}
    prepare(case, "legal_review", user=reviewer_user_a, on=ago(40), data=data)
    case.refresh_from_db()
    # The action, for a reviewer and for the platform itself (the demo loader, imports).
    refused("R-REV-02", case_actions.complete_step, acting_user=reviewer_user_a, case=case,
            step="legal_review", to="decide", done_on=ago(40), data=data)
    refused("R-REV-02", case_actions.complete_step, acting_user=None, case=case,
            step="legal_review", to="decide", done_on=ago(40), data=data)
    # A real but undecided round is no licence either.
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    refused("R-REV-02", case_actions.complete_step, acting_user=reviewer_user_a, case=case,
            step="legal_review", to="decide", done_on=ago(40),
            data={**data, "submission": submission.pk})
    # The workbench page.
    client = client_for(reviewer_user_a)
    response = client.post(reverse("cases:step", args=[case.pk]), {
        "version": case.version, "done_on": ago(40).isoformat(), "to": "decide",
        "data_review_outcome": "passed", "data_opinion": "同意",
        "officers": [o.pk for o in officers]})
    assert response.status_code == 409
    assert "R-REV-02" in response.content.decode()
    # The API.
    response = client.post(f"/api/cases/{case.pk}/steps", json.dumps({
        "step": "legal_review", "to": "decide", "done_on": ago(40).isoformat(),
        "data": data, "version": case.version}), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "R-REV-02"
    assert not StepRecord.objects.filter(case=case, step="legal_review").exists()
    case.refresh_from_db()
    assert case.current_step == "legal_review"


def test_decision_refused_until_review_passed_R_REV_02(body_a, officers, reviewer_user_a,
                                                       officer_user_a, head_user_a):
    case = to_review(body_a, officers)
    # Forced to the decision step (as a bad import would), the decision is still refused.
    Case.objects.filter(pk=case.pk).update(current_step="decide")
    case.refresh_from_db()
    refused("R-REV-02", step, case, "decide", user=head_user_a, on=ago(30),
            data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert [f.rule for f in completeness(case)].count("R-REV-02") == 1
    Case.objects.filter(pk=case.pk).update(current_step="legal_review")
    case.refresh_from_db()
    decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a)
    case.refresh_from_db()
    assert case.current_step == "decide" and review_passed(case)
    step(case, "decide", user=head_user_a, on=ago(30),
         data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    assert "R-REV-02" not in [f.rule for f in completeness(case)]


def test_admin_is_read_only_R_REV_02(body_a, officers, reviewer_user_a, officer_user_a,
                                     client_for):
    case = to_review(body_a, officers)
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    for model in (Submission, Discussion):
        model_admin = site._registry[model]
        assert not model_admin.has_change_permission(None, None)
        assert not model_admin.has_add_permission(None)
        assert not model_admin.has_delete_permission(None, None)
    from sanxiang.org.models import User

    root = User.objects.create_superuser("root", "root@example.org", "x-Secret-2026!")
    client = client_for(root)
    url = reverse("admin:review_submission_change", args=[submission.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"state": "decided", "outcome": "passed"})
    submission.refresh_from_db()
    assert submission.state == Submission.State.REVIEWING and submission.outcome == ""


# --------------------------------------------------------------------------------------
# R-REV-03: independence and qualification


def test_officer_on_case_cannot_review_R_REV_03(body_a, officers, fields, officer_user_a,
                                               head_user_a, reviewer_user_a):
    reviewer_officer = reviewer_user_a.officer
    case = to_review(body_a, [*officers, reviewer_officer])
    submission = submitted(case, officer_user_a)
    refused("R-REV-03", review.assign_reviewer, acting_user=head_user_a,
            submission=submission, reviewer=reviewer_user_a)
    # A user without the reviewer role, even the head, is refused as reviewer.
    refused("R-REV-03", review.assign_reviewer, acting_user=head_user_a,
            submission=submission, reviewer=head_user_a)
    # An officer may not assign the review.
    with pytest.raises(PermissionDenied):
        review.assign_reviewer(acting_user=officer_user_a, submission=submission,
                               reviewer=reviewer_user_a)


def test_past_officer_on_case_cannot_review_R_REV_03(body_a, officers, fields,
                                                    officer_user_a, head_user_a):
    other = _reviewer_user(body_a, "钱敏", "13010201021")
    case = to_review(body_a, [*officers, other.officer])
    row = case.case_officers.get(officer=other.officer)
    type(row).objects.filter(pk=row.pk).update(removed_on=ago(50), removed_reason="调岗")
    refused("R-REV-03", review.assign_reviewer, acting_user=head_user_a,
            submission=submitted(case, officer_user_a), reviewer=other)


def test_first_time_reviewer_needs_legal_qualification_R_REV_03(
        body_a, officers, fields, officer_user_a, head_user_a, reviewer_user_a):
    novice = _reviewer_user(body_a, "郭静", "13010201022", qualified=False)
    case = to_review(body_a, officers)
    submission = submitted(case, officer_user_a)
    error = refused("R-REV-03", review.assign_reviewer, acting_user=head_user_a,
                    submission=submission, reviewer=novice)
    assert "法律职业资格" in error.message or "qualification" in error.message
    # Self-assignment by a qualified reviewer; another user may not record the opinion.
    submission = review.assign_reviewer(acting_user=reviewer_user_a, submission=submission,
                                        reviewer=reviewer_user_a)
    with pytest.raises(PermissionDenied):
        decide(submission, head_user_a)


# --------------------------------------------------------------------------------------
# R-REV-04: materials


def test_incomplete_submission_returned_and_resubmitted_R_REV_04(body_a, officers,
                                                                 officer_user_a):
    case = to_review(body_a, officers)
    partial = {k: v for k, v in MATERIALS.items() if k not in ("benchmark", "draft_decision")}
    first = review.submit_for_review(acting_user=officer_user_a, case=case,
                                     materials=partial, submitted_on=ago(43))
    assert first.state == Submission.State.RETURNED
    assert first.missing == ["benchmark", "draft_decision"] and first.received_on is None
    assert events(EventKind.REVIEW_RETURNED).count() == 1
    assert review.review_deadline(first) is None
    assert not Milestone.objects.filter(case=case, event="review_received").exists()
    second = review.submit_for_review(acting_user=officer_user_a, case=case,
                                      materials=MATERIALS, submitted_on=ago(42))
    assert (second.round, second.previous_id, second.state) == (2, first.pk, "pending")
    assert second.received_on == ago(42)
    assert Milestone.objects.get(case=case, event="review_received").on == ago(42)
    # One round at a time.
    refused("R-REV-06", review.submit_for_review, acting_user=officer_user_a, case=case,
            materials=MATERIALS, submitted_on=ago(42))


def test_expert_reports_needed_after_an_expert_review_R_REV_04(body_a, officers,
                                                             officer_user_a):
    case = to_review(body_a, officers)
    case_actions.start_excluded_period(acting_user=officer_user_a, case=case,
                                       kind="expert_review", first=ago(50), last=ago(46),
                                       reason="委托专家论证",
                                       cause="省应急管理专家库专家论证意见书")
    returned = submitted(case, officer_user_a)
    assert returned.missing == ["expert_reports"]


def test_only_case_staff_submit_R_REV_04(body_a, officers, reviewer_user_a):
    case = to_review(body_a, officers)
    with pytest.raises(PermissionDenied):
        submitted(case, reviewer_user_a)


# --------------------------------------------------------------------------------------
# R-REV-05: every item gets a finding


def test_every_item_needs_a_finding_R_REV_05(body_a, officers, officer_user_a,
                                             reviewer_user_a):
    case = to_review(body_a, officers)
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    partial = {k: v for k, v in ALL_OK.items() if k != "crime_transfer"}
    error = refused("R-REV-05", decide, submission, reviewer_user_a, findings=partial)
    assert error.details["missing"] == ["crime_transfer"]
    unexplained = {**ALL_OK, "facts_clear": {"ok": False}}
    refused("R-REV-05", decide, submission, reviewer_user_a, findings=unexplained,
            outcome="revise")
    refused("R-REV-05", decide, submission, reviewer_user_a, findings=not_ok())
    refused("R-REV-06", decide, submission, reviewer_user_a, opinion="  ")
    assert len(REVIEW_ITEMS) == 10
    submission.refresh_from_db()
    assert submission.state == Submission.State.REVIEWING
    assert not Document.objects.filter(case=case, doc_type="legal_review_opinion").exists()


# --------------------------------------------------------------------------------------
# R-REV-06: opinion document, rounds


def test_opinion_numbered_in_ledger_and_rounds_linked_R_REV_06(
        body_a, officers, officer_user_a, reviewer_user_a, head_user_a):
    case = to_review(body_a, officers)
    first = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a),
                   reviewer_user_a, outcome="revise", findings=not_ok(), on=ago(41),
                   opinion="证据不足，建议补充当事人签字确认后再审。")
    case.refresh_from_db()
    assert case.current_step == "legal_review" and not review_passed(case)
    document = first.opinion_document
    assert document.number and document.ledger_seq and document.digest
    assert document.data["values"]["review_outcome"] == "revise"
    assert "现场检查笔录未经当事人签字确认" in document.data["values"]["findings"]
    assert document.data["values"]["_findings"]["evidence_sufficient"]["ok"] is False
    assert json.loads(events(EventKind.REVIEW_DECIDED).get().payload)["document"] == document.number
    second = decide(submitted(case, officer_user_a, on=ago(41), reviewer=reviewer_user_a),
                    reviewer_user_a, on=ago(40))
    assert (second.round, second.previous_id) == (2, first.pk)
    assert second.opinion_document.number != document.number
    assert [s.outcome for s in review.rounds(case)] == ["revise", "passed"]
    case.refresh_from_db()
    assert case.current_step == "decide"
    record = StepRecord.objects.get(case=case, step="legal_review")
    assert record.data["submission"] == str(second.pk) and record.actor == reviewer_user_a


# --------------------------------------------------------------------------------------
# R-REV-07: time limit


def test_deadline_extension_and_overdue_R_REV_07(body_a, officers, officer_user_a,
                                                 reviewer_user_a, head_user_a):
    case = to_review(body_a, officers)
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    deadline = review.review_deadline(submission)
    assert deadline.amount == 5 and deadline.result.count == 5
    assert deadline.due > ago(43) and deadline.overdue  # still open weeks later
    assert any("R-REV-07" in line for line in deadline.explanation())
    with pytest.raises(PermissionDenied):
        review.extend_review(acting_user=reviewer_user_a, submission=submission,
                             reason="案情复杂", approved_on=ago(42))
    refused("R-REV-07", review.extend_review, acting_user=head_user_a, submission=submission,
            reason=" ", approved_on=ago(42))
    extended = review.extend_review(acting_user=head_user_a, submission=submission,
                                    reason="案情复杂，需调阅外单位材料", approved_on=ago(42))
    longer = review.review_deadline(extended)
    assert extended.extension_workdays == 3 and longer.result.count == 8
    assert longer.due > deadline.due
    assert any("3" in line for line in longer.explanation())
    refused("R-REV-07", review.extend_review, acting_user=head_user_a, submission=extended,
            reason="再次延长", approved_on=ago(41))
    assert events(EventKind.REVIEW_EXTENDED).count() == 1
    done = decide(extended, reviewer_user_a, on=ago(40))
    assert not review.review_deadline(done).overdue


def test_body_sets_its_own_review_period_R_REV_07(body_a, body_b, officers, officer_user_a):
    RulebookEntry.objects.create(key="review.workdays", value=7, body=body_a,
                                 effective_from=date(2020, 1, 1), note="本省规定七个工作日")
    case = to_review(body_a, officers)
    submission = submitted(case, officer_user_a)
    assert review.review_deadline(submission).result.count == 7


# --------------------------------------------------------------------------------------
# R-REV-08: disagreement and complex cases go to collective discussion


ATTENDEES = [{"name": "孙志强", "post": "局长", "signed": True},
             {"name": "李明", "post": "副局长", "signed": True},
             {"name": "赵芳", "post": "法制科科长", "signed": True}]
OPINIONS = [{"name": "孙志强", "opinion": "同意法制机构意见，减轻处罚。"},
            {"name": "李明", "opinion": "同意。"}, {"name": "赵芳", "opinion": "保留审核意见。"}]
# Who presided and who kept the record (R-REV-08).
KEPT = {"chair": "孙志强", "recorder": "周文"}


def test_disputed_refusal_goes_to_discussion_R_REV_08(body_a, officers, officer_user_a,
                                                     reviewer_user_a, head_user_a):
    case = to_review(body_a, officers)
    submission = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a),
                        reviewer_user_a, outcome="rejected", findings=not_ok(),
                        opinion="证据不足以认定违法事实，不同意。")
    refused("R-REV-08", review.submit_for_review, acting_user=officer_user_a, case=case,
            materials=MATERIALS, submitted_on=ago(39))
    # The direct step is refused even with the refusal's id: the answer is missing.
    refused("R-REV-02", case_actions.complete_step, acting_user=reviewer_user_a, case=case,
            step="legal_review", to="collective_discussion", done_on=ago(39),
            data={"review_outcome": "rejected", "opinion": "x",
                  "submission": submission.pk, "answer": "disagreed"})
    review.answer_rejection(acting_user=officer_user_a, submission=submission, accept=False,
                            reason="现场照片和视频足以证明违法事实。", on=ago(39))
    case.refresh_from_db()
    assert case.current_step == "collective_discussion"
    refused("R-REV-08", review.record_discussion, acting_user=head_user_a, case=case,
            held_on=ago(38), reason="disagreement", attendees=ATTENDEES[1:],
            opinions=OPINIONS, conclusion="x", **KEPT)
    with pytest.raises(PermissionDenied):
        review.record_discussion(acting_user=officer_user_a, case=case, held_on=ago(38),
                                 reason="disagreement", attendees=ATTENDEES,
                                 opinions=OPINIONS, conclusion="x", **KEPT)
    discussion = review.record_discussion(
        acting_user=head_user_a, case=case, held_on=ago(38), reason="disagreement",
        attendees=ATTENDEES, opinions=OPINIONS, conclusion="减轻处罚，罚款二千元。", **KEPT)
    assert discussion.document.doc_type == "collective_discussion_record"
    assert discussion.document.digest and discussion.document.ledger_seq
    assert discussion.ledger_seq and discussion.step_record.step == "collective_discussion"
    assert events(EventKind.COLLECTIVE_DISCUSSION_RECORDED).count() == 1
    case.refresh_from_db()
    assert case.current_step == "decide"
    # A discussion never stands in for a passed review (处罚法 58) ...
    refused("R-REV-02", step, case, "decide", user=head_user_a, on=ago(30),
            data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    # ... but a decision outside the review catalogue needs none.
    step(case, "decide", user=head_user_a, on=ago(30),
         data={"decided_kinds": ["fine"], "decided_fine": "2000"})


def test_accepted_refusal_returns_case_to_investigation_R_REV_08(
        body_a, officers, officer_user_a, reviewer_user_a):
    case = to_review(body_a, officers)
    submission = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a),
                        reviewer_user_a, outcome="rejected", findings=not_ok(),
                        opinion="不同意。")
    answered = review.answer_rejection(acting_user=officer_user_a, submission=submission,
                                       accept=True, reason="补充调查。", on=ago(39))
    assert answered.answer == "accepted" and answered.step_record.next_step == "investigate"
    case.refresh_from_db()
    assert case.current_step == "investigate" and not review_passed(case)
    assert events(EventKind.REVIEW_REJECTION_ANSWERED).get().actor_id == officer_user_a.pk


def test_complex_case_discussed_after_review_R_REV_08(body_a, officers, officer_user_a,
                                                     reviewer_user_a, head_user_a):
    case = to_review(body_a, officers, flags=["complex"])
    decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a)
    case.refresh_from_db()
    assert case.current_step == "collective_discussion"
    review.record_discussion(acting_user=head_user_a, case=case, held_on=ago(38),
                             reason="complex", attendees=ATTENDEES, opinions=OPINIONS,
                             conclusion="同意罚款五千元。", **KEPT)
    case.refresh_from_db()
    step(case, "decide", user=head_user_a, on=ago(30),
         data={"decided_kinds": ["fine"], "decided_fine": "5000"})


def test_discussion_record_states_chair_attendees_opinions_conclusion_signatures_R_REV_08(
        body_a, officers, officer_user_a, reviewer_user_a, head_user_a):
    """The record names who presided, the attendees with their posts, who sat in, what each
    said, the conclusion, who kept it, and a signature line per attendee; recording it
    without any of these is refused with a Chinese message (R-REV-08, R-AST-03)."""
    from cases.test_document_content import pdf_text

    case = to_review(body_a, officers, flags=["complex"])
    decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a)
    case = Case.objects.get(pk=case.pk)
    good = {"acting_user": head_user_a, "case": case, "held_on": ago(38), "reason": "complex",
            "attendees": ATTENDEES, "opinions": OPINIONS, "conclusion": "同意罚款五千元。",
            "observers": [{"name": "王建国", "post": "承办人"}], **KEPT}
    unsigned = [{**ATTENDEES[0]}, {**ATTENDEES[1], "signed": False}, ATTENDEES[2]]
    for change, says in (({"chair": ""}, "主持人"),
                         ({"chair": "钱伟"}, "主持人（钱伟）应当是出席人员之一"),
                         ({"attendees": ATTENDEES[:2], "chair": "孙志强"}, "不得少于3人"),
                         ({"opinions": OPINIONS[:2]}, "赵芳的意见未记录"),
                         ({"opinions": []}, "意见"),
                         ({"conclusion": "  "}, "结论"),
                         ({"recorder": ""}, "记录人"),
                         ({"attendees": unsigned}, "李明尚未签名")):
        violation = refused("R-REV-08", review.record_discussion, **{**good, **change})
        assert says in str(violation.message), (change, violation.message)
    assert not Discussion.objects.exists() and not case.documents.filter(
        doc_type="collective_discussion_record").exists()

    discussion = review.record_discussion(**good)
    assert (discussion.chair, discussion.recorder) == ("孙志强", "周文")
    assert discussion.observers == [{"name": "王建国", "post": "承办人"}]
    text = pdf_text(discussion.document)
    for said in ("主持人孙志强", "出席人员孙志强（局长）、李明（副局长）、赵芳（法制科科长）",
                 "列席人员王建国（承办人）", "记录人周文",
                 "孙志强：同意法制机构意见，减轻处罚。", "赵芳：保留审核意见。",
                 "讨论结论及决定同意罚款五千元。", "以上记录经出席人员核对无误并签名。",
                 "孙志强局长已签名", "李明副局长已签名", "赵芳法制科科长已签名",
                 "主持人（签名）：孙志强", "记录人（签名）：周文"):
        assert said in text, (said, text)


# --------------------------------------------------------------------------------------
# R-REV-09: who handled, reviewed, discussed, decided


def test_responsibility_traceable_R_REV_09(body_a, officers, officer_user_a, reviewer_user_a,
                                          head_user_a):
    case = to_review(body_a, officers, flags=["complex"])
    decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a)
    review.record_discussion(acting_user=head_user_a, case=Case.objects.get(pk=case.pk),
                             held_on=ago(38), reason="complex", attendees=ATTENDEES,
                             opinions=OPINIONS, conclusion="同意。", **KEPT)
    case.refresh_from_db()
    step(case, "decide", user=head_user_a, on=ago(30),
         data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    names = responsibility(case).names()
    assert names["handled"] == [o.name for o in officers]
    assert names["reviewed"] == [reviewer_user_a.get_full_name()]
    assert "孙志强" in names["discussed"]
    assert names["decided"] == [head_user_a.get_full_name()]
    reviewed = responsibility(case).reviewed[0]
    assert reviewed["document"] and reviewed["outcome"] == "passed"


# --------------------------------------------------------------------------------------
# Statistics


def test_metrics_per_body(body_a, officers, officer_user_a, reviewer_user_a):
    case = to_review(body_a, officers)
    decide(submitted(case, officer_user_a, reviewer=reviewer_user_a), reviewer_user_a,
           outcome="revise", findings=not_ok(), on=ago(42), opinion="补充证据后再审。")
    decide(submitted(case, officer_user_a, on=ago(42), reviewer=reviewer_user_a),
           reviewer_user_a, on=ago(40))
    figures = review_metrics(body_a, ago(60), ago(0))
    assert (figures.decided, figures.passed, figures.cases, figures.corrected) == (2, 1, 1, 1)
    assert figures.pass_rate == 0.5 and figures.rounds_per_case == 2
    assert figures.average_workdays is not None and figures.overdue == 0
    assert figures.ratio.reviewers == 1 and figures.ratio.officers == 3
    assert OPINION
