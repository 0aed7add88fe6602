"""R-AST-01..03 through the case engine: factors recorded by an action, the penalty checked
against the suggestion on every path, the reason required, the 裁量说明 in the decision."""

import json
from decimal import Decimal

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case

from sanxiang.cases.documents import elements
from sanxiang.cases.models import StepRecord
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.discretion import actions
from sanxiang.discretion.models import Assessment, FactorRecord
from sanxiang.ledger import state_verify
from sanxiang.ledger.events import EventKind

from .helpers import ITEM, VIOLATION, on_spot, publish_lists, record


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def simple_case(body_a, officers):
    publish_lists(body_a)
    return make_case(body_a, officers, procedure="penalty_simple", days_ago=1,
                     item_code=ITEM)


def refused(rule, call, *args, **kwargs):
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == rule, raised.value.message
    return raised.value


def test_factors_recorded_by_an_action_with_a_ledger_event_R_AST_01(simple_case,
                                                                  officer_user_a,
                                                                  officer_user_b):
    with pytest.raises(PermissionDenied):
        record(simple_case, user=officer_user_b)
    refused("R-AST-02", actions.record_factors, acting_user=officer_user_a, case=simple_case,
            violation=VIOLATION, values={"初次/再次": "第三次", "整改情况": "及时整改"})
    refused("R-AST-02", actions.record_factors, acting_user=officer_user_a, case=simple_case,
            violation=VIOLATION, values={"初次/再次": "初次"})  # a factor left out
    saved = record(simple_case, user=officer_user_a)
    event = LedgerEvent.objects.get(seq=saved.ledger_seq)
    assert event.kind == EventKind.DISCRETION_FACTORS_RECORDED
    assert json.loads(event.payload)["factors"] == {"初次/再次": "初次", "整改情况": "及时整改"}
    assert FactorRecord.objects.filter(case=simple_case).count() == 1


def test_fine_within_the_suggested_range_needs_no_reason_R_AST_02(simple_case):
    record(simple_case)
    done = step(simple_case, "decide_on_spot", on=ago(1), data=on_spot(800, level="lighter"))
    check = Assessment.objects.get(step_record=done)
    assert not check.flagged
    assert (check.low, check.high, check.suggested_level) == (Decimal(500), Decimal(1000),
                                                              "lighter")
    assert done.data["discretion"]["flags"] == []


def test_fine_outside_the_range_needs_a_reason_R_AST_02(simple_case):
    record(simple_case)
    problem = refused("R-AST-02", step, simple_case, "decide_on_spot", on=ago(1),
                      data=on_spot(2500, level="lighter"))
    assert "500" in problem.message and "1,000" in problem.message
    assert problem.details["field"] == "discretion_reason"
    assert not StepRecord.objects.filter(case=simple_case).exists()
    done = step(simple_case, "decide_on_spot", on=ago(1),
                data=on_spot(2500, level="lighter", reason="当事人曾因同类违法行为受过处罚"),
                prepare_first=False)
    check = Assessment.objects.get(step_record=done)
    assert check.flagged and check.reason == "当事人曾因同类违法行为受过处罚"
    # The flag and the reason are in the step's ledger event.
    event = LedgerEvent.objects.get(seq=done.ledger_seq)
    payload = json.loads(event.payload)
    assert payload["data"]["discretion_reason"] == "当事人曾因同类违法行为受过处罚"
    assert payload["data"]["discretion"]["flags"]
    # The factors and the check are rows of the case, bound to the ledger (R-REC-02).
    result = state_verify.verify_state()
    assert result.ok, result.summary()
    assert result.rows >= 4


def test_level_the_factors_do_not_support_is_flagged_R_AST_02(simple_case):
    record(simple_case)  # 初次 + 及时整改: 从轻
    problem = refused("R-AST-02", step, simple_case, "decide_on_spot", on=ago(1),
                      data=on_spot(900, level="general"))
    assert "从轻" in problem.message


def test_computable_benchmark_without_factors_is_flagged_R_AST_02(simple_case):
    refused("R-AST-02", step, simple_case, "decide_on_spot", on=ago(1),
            data=on_spot(900, level="lighter"))


def test_plain_benchmark_range_of_the_level_chosen_R_AST_02(body_a, officers):
    publish_lists(body_a, computable=False)
    case = make_case(body_a, officers, procedure="penalty_simple", days_ago=1, item_code=ITEM)
    refused("R-AST-02", step, case, "decide_on_spot", on=ago(1),
            data=on_spot(2500, level="general"))
    # The document issued with the refused fine is corrected first (the step and its
    # documents agree, R-REC-01).
    step(case, "decide_on_spot", on=ago(1), data=on_spot(1500, level="general"))
    assert not Assessment.objects.get(case=case).flagged


