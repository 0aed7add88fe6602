"""The procedures as data (ADR 0003): structurally sound and true to REQUIREMENTS.md."""

import dataclasses
import itertools

import pytest

from sanxiang.calendar.workdays import Unit
from sanxiang.cases import describe
from sanxiang.cases.workflows import (
    DOCUMENT_TYPES,
    PROCEDURES,
    RULES,
    Procedure,
    Recording,
    Step,
    StepKind,
    Transition,
    check_definitions,
    procedure,
)
from sanxiang.core.rulebook import DEFAULTS

# REQUIREMENTS.md §6, in its order.
STANDARD_DOCUMENTS = [
    "立案审批表", "询问笔录", "现场检查（勘验）笔录", "抽样取证通知书", "先行登记保存证据通知书",
    "物品处理通知书", "行政处罚事先告知书", "陈述申辩笔录", "听证告知书", "听证通知书", "听证笔录",
    "听证报告", "调查终结报告", "法制审核意见书", "集体讨论笔录", "内部审批表", "行政处罚决定书",
    "责令改正通知书", "送达回证", "结案报告", "当场处罚决定书", "移送函", "强制执行申请书",
    "案卷封面", "卷内目录",
]


def reachable(proc: Procedure, first: str, *, avoiding: str | None = None) -> set[str]:
    seen, todo = {first}, [first]
    while todo:
        for t in proc.next_steps(todo.pop()):
            if t.to not in seen and t.to != avoiding:
                seen.add(t.to)
                todo.append(t.to)
    return seen


def test_definitions_are_valid():
    assert check_definitions() == []


def test_validator_finds_broken_definitions():
    broken = Procedure(code="broken", name="x", basis="x", rule="R-CASE-02", steps=(
        Step("a", "A", StepKind.START, (Transition("nowhere"),), documents=("no_such_doc",),
             guards=("R-XXX-99",)),
        Step("b", "B", StepKind.NORMAL, (Transition("a"), Transition("c"))),
        Step("c", "C", StepKind.END),
    ))
    problems = "\n".join(check_definitions({"broken": broken}))
    assert "'nowhere' does not exist" in problems
    assert "unknown document type 'no_such_doc'" in problems
    assert "unknown guard rule 'R-XXX-99'" in problems
    assert "a branch without a condition" in problems

    unreachable = dataclasses.replace(broken, steps=(
        Step("a", "A", StepKind.START, (Transition("c"),)),
        Step("b", "B", StepKind.NORMAL, (Transition("b"),)),
        Step("c", "C", StepKind.END),
    ))
    problems = "\n".join(check_definitions({"u": unreachable}))
    assert "broken.b: not reachable from the start" in problems
    assert "broken.b: no way to an end step" in problems

    two_starts = dataclasses.replace(broken, steps=(
        Step("a", "A", StepKind.START, (Transition("c"),)),
        Step("b", "B", StepKind.START, (Transition("c"),)),
        Step("c", "C", StepKind.END),
    ))
    assert "2 start steps" in check_definitions({"s": two_starts})[0]


def test_public_api():
    assert set(PROCEDURES) == {"penalty_general", "penalty_simple", "inspection", "coercion",
                               "licence"}
    proc = procedure("penalty_general")
    assert proc.steps[0].code == "open" and proc.start.code == "open"
    assert str(proc.step("decide").name) == "决定"  # LANGUAGE_CODE is zh-hans
    assert [t.to for t in proc.next_steps("serve")] == ["execute", "close"]
    assert proc.required_documents("decide") == ("internal_approval_form", "penalty_decision")
    assert proc.recording_requirement("investigate") == Recording.REQUIRED
    assert proc.recording_requirement("decide") == Recording.NONE
    with pytest.raises(KeyError):
        procedure("nope")
    with pytest.raises(KeyError):
        proc.step("nope")


def test_standard_documents_are_all_defined_R_REC_08():
    from django.utils import translation

    with translation.override("zh-hans"):
        standard = [str(name) for name, in_section_6 in DOCUMENT_TYPES.values() if in_section_6]
    assert standard == STANDARD_DOCUMENTS


