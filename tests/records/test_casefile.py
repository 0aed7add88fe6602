"""The case file (案卷): one timeline of the whole process, and what the file lacks (R-REC-01).

Cases run through the real actions (documents issued and rendered, recordings stored). The
incomplete files are made by writing a step record the engine would refuse — the shape of
a file imported from an older system, which is what the completeness check is for.
"""

import pytest
from cases.engine_helpers import ago, record, step
from cases.factories import make_case

from sanxiang.cases.models import Case, StepRecord
from sanxiang.records import actions, casefile

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def investigated_case(body, officers):
    """Opened 60 days ago and investigated 55 days ago, with papers and a recording."""
    case = make_case(body, officers, days_ago=60)
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    case.refresh_from_db()
    return case


def recorded_without_checks(case, code, *, on, to=""):
    """A step record as an import from an older system would leave it (no guards ran)."""
    last = case.steps.order_by("-seq").first()
    row = StepRecord.objects.create(case=case, seq=(last.seq + 1 if last else 1), step=code,
                                    next_step=to, done_on=on)
    if to:
        Case.objects.filter(pk=case.pk).update(current_step=to)
        case.refresh_from_db()
    return row


def rules(findings):
    return [(f.rule, f.step) for f in findings]


def test_timeline_lists_steps_documents_and_evidence_in_order_R_REC_01(body_a, officers):
    case = investigated_case(body_a, officers)
    entries = casefile.timeline(case)
    kinds = [(e.kind, e.step) for e in entries]
    assert kinds == [("step", "open"), ("document", "open"), ("step", "investigate"),
                     ("evidence", "investigate")]
    assert [e.on for e in entries] == sorted(e.on for e in entries)
    opening = entries[1]
    document = case.documents.get()
    assert opening.digest == document.digest and opening.digest.startswith("sm3-tree:")
    assert opening.ledger_seq == document.ledger_seq
    assert opening.target == f"document-{document.pk}"
    assert document.number in opening.title
    video = entries[3]
    assert video.digest == case.evidence.get().digest and video.ledger_seq
    assert video.who == officers[0].name
    assert entries[0].ledger_seq == case.steps.get(step="open").ledger_seq


def test_timeline_shows_recording_exceptions_R_REC_03(body_a, officers, officer_user_a,
                                                      head_user_a):
    case = investigated_case(body_a, officers)
    exception = actions.request_recording_exception(
        acting_user=officer_user_a, case=case, step="investigation_report",
        reason="执法记录仪故障，已报修。")
    actions.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                       approved=True)
    entries = [e for e in casefile.timeline(case) if e.kind == "exception"]
    assert [e.target for e in entries] == [f"exception-{exception.pk}"] * 2
    assert "调查终结" in entries[0].title or entries[0].step == "investigation_report"


def test_complete_file_has_no_findings_R_REC_01(body_a, officers):
    assert casefile.completeness(investigated_case(body_a, officers)) == []


def test_completeness_finds_missing_document_R_REC_01(body_a, officers):
    case = make_case(body_a, officers, days_ago=30)
    recorded_without_checks(case, "open", on=ago(30), to="investigate")
    case.refresh_from_db()
    findings = casefile.completeness(case)
    assert rules(findings) == [("R-REC-01", "open")]
    assert findings[0].details == {"missing": ["case_opening_form"]}
    assert "立案审批表" in findings[0].message


def test_completeness_finds_missing_recording_R_REC_03(body_a, officers):
    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    case.refresh_from_db()
    recorded_without_checks(case, "investigate", on=ago(25), to="investigation_report")
    findings = casefile.completeness(case)
    assert rules(findings) == [("R-REC-03", "investigate")]
    assert findings[0].details == {"level": "required"}
    assert "调查取证" in findings[0].message


def test_approved_exception_satisfies_recording_R_REC_03(body_a, officers, officer_user_a,
                                                         head_user_a):
    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    case.refresh_from_db()
    recorded_without_checks(case, "investigate", on=ago(25), to="investigation_report")
    exception = actions.request_recording_exception(
        acting_user=officer_user_a, case=case, step="investigate", reason="现场无信号，设备故障。")
    actions.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                       approved=True)
    assert casefile.completeness(case) == []


def test_completeness_flags_late_upload_R_REC_05(body_a, officers):
    case = investigated_case(body_a, officers)
    late = record(case, "investigate", on=ago(54), late=True)
    assert late.late
    findings = casefile.completeness(case)
    assert rules(findings) == [("R-REC-05", "investigate")]
    assert findings[0].details == {"evidence": late.pk}
    assert late.title in findings[0].message


def test_completeness_finds_skipped_steps_R_CASE_02(body_a, officers):
    case = make_case(body_a, officers, days_ago=30)
    # Straight to the decision, skipping everything after the opening.
    recorded_without_checks(case, "decide", on=ago(20), to="serve")
    findings = casefile.completeness(case)
    assert ("R-CASE-02", "decide") in rules(findings)
    assert ("R-REC-01", "decide") in rules(findings)
    skipped = next(f for f in findings if f.rule == "R-CASE-02" and f.step == "decide")
    assert skipped.details == {"expected": "open"}


def test_timeline_includes_periods_extensions_and_recusals_R_REC_01(body_a, officers,
                                                                    officer_a1):
    from sanxiang.cases import actions as case_actions

    case = investigated_case(body_a, officers)
    period = case_actions.start_excluded_period(
        acting_user=None, case=case, kind="testing", first=ago(50), reason="委托检验样品",
        cause="滹阳县产品质量检验所 检验报告 JC-2026-021")
    case_actions.end_excluded_period(acting_user=None, period=period, last=ago(45))
    case_actions.approve_extension(acting_user=None, case=case, rule="R-CASE-05",
                                   step="decide", amount=30, reason="案情复杂，需补充鉴定",
                                   approved_on=ago(40))
    recusal = case_actions.apply_recusal(acting_user=None, case=case, officer=officer_a1,
                                         applicant="party", reason="当事人称执法人员系其亲属",
                                         applied_on=ago(44))
    entries = casefile.timeline(case)
    tail = [(e.kind, e.on, e.target) for e in entries[4:]]
    assert tail == [("period", ago(50), f"period-{period.pk}"),
                    ("period", ago(45), f"period-{period.pk}"),
                    ("recusal", ago(44), f"recusal-{recusal.pk}"),
                    ("extension", ago(40), f"extension-{case.extensions.get().pk}")]
    assert "30" in entries[-1].title
