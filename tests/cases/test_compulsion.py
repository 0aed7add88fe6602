"""Compulsory measures (行政强制, R-CASE-10): the lifting of a seizure is the body's own
decision on the head's approval of the lifting, and the extension and lifting decisions
state the facts the law asks of them — read back from the issued PDF."""

import json
from datetime import timedelta

import pytest

from sanxiang.cases import actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.guards import measure_end
from sanxiang.cases.models import Document
from sanxiang.core.errors import PermissionDenied, RuleViolation

from .engine_helpers import ago, frozen_case, step
from .factories import make_case
from .test_document_content import pdf_text, squeeze

pytestmark = pytest.mark.django_db

RELEASED = {"release_ground": "unrelated", "summary": "经检验，扣押的钢瓶与违法行为无关。"}
HEAD_APPROVAL = {"approval_opinion": "同意解除扣押。", "approved_by": "孙志强",
                 "proposal": "建议解除扣押，请负责人审批。"}


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _seized(body, officers, *, days_ago=20, to="release", **kwargs):
    case = make_case(body, officers, procedure="coercion", days_ago=days_ago, **kwargs)
    step(case, "approve", on=ago(days_ago), to="seize", data={"measure": "扣押不合格钢瓶。"})
    step(case, "seize", on=ago(days_ago), data={"items": "液化气钢瓶12只", "place": "仓库"})
    step(case, "serve_seizure", on=ago(days_ago), to=to, data={"served_on": ago(days_ago)})
    case.refresh_from_db()
    return case


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_release_decision_needs_the_heads_approval_of_the_lifting_R_CASE_10(
        body_a, officers, officer_user_a, head_user_a, client_for):
    case = _seized(body_a, officers)
    data = {**RELEASED, "released_on": ago(1)}
    # The head approved the seizure (at "approve"); that does not approve lifting it.
    with pytest.raises(PermissionDenied) as refused:
        issue_document(acting_user=officer_user_a, case=case,
                       doc_type="seizure_release_decision", issued_on=ago(1), data=data)
    assert "批准采取强制措施不等于批准解除" in refused.value.message
    response = client_for(officer_user_a).post(
        f"/api/cases/{case.pk}/documents",
        json.dumps({"doc_type": "seizure_release_decision", "issued_on": ago(1).isoformat(),
                    "data": {**data, "released_on": ago(1).isoformat()}}),
        content_type="application/json")
    assert response.status_code == 403, response.content
    assert "批准采取强制措施不等于批准解除" in response.json()["message"]
    assert not case.documents.filter(doc_type="seizure_release_decision").exists()

    # The head records the approval of the lifting at the lifting step; the officer issues.
    issue_document(acting_user=head_user_a, case=case, doc_type="internal_approval_form",
                   issued_on=ago(1), data={**data, **HEAD_APPROVAL, "approved_on": ago(1)})
    decision = issue_document(acting_user=officer_user_a, case=case,
                              doc_type="seizure_release_decision", issued_on=ago(1), data=data)
    assert decision.issued_by == officer_user_a
    text = pdf_text(decision)
    seizure = case.documents.get(doc_type="seizure_decision")
    began = case.milestones.get(event="seizure_started").on
    for needle in ("液化气钢瓶12只", f"《{seizure.title}》（{seizure.number}）", _date(began),
                   "查封、扣押的场所、设施或者财物与违法行为无关",
                   "《中华人民共和国行政强制法》第二十八条第一款第二项",
                   f"决定自{_date(ago(1))}起解除", "立即退还财物"):
        assert squeeze(needle) in text, needle
    step(case, "release", on=ago(1), data=data)


def test_release_decision_states_its_ground_and_day_or_is_refused_R_CASE_10(
        body_a, officers):
    case = _seized(body_a, officers)
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="seizure_release_decision",
                       issued_on=ago(1), data={"summary": "解除扣押。"})
    assert refused.value.code == "R-AST-03"
    assert "解除的理由" in refused.value.message and "解除日期" in refused.value.message
    # The day the lifting takes effect lies within the seizure.
    with pytest.raises(RuleViolation) as refused:
        step(case, "release", on=ago(1), data={**RELEASED, "released_on": ago(25)})
    assert refused.value.code == "R-CASE-15"