def test_general_procedure_order_R_CASE_02():
    proc = procedure("penalty_general")
    assert proc.main_path() == ["open", "investigate", "investigation_report", "notify",
                                "statement", "decide", "serve", "execute", "close", "archive"]
    # 告知 before 决定: no way from 立案 to 决定 that skips the prior notice (R-CASE-03).
    assert "decide" not in reachable(proc, "open", avoiding="notify")
    # Review (调查终结报告) before the notice, and the notice before any decision.
    assert "notify" not in reachable(proc, "open", avoiding="investigation_report")
    assert "R-CASE-03" in proc.step("decide").guards
    # Legal review and collective discussion come before the decision, which waits for them.
    assert {"legal_review", "collective_discussion"} <= reachable(proc, "notify")
    assert "decide" in {t.to for t in proc.next_steps("legal_review")}
    assert {"R-REV-02", "R-REV-08"} <= set(proc.step("decide").guards)
    # Then service, execution, closing and filing.
    assert "archive" in reachable(proc, "decide")
    assert proc.step("archive").kind == StepKind.END
    assert proc.required_documents("archive") == ("case_file_cover", "case_file_index")


def test_general_procedure_hearing_branch_R_CASE_04():
    proc = procedure("penalty_general")
    notify = {t.to: t.condition for t in proc.next_steps("notify")}
    assert notify["hearing_offer"] == "hearing_eligible"
    chain = ["hearing_offer", "hearing_request", "hearing_notice", "hearing", "hearing_report"]
    for step, following in itertools.pairwise(chain):
        assert following in {t.to for t in proc.next_steps(step)}
    assert proc.required_documents("hearing_offer")[0] == "hearing_offer"
    assert proc.required_documents("hearing_notice")[0] == "hearing_notice"
    assert proc.required_documents("hearing") == ("hearing_record",)
    assert proc.required_documents("hearing_report") == ("hearing_report",)
    (request,) = proc.step("hearing_request").deadlines
    assert (request.amount_key, request.unit) == ("case.hearing_request_workdays", Unit.WORKDAYS)
    (notice,) = proc.step("hearing_notice").deadlines
    assert (notice.amount_key, notice.kind) == ("case.hearing_notice_workdays", "not_before")
    # The hearing chair is checked, and the hearing is recorded (R-REC-03, 听证室).
    assert "R-CASE-04" in proc.step("hearing").guards
    assert proc.recording_requirement("hearing") == Recording.UNINTERRUPTED
    assert {"case.hearing_fine_person", "case.hearing_fine_org"} <= set(
        proc.step("notify").rulebook_keys)


def test_general_procedure_branches():
    proc = procedure("penalty_general")
    for branch, doc in (("no_penalty", "no_penalty_decision"), ("transfer", "transfer_letter"),
                        ("cancel", "case_cancellation_form")):
        assert branch in reachable(proc, "open")
        assert doc in proc.required_documents(branch)
        assert "archive" in reachable(proc, branch)
    assert "R-CASE-08" in proc.step("no_penalty").guards


def test_general_procedure_deadlines_R_CASE_05_R_CASE_06():
    proc = procedure("penalty_general")
    (decision,) = proc.step("decide").deadlines
    assert (decision.rule, decision.unit, decision.amount_key, decision.start_event) == (
        "R-CASE-05", Unit.DAYS, "case.decision_days", "case_opened")
    assert set(decision.excluded) == {"hearing", "testing", "expert_review", "suspension"}
    (service,) = proc.step("serve").deadlines
    assert (service.rule, service.unit, service.amount_key) == (
        "R-CASE-06", Unit.WORKDAYS, "case.service_workdays")
    assert DEFAULTS["case.decision_days"][0] == 90
    assert DEFAULTS["case.service_workdays"][0] == 7


def test_simple_procedure_R_CASE_01():
    proc = procedure("penalty_simple")
    assert proc.main_path() == ["decide_on_spot", "deliver", "execute", "file"]
    first = proc.step("decide_on_spot")
    assert "R-CASE-01" in first.guards
    assert set(first.rulebook_keys) == {"simple.fine_limit_person", "simple.fine_limit_org"}
    assert DEFAULTS["simple.fine_limit_person"][0] == 200
    assert DEFAULTS["simple.fine_limit_org"][0] == 3000
    assert proc.required_documents("decide_on_spot") == ("on_spot_penalty_decision",)
    assert proc.step("file").kind == StepKind.END


