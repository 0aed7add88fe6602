"""What a record the party signs says about the signature (R-AST-03; 强制法 18(五)(六), 24;
处罚法 64(八)): signed, by whom and when, or the refusal the officers noted with its
witness — read back from the issued PDF; without either the record is refused, through the
action and through the API (409). And the obligation a demand for performance and an
enforcement decision state is a required fact of their steps (强制法 35, 37)."""

import json

import pytest

from sanxiang.cases import actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.core.errors import RuleViolation

from .engine_helpers import ago, step
from .factories import make_case
from .test_document_content import pdf_text, squeeze

pytestmark = pytest.mark.django_db

ON_SITE = {"doc_place": "当事人仓库", "record": "依法实施扣押，现场清点物品。",
           "items": "液化气钢瓶12只", "place": "当事人仓库"}
REFUSED = {"party_signed": False, "refusal": "当事人拒绝签名",
           "witness": "社区网格员周立新到场见证"}


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _approved(body, officers):
    case = make_case(body, officers, procedure="coercion", days_ago=5)
    step(case, "approve", on=ago(5), to="seize", data={"measure": "扣押不合格钢瓶。"})
    case.refresh_from_db()
    return case


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_records_state_the_signature_or_the_noted_refusal_with_its_witness_R_AST_03(
        body_a, officers, officer_user_a):
    case = _approved(body_a, officers)
    record = issue_document(acting_user=officer_user_a, case=case, doc_type="on_site_record",
                            issued_on=ago(5), data={**ON_SITE, **REFUSED})
    text = pdf_text(record)
    for needle in ("当事人（签名）：未签名（当事人拒绝签名），执法人员已在笔录中注明；"
                   "见证人或音像记录：社区网格员周立新到场见证。",
                   f"执法人员（签名）：{officers[0].name}、{officers[1].name}"):
        assert squeeze(needle) in text, needle
    # The facts are stated in the signature block, never as a yes/no row of the form.
    assert "已签名否" not in text and "当事人（或其代理人）已签名" not in text
    step(case, "seize", on=ago(5), data={"items": ON_SITE["items"], "place": "当事人仓库"})
    case.refresh_from_db()
    listed = issue_document(acting_user=officer_user_a, case=case, doc_type="seizure_list",
                            issued_on=ago(5),
                            data={"party_signed": True, "signer": "王建国（法定代表人）"})
    text = pdf_text(listed)
    signed = f"当事人（签名）：王建国（法定代表人）已核对无误并签名，{_date(ago(5))}。"
    assert squeeze(signed) in text
    assert squeeze("液化气钢瓶12只") in text
    # Signed without a name given: the party's own name.
    party = case.parties.first()
    again = issue_document(acting_user=officer_user_a, case=case, doc_type="seizure_list",
                           issued_on=ago(5), data={"party_signed": True})
    assert squeeze(f"{party.name}已核对无误并签名") in pdf_text(again)


@pytest.mark.parametrize("given", [
    {},  # nothing said about the signature
    {"party_signed": False, "refusal": "当事人拒绝签名"},  # a refusal without its witness
    {"party_signed": False, "witness": "社区网格员周立新"},  # a witness of nothing
])
def test_record_without_the_signature_or_a_witnessed_refusal_is_refused_R_AST_03(
        body_a, officers, officer_user_a, client_for, given):
    case = _approved(body_a, officers)
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=officer_user_a, case=case, doc_type="on_site_record",
                       issued_on=ago(5), data={**ON_SITE, **given})
    assert refused.value.code == "R-AST-03"
    assert "当事人签名，或其拒绝签名的情况及见证人" in refused.value.message
    response = client_for(officer_user_a).post(
        f"/api/cases/{case.pk}/documents",
        json.dumps({"doc_type": "on_site_record", "issued_on": ago(5).isoformat(),
                    "data": {**ON_SITE, **given}}),
        content_type="application/json")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "R-AST-03"
    assert "当事人签名，或其拒绝签名的情况及见证人" in response.json()["message"]
    assert not case.documents.filter(doc_type="on_site_record").exists()
    # Without its record the seizure step is not completed either.
    with pytest.raises(RuleViolation):
        actions.complete_step(acting_user=officer_user_a, case=case, step="seize",
                              done_on=ago(5), data={"items": "钢瓶", "place": "仓库"})