def test_workbench_form_asks_for_the_reason_R_AST_02(simple_case, client_for, head_user_a,
                                                    officer_user_a):
    record(simple_case, user=officer_user_a)
    client = client_for(officer_user_a)
    page = client.get(f"/workbench/cases/{simple_case.pk}/")
    text = page.content.decode()
    assert "从轻处罚" in text and "计算" in text  # suggested level and 计算过程
    assert "首次违法、及时改正且未造成危害后果" in text  # the 首违不罚 entry
    assert "《中华人民共和国安全生产法》第九十九条第一项" in text
    from cases.engine_helpers import PENALTY_PROVISION, prepare

    prepare(simple_case, "decide_on_spot", on=ago(1),
            data=on_spot(2500) | {"facts": "当事人未设置安全警示标志。",
                                  "violated_provision": "《中华人民共和国安全生产法》第三十五条",
                                  "penalty_provision": PENALTY_PROVISION})
    simple_case.refresh_from_db()
    form = {"done_on": ago(1).isoformat(), "version": simple_case.version,
            "data_decided_kinds": "fine", "data_decided_fine": "2500", "data_place": "厂区",
            "data_item": ITEM, "data_facts": "当事人未设置安全警示标志。",
            "data_violated_provision": "《中华人民共和国安全生产法》第三十五条",
            "data_penalty_provision": PENALTY_PROVISION,
            "data_payment_manner": "到指定银行缴纳"}
    answer = client.post(f"/workbench/cases/{simple_case.pk}/step/", form)
    assert answer.status_code == 409
    assert "R-AST-02" in answer.content.decode()
    answer = client.post(f"/workbench/cases/{simple_case.pk}/step/",
                         form | {"data_discretion_reason": "当事人拒不配合调查"})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert Assessment.objects.get(case=simple_case).reason == "当事人拒不配合调查"


def test_decision_states_the_factors_and_level_R_AST_03(simple_case):
    record(simple_case)
    step(simple_case, "decide_on_spot", on=ago(1), data=on_spot(800, level="lighter"))
    document = simple_case.documents.get(doc_type="on_spot_penalty_decision")
    statement = elements(document.data)["discretion"]
    assert "初次/再次：初次" in statement and "整改情况：及时整改" in statement
    assert "从轻处罚" in statement


def test_the_statement_comes_from_the_registered_hook_R_AST_03(simple_case, monkeypatch):
    """The engine prints the 裁量说明 its ``DOCUMENT_ELEMENTS`` handler writes; with no
    handler (``discretion`` not installed) the decision simply has none, and the step form
    offers no suggested range."""
    from sanxiang.cases import hooks

    record(simple_case)
    step(simple_case, "decide_on_spot", on=ago(1), data=on_spot(800, level="lighter"))
    document = simple_case.documents.get(doc_type="on_spot_penalty_decision")
    assert document.data["case"]["discretion"]["suggested_level"]  # frozen when issued
    assert hooks.fine_advice(case=simple_case, item_code=ITEM) != ("", "")
    for point in (hooks.DOCUMENT_ELEMENTS, hooks.FINE_ADVICE):
        monkeypatch.setitem(hooks._handlers, point, [])
    assert elements(document.data)["discretion"] == ""
    assert hooks.fine_advice(case=simple_case, item_code=ITEM) == ("", "")


def test_api_refuses_without_reason_R_AST_02(simple_case, client_for, officer_user_a):
    record(simple_case, user=officer_user_a)
    from cases.engine_helpers import PENALTY_PROVISION, prepare

    stated = {**on_spot(2500, level="lighter"), "facts": "当事人未设置安全警示标志。",
              "violated_provision": "《中华人民共和国安全生产法》第三十五条",
              "penalty_provision": PENALTY_PROVISION}
    prepare(simple_case, "decide_on_spot", on=ago(1), data=stated)
    simple_case.refresh_from_db()
    client = client_for(officer_user_a)
    body = {"step": "decide_on_spot", "done_on": ago(1).isoformat(),
            "version": simple_case.version,
            "data": dict(stated)}
    answer = client.post(f"/api/cases/{simple_case.pk}/steps", json.dumps(body),
                         content_type="application/json")
    assert answer.status_code == 409 and answer.json()["code"] == "R-AST-02", answer.json()
    body["data"]["discretion_reason"] = "当事人拒不配合检查"
    answer = client.post(f"/api/cases/{simple_case.pk}/steps", json.dumps(body),
                         content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert Assessment.objects.get(case=simple_case).flagged