def test_inspection_procedure_R_ORG_04():
    proc = procedure("inspection")
    assert proc.main_path()[:3] == ["prepare", "inspect", "result"]
    assert {"R-ORG-03", "R-ORG-04"} <= set(proc.step("inspect").guards)
    assert proc.recording_requirement("inspect") == Recording.REQUIRED
    assert {t.to for t in proc.next_steps("result")} == {"finish", "recheck", "to_case"}
    assert {t.to for t in proc.next_steps("recheck")} == {"finish", "to_case"}


def test_coercion_procedure_R_CASE_10():
    proc = procedure("coercion")
    assert proc.recording_requirement("seize") == Recording.UNINTERRUPTED
    assert proc.recording_requirement("enforce") == Recording.UNINTERRUPTED
    assert "on_site_record" in proc.required_documents("seize")
    (seizure,) = proc.step("serve_seizure").deadlines
    (extension,) = proc.step("extend").deadlines
    assert (seizure.amount_key, extension.amount_key) == (
        "coercion.seizure_days", "coercion.seizure_extension_days")
    assert DEFAULTS["coercion.seizure_days"][0] == 30
    assert DEFAULTS["coercion.seizure_extension_days"][0] == 30
    # One extension only: nothing leads from the extension back to another extension.
    assert "extend" not in reachable(proc, "release")
    assert "extend" not in {t.to for t in proc.next_steps("extend")}
    # Compulsory execution: 催告 → 陈述申辩 → 决定 → 执行, no night or holiday unless urgent.
    assert reachable(proc, "demand") >= {"enforcement_statement", "enforcement_decision",
                                         "enforce"}
    assert "R-CASE-10" in proc.step("enforce").guards


def test_licence_procedure_R_CASE_11():
    proc = procedure("licence")
    assert proc.main_path() == ["apply", "accept", "examine", "decide", "issue_certificate",
                                "serve"]
    keys = {rule.amount_key: rule for step in proc.steps for rule in step.deadlines}
    assert {"licence.correction_notice_workdays", "licence.decision_workdays",
            "licence.certificate_workdays"} <= set(keys)
    decision = keys["licence.decision_workdays"]
    assert decision.extension_key == "licence.decision_extension_workdays"
    assert set(decision.excluded) == {"hearing", "testing", "expert_review"}
    assert all(rule.unit == Unit.WORKDAYS for rule in keys.values())
    assert [DEFAULTS[k][0] for k in ("licence.correction_notice_workdays",
                                     "licence.decision_workdays",
                                     "licence.decision_extension_workdays",
                                     "licence.certificate_workdays")] == [5, 20, 10, 10]


def test_recording_defaults_R_REC_03():
    general = procedure("penalty_general")
    serve = general.step("serve")
    assert serve.recording == Recording.REQUIRED
    assert serve.recording_condition == "leaving_or_public_service"
    assert procedure("penalty_simple").recording_requirement("decide_on_spot") == "required"


def test_rulebook_keys_exist_with_chinese_descriptions():
    for proc in PROCEDURES.values():
        for key in describe.rulebook_keys(proc):
            value, description = DEFAULTS[key]
            assert isinstance(value, int) and value > 0
            assert any("\u4e00" <= ch <= "\u9fff" for ch in description)
    assert DEFAULTS["review.workdays"][0] == 5 and DEFAULTS["review.extension_workdays"][0] == 3


def test_guards_name_known_rules():
    for proc in PROCEDURES.values():
        for step in proc.steps:
            assert set(step.guards) <= set(RULES)
            assert all(rule.rule in RULES for rule in step.deadlines)


def test_deadline_phrases_in_chinese():
    from django.utils import translation

    proc = procedure("penalty_general")
    with translation.override("zh-hans"):
        (service,) = proc.step("serve").deadlines
        assert describe.deadline_short(service) == "7个工作日内"
        assert describe.deadline_short(service, {"case.service_workdays": 5}) == "5个工作日内"
        (notice,) = proc.step("hearing_notice").deadlines
        assert describe.deadline_short(notice) == "至少提前7个工作日"
        (decision,) = proc.step("decide").deadlines
        text = describe.deadline_long(decision)
        assert text.startswith(
            "自立案之日起90日内（R-CASE-05；《中华人民共和国行政处罚法》第六十条）")
        assert "延长期限为30日" in text
        assert "听证、检测、检验、检疫、专家评审、中止期间不计入" in text
        assert describe.recording_label(proc.step("hearing")) == "全程音像记录"