def test_extension_decision_states_the_days_added_and_why_R_CASE_10(
        body_a, officers, head_user_a):
    case = _seized(body_a, officers, days_ago=28, to="extend")
    # Not approved yet: the decision has no period to state and is refused.
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="seizure_extension_decision",
                       issued_on=ago(2))
    assert refused.value.code == "R-AST-03"
    assert "延长的期限" in refused.value.message and "延长的理由" in refused.value.message
    original = measure_end(case, "seizure", extended=False)
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend", amount=30, reason="检验机构尚未出具检验报告。",
                              approved_on=ago(2))
    step(case, "extend", on=ago(2))
    decision = Document.objects.get(case=case, doc_type="seizure_extension_decision")
    text = pdf_text(decision)
    start = original.moved_from or original.date
    for needle in (f"经本机关负责人于{_date(ago(2))}批准", "延长30日",
                   f"自{_date(start + timedelta(days=1))}起至"
                   f"{_date(measure_end(case, 'seizure').date)}止",
                   "检验机构尚未出具检验报告。", "申请行政复议"):
        assert squeeze(needle) in text, needle


def test_freezing_extension_is_bounded_by_its_own_limit_R_CASE_10(body_a, officers,
                                                                  head_user_a):
    """强制法 32 sets the freezing's extension apart from the seizure's (25): a body whose
    rulebook allows a shorter freezing extension is held to it."""
    from sanxiang.core.models import RulebookEntry

    RulebookEntry.objects.create(key="coercion.freezing_extension_days", body=body_a,
                                 value=20, effective_from=ago(400))
    case = frozen_case(body_a, officers, days_ago=28, served=27, to="extend_freezing")
    with pytest.raises(RuleViolation) as refused:
        actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                                  step="extend_freezing", amount=25, reason="查明中",
                                  approved_on=ago(2))
    assert refused.value.code == "R-CASE-10" and "20" in refused.value.message
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend_freezing", amount=20, reason="涉案资金流向尚待查明。",
                              approved_on=ago(2))
    step(case, "extend_freezing", on=ago(2))
    text = pdf_text(Document.objects.get(case=case, doc_type="freezing_extension_decision"))
    assert "延长20日" in text and "涉案资金流向尚待查明。" in text
    assert "《中华人民共和国行政强制法》第三十二条" in text


COERCION_ITEM = {
    "category": "行政强制", "code": "YJ-QZ-001", "unit": "综合执法大队",
    "name": "对不符合保障安全生产的国家标准或者行业标准的设施、设备、器材予以查封或者扣押",
    "legal_bases": "《中华人民共和国安全生产法》第六十五条第一款第四项；"
                   "《中华人民共和国行政强制法》第二十四条第一款"}
SAFETY_BASIS = "《中华人民共和国安全生产法》第六十五条第一款第四项"


@pytest.fixture
def coercion_item(body_a):
    from datetime import date

    from sanxiang.catalog import actions as catalog_actions

    items = catalog_actions.get_or_create_catalogue(body=body_a, kind="items",
                                                    acting_user=None)
    catalog_actions.publish_version(catalogue=items, acting_user=None,
                                    effective_from=date(2020, 1, 1), note="首次公布",
                                    add=[COERCION_ITEM])
    return COERCION_ITEM["code"]


def test_seizure_extension_cites_article_25_not_the_items_24_R_CASE_10(
        body_a, officers, head_user_a, coercion_item):
    case = _seized(body_a, officers, days_ago=28, to="extend", item_code=coercion_item)
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend", amount=30, reason="检验机构尚未出具检验报告。",
                              approved_on=ago(2))
    step(case, "extend", on=ago(2))
    decision = pdf_text(case.documents.get(doc_type="seizure_extension_decision"))
    assert squeeze(f"法律依据{SAFETY_BASIS}；《中华人民共和国行政强制法》第二十五条") in decision
    assert "第二十四条" not in decision
    # The seizure decision itself stands on art. 24, cited as the item cites it.
    seizure = pdf_text(case.documents.get(doc_type="seizure_decision"))
    assert squeeze(f"法律依据{SAFETY_BASIS}；《中华人民共和国行政强制法》第二十四条第一款") \
        in seizure


def test_freezing_decisions_cite_articles_31_and_32_not_24_R_CASE_10(
        body_a, officers, head_user_a, coercion_item):
    case = frozen_case(body_a, officers, days_ago=28, served=27, to="extend_freezing",
                       item_code=coercion_item)
    actions.approve_extension(acting_user=head_user_a, case=case, rule="R-CASE-10",
                              step="extend_freezing", amount=30, reason="涉案资金流向尚待查明。",
                              approved_on=ago(2))
    step(case, "extend_freezing", on=ago(2))
    freezing = pdf_text(case.documents.get(doc_type="freezing_decision"))
    assert squeeze(f"法律依据{SAFETY_BASIS}；《中华人民共和国行政强制法》第三十一条") in freezing
    extension = pdf_text(case.documents.get(doc_type="freezing_extension_decision"))
    assert squeeze(f"法律依据{SAFETY_BASIS}；《中华人民共和国行政强制法》第三十二条") in extension
    for text in (freezing, extension):
        assert "第二十四条" not in text and "第二十五条" not in text