def test_demand_and_enforcement_decision_state_the_recorded_obligation_R_AST_03(
        body_a, officers, officer_user_a, client_for):
    case = make_case(body_a, officers, procedure="coercion", days_ago=20)
    step(case, "approve", on=ago(20), to="demand", data={"measure": "强制拆除违法设施。"})
    case.refresh_from_db()
    # The demand step without the obligation: refused, by the action and through the API.
    with pytest.raises(RuleViolation) as refused:
        actions.complete_step(acting_user=officer_user_a, case=case, step="demand",
                              to="enforcement_statement", done_on=ago(19),
                              data={"served_on": ago(19)})
    assert "应当履行的义务" in refused.value.message
    response = client_for(officer_user_a).post(
        f"/api/cases/{case.pk}/steps",
        json.dumps({"step": "demand", "to": "enforcement_statement",
                    "done_on": ago(19).isoformat(), "version": case.version,
                    "data": {"served_on": ago(19).isoformat()}}),
        content_type="application/json")
    assert response.status_code == 409, response.content
    assert "应当履行的义务" in response.json()["message"]
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=officer_user_a, case=case, doc_type="enforcement_demand",
                       issued_on=ago(19), data={"perform_by": ago(-10)})
    assert refused.value.code == "R-AST-03"
    obligation = "按照本机关作出的限期拆除决定，自行拆除楼顶广告牌一块。"
    step(case, "demand", on=ago(19), to="enforcement_statement",
         data={"obligation": obligation, "served_on": ago(19)})
    step(case, "enforcement_statement", on=ago(15), data={"summary": "当事人未陈述。"})
    step(case, "enforcement_decision", on=ago(12),
         data={"obligation": obligation, "served_on": ago(12)})
    for doc_type in ("enforcement_demand", "enforcement_decision"):
        document = case.documents.get(doc_type=doc_type)
        text = pdf_text(document)
        assert squeeze(obligation) in text, doc_type
        assert "依法履行行政决定确定的义务" not in text, doc_type



def test_signature_block_never_lands_alone_on_the_last_page_R_AST_03(
        body_a, officers, officer_user_a):
    """However long a record (笔录), the page does not break just before its confirmation and
    signatures: the last lines of the record go with them (base.html, ADR 0059)."""
    import io
    import re

    from pypdf import PdfReader

    from sanxiang.cases import documents

    case = make_case(body_a, officers, days_ago=10)
    step(case, "open", on=ago(10))
    record = issue_document(
        acting_user=officer_user_a, case=case, doc_type="site_inspection_record",
        issued_on=ago(9), data={"inspected_at": f"{ago(9)}T09:30", "doc_place": "生产车间",
                                "present": "安全员张三", "findings": "见下", "signed": True})
    line = "现场检查发现当事人未按规定建立安全生产教育和培训档案，未如实记录培训时间和内容。"
    footer = re.compile(r"案件编号：.*?第\d+页共\d+页")
    multipage = 0
    for n in range(10, 50, 2):
        content = {**record.data, "values": {**record.data["values"], "findings": line * n}}
        pdf = documents.render(case, "site_inspection_record", content, record.number, ago(9))
        pages = PdfReader(io.BytesIO(pdf)).pages
        if len(pages) < 2:
            continue
        multipage += 1
        last = footer.sub("", "".join((pages[-1].extract_text() or "").split()))
        assert line[-12:] in last, (n, last[:40])
    assert multipage > 5
