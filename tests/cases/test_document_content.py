"""Every document type of every procedure, issued through the engine, read back from its PDF.

The cases run through the real actions (``engine_helpers.step`` issues each step's documents
from the facts an officer enters, then completes the step); optional documents are issued
at their steps too. Each PDF's extracted text must state the elements its type requires
(处罚法 44, 59, the 送达回证 fields …) and must never hold a blank placeholder or an English
word.
"""

import io
import os
import re
from datetime import timedelta

import pytest
from conftest import qualified_officer
from pypdf import PdfReader

from sanxiang.calendar import workdays
from sanxiang.cases import actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.document_specs import RELEASE_DECISIONS, REQUIRED, STATES_REMEDIES
from sanxiang.cases.documents import elements, template_for
from sanxiang.cases.models import Document
from sanxiang.cases.workflows import DOCUMENT_TYPES, PROCEDURES
from sanxiang.core import blobs

from .engine_helpers import (
    PENALTY_PROVISION,
    VIOLATED,
    ago,
    document_facts,
    frozen_case,
    step,
    step_facts,
)
from .factories import make_case, party_person

pytestmark = pytest.mark.django_db

DUMP = os.environ.get("SANXIANG_DUMP_DOCUMENT_TEXT", "")
ENGLISH = re.compile(r"[A-Za-z]{3,}")
BLANK = re.compile(r"_{3,}|＿{2,}")
# Dates as an official writes them (2026年3月5日), never as the machine stores them.
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


# The running footer (case number, page n of m) sits between the pages' text.
FOOTER = re.compile(r"案件编号：[^第]*?第\d+页共\d+页")


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(blobs.read_bytes(document.digest)))
    return FOOTER.sub("", "".join("".join(page.extract_text() or ""
                                          for page in reader.pages).split()))


def squeeze(text: str) -> str:
    return "".join(str(text).split())


def issue(case, doc_type, on, data=None, user=None):
    """An optional document of the current step, with what the officer enters for it."""
    case.refresh_from_db()
    facts = {**document_facts(case, doc_type, on), **step_facts(case, case.current_step, data)}
    return issue_document(acting_user=user, case=case, doc_type=doc_type, issued_on=on,
                          data=facts)


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _general_with_hearing(body, officers, chair):
    case = make_case(body, officers, days_ago=70)
    step(case, "open", on=ago(70))
    for doc_type in ("inquiry_record", "site_inspection_record", "sampling_notice",
                     "evidence_preservation_notice", "goods_disposal_notice",
                     "correction_order"):
        issue(case, doc_type, ago(66), data={"summary": "现场检查发现未建立安全培训档案。"})
    step(case, "investigate", on=ago(66), to="investigation_report",
         data={"summary": "现场检查发现未建立安全培训档案。"})
    step(case, "investigation_report", on=ago(64), to="notify",
         data={"proposed_kinds": ["fine", "confiscate_gains"], "proposed_fine": "150000",
               "proposed_gains": "8000",
               "summary": "建议罚款并没收违法所得。"})
    step(case, "notify", on=ago(62), to="hearing_offer",
         data={"notified_kinds": ["fine", "confiscate_gains"], "notified_fine": "150000",
               "notified_gains": "8000", "served_on": ago(62)})
    step(case, "hearing_offer", on=ago(61), to="hearing_request", data={"served_on": ago(61)})
    step(case, "hearing_request", on=ago(60), data={"requested_on": ago(60)})
    step(case, "hearing_notice", on=ago(58),
         data={"served_on": ago(58), "hearing_on": ago(40), "chair": chair.pk})
    step(case, "hearing", on=ago(40), data={"chair": chair.pk,
                                            "summary": "当事人对事实无异议，请求从轻处罚。"})
    step(case, "hearing_report", on=ago(39), to="decide",
         data={"summary": "建议维持拟作出的处罚。"})
    step(case, "decide", on=ago(35), data={"decided_kinds": ["fine", "confiscate_gains"],
                                           "decided_fine": "120000", "confiscated": "8000"})
    step(case, "serve", on=ago(34), to="execute",
         data={"served_on": ago(34), "method": "leaving"},
         )
    issue(case, "enforcement_application", ago(20))
    # 罚缴分离 (R-CASE-14): paid at the designated bank, with its receipt.
    step(case, "execute", on=ago(20), data={"paid_on": ago(20), "paid_amount": "120000",
                                            "payment_channel": "bank",
                                            "collected_by": "中国农业银行滹阳县支行",
                                            "receipt_number": "FS130139-2026-0001"})
    step(case, "close", on=ago(10))
    step(case, "archive", on=ago(5))
    return case


def _general_side_paths(body, officers, head):
    from sanxiang.review import actions as review

    cases = []
    # Statement and defence, then collective discussion.
    case = make_case(body, officers, days_ago=60, flags=["complex"])
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    step(case, "notify", on=ago(45), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(45)})
    issue(case, "statement_record", ago(44), data={"summary": "当事人称已整改，请求从轻。"})
    step(case, "statement", on=ago(44), to="collective_discussion",
         data={"statement_made": True, "summary": "当事人称已整改，请求从轻。"})
    review.record_discussion(
        acting_user=head, case=case, held_on=ago(40), reason="complex",
        attendees=[{"name": "孙志强", "post": "局长", "signed": True},
                   {"name": "李明", "post": "副局长", "signed": True},
                   {"name": "赵芳", "post": "法制科科长", "signed": True}],
        chair="孙志强", recorder="周文",
        opinions=[{"name": "孙志强", "opinion": "同意。"}, {"name": "李明", "opinion": "同意。"},
                  {"name": "赵芳", "opinion": "同意。"}],
        conclusion="同意罚款五千元。")
    cases.append(case)
    # No penalty; transfer; cancellation.
    for to, data in (("no_penalty", {"basis": "first_violation",
                                     "education": "当场进行了安全生产法律法规教育。"}),
                     ("transfer", {"receiver": "滹阳县公安局", "reason": "涉嫌犯罪。"}),
                     ("cancel", {"reason": "违法事实不能成立。"})):
        case = make_case(body, officers, days_ago=40)
        step(case, "open", on=ago(40))
        if to == "no_penalty":
            step(case, "investigate", on=ago(35), to="investigation_report",
                 data={"summary": "查明"})
            step(case, "investigation_report", on=ago(30), to="no_penalty",
                 data={"summary": "首违不罚"})
            step(case, "no_penalty", on=ago(25), to="serve", data=data)
            step(case, "serve", on=ago(24), to="close",
                 data={"served_on": ago(24), "method": "direct"})
        else:
            step(case, "investigate", on=ago(35), to=to, data={"summary": "查明"})
            step(case, to, on=ago(30), data=data)
        cases.append(case)
    return cases


def _review_case(body, officers, head, reviewer):
    from datetime import date

    from sanxiang.catalog import actions as catalog_actions
    from sanxiang.review import actions as review
    from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

    catalogue = catalog_actions.get_or_create_catalogue(body=body, kind="review",
                                                        acting_user=None)
    catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2020, 1, 1), note="首次公布",
        add=[{"criterion_kind": "fine_threshold", "party_kind": "organisation",
              "amount": "3000", "description": "对法人或者其他组织处以三千元以上罚款"}])
    case = make_case(body, officers, days_ago=60)
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    step(case, "notify", on=ago(45), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(45)})
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    submission = review.submit_for_review(
        acting_user=head, case=case, submitted_on=ago(43),
        materials={code: "见附件" for code in ALWAYS_REQUIRED})
    submission = review.assign_reviewer(acting_user=head, submission=submission,
                                        reviewer=reviewer)
    review.record_review(acting_user=reviewer, submission=submission,
                         findings={code: {"ok": True} for code in REVIEW_ITEMS},
                         outcome="passed", opinion="事实清楚，证据确凿，同意。",
                         decided_on=ago(40))
    return case


def _simple(body, officers):
    case = make_case(body, officers, procedure="penalty_simple", days_ago=2,
                     party=party_person())
    step(case, "decide_on_spot", on=ago(2),
         data={"decided_kinds": ["fine"], "decided_fine": "200", "place": "人民路与建设街路口"})
    step(case, "deliver", on=ago(2), data={"served_on": ago(2)})
    return case


def _inspection(body, officers):
    case = make_case(body, officers, procedure="inspection", days_ago=20)
    step(case, "prepare", on=ago(20), data={"plan": "检查安全培训档案。"})
    step(case, "inspect", on=ago(19), data={"findings": "未建立培训档案。"})
    issue(case, "correction_order", ago(18))
    step(case, "result", on=ago(18), to="recheck", data={"summary": "责令改正。"})
    step(case, "recheck", on=ago(3), to="finish", data={"findings": "已改正。"})
    return case


def _coercion(body, officers, head):
    seized = make_case(body, officers, procedure="coercion", days_ago=40)
    step(seized, "approve", on=ago(40), to="seize", data={"measure": "扣押涉案危险化学品。"})
    step(seized, "seize", on=ago(40), data={"items": "危险化学品20桶", "place": "仓库"})
    step(seized, "serve_seizure", on=ago(40), to="extend", data={"served_on": ago(40)})
    actions.approve_extension(acting_user=head, case=seized, rule="R-CASE-10", step="extend",
                              amount=30, reason="检测结果尚未出具。", approved_on=ago(15))
    step(seized, "extend", on=ago(15))
    # 强制法 27, 28: the head approves the lifting at its own step, then the decision issues.
    released = {"summary": "检测合格，解除扣押。", "release_ground": "no_violation",
                "released_on": ago(1)}
    for doc_type in ("internal_approval_form", "seizure_release_decision",
                     "goods_disposal_notice"):
        issue(seized, doc_type, ago(1), data=released)
    step(seized, "release", on=ago(1), data=released)
    issue(seized, "closing_report", ago(1), data={"summary": "强制措施已解除，结案。"})
    demanded = make_case(body, officers, procedure="coercion", days_ago=20)
    step(demanded, "approve", on=ago(20), to="demand", data={"measure": "强制拆除违法设施。"})
    step(demanded, "demand", on=ago(19), to="enforcement_statement",
         data={"served_on": ago(19)})
    issue(demanded, "statement_record", ago(15), data={"summary": "当事人称无力自行拆除。"})
    step(demanded, "enforcement_statement", on=ago(15),
         data={"summary": "当事人称无力自行拆除。"})
    step(demanded, "enforcement_decision", on=ago(12), data={"served_on": ago(12)})
    # Enforcement in the day on a working day (强制法 43; R-CASE-10): the first one from ten
    # days ago, whichever day of the week the test runs on.
    enforced = next(day for day in (ago(n) for n in range(10, 0, -1))
                    if workdays.is_workday(day))
    step(demanded, "enforce", on=enforced, data={"started_at": f"{enforced}T10:00"})
    court = make_case(body, officers, procedure="coercion", days_ago=20)
    step(court, "approve", on=ago(20), to="demand", data={"measure": "缴纳罚款。"})
    step(court, "demand", on=ago(19), to="apply_to_court", data={"served_on": ago(19)})
    step(court, "apply_to_court", on=ago(5), data={"court": "滹阳县人民法院"})
    # 冻结 (强制法 30-33): decided, served, extended once, lifted.
    frozen = frozen_case(body, officers, days_ago=45, served=44, to="extend_freezing")
    actions.approve_extension(acting_user=head, case=frozen, rule="R-CASE-10",
                              step="extend_freezing", amount=30, reason="涉案资金尚待查明。",
                              approved_on=ago(20))
    step(frozen, "extend_freezing", on=ago(20))
    unfrozen = {"summary": "查明无关，解除冻结。", "unfreeze_ground": "unrelated",
                "released_on": ago(1)}
    for doc_type in ("internal_approval_form", "freezing_release_decision"):
        issue(frozen, doc_type, ago(1), data=unfrozen)
    step(frozen, "unfreeze", on=ago(1), data=unfrozen)
    return [seized, demanded, court, frozen]


def _licence(body, officers):
    cases = []
    granted = make_case(body, officers, procedure="licence", days_ago=20)
    step(granted, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    issue(granted, "correction_materials_notice", ago(19),
          data={"missing": "安全评价报告"})
    step(granted, "accept", on=ago(19), to="supplement", data={"missing": "安全评价报告"})
    step(granted, "supplement", on=ago(15))
    issue(granted, "acceptance_notice", ago(14))
    step(granted, "accept", on=ago(14), to="examine")
    step(granted, "examine", on=ago(10), to="decide", data={"summary": "材料齐全，符合法定条件。"})
    issue(granted, "licence_grant_decision", ago(8))
    step(granted, "decide", on=ago(8), to="issue_certificate",
         data={"summary": "准予许可。"})
    step(granted, "issue_certificate", on=ago(7),
         data={"certificate_number": "冀安经〔2026〕001号"})
    step(granted, "serve", on=ago(6), data={"served_on": ago(6)})
    cases.append(granted)
    refused = make_case(body, officers, procedure="licence", days_ago=20)
    step(refused, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    issue(refused, "non_acceptance_decision", ago(19))
    step(refused, "accept", on=ago(19), to="reject_application")
    step(refused, "reject_application", on=ago(18))
    cases.append(refused)
    other = make_case(body, officers, procedure="licence", days_ago=20)
    step(other, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    step(other, "accept", on=ago(19), to="examine")
    step(other, "examine", on=ago(10), to="decide", data={"summary": "不符合法定条件。"})
    issue(other, "licence_refusal_decision", ago(8), data={"summary": "安全距离不符合要求。"})
    cases.append(other)
    return cases


# What each type's text must contain, beyond the frame every document has.
def _expected(document: Document) -> list[str]:
    values = document.data["values"]
    party = document.data["parties"][0]["name"]
    by_type = {
        "penalty_decision": [party, VIOLATED, PENALTY_PROVISION, "120,000.00元", "壹拾贰万元整",
                             "8,000.00元", "六十日", "六个月", "人民法院", "15日内",
                             "代收银行", "证据"],
        # The simple procedure has no 立案 (处罚法 51): the facts were found on the spot.
        "on_spot_penalty_decision": [party, "200.00元", "贰佰元整", "人民路与建设街路口",
                                     "六十日", "六个月", "15日内", "依照简易程序当场查明"],
        "penalty_prior_notice": [party, VIOLATED, PENALTY_PROVISION, "陈述", "申辩"],
        "hearing_offer": ["听证", "150,000.00元"],
        "hearing_notice": ["本机关听证室", "主持"],
        "inquiry_record": ["问：", "答：", "培训档案是否建立", "没有建立", "被询问人已核对并签名"],
        "service_receipt": ["受送达人", "送达方式", "送达日期"],
        # The head's opinion as recorded at the 立案 step (R-CASE-13).
        "case_opening_form": [elements(document.data)["approval_opinion"], "机关负责人",
                              "日常检查"],
        "internal_approval_form": ["同意。", "机关负责人", "负责人审批意见"],
        "case_cancellation_form": ["同意。", "违法事实不能成立"],
        "legal_review_opinion": ["事实清楚，证据确凿，同意。"],
        "collective_discussion_record": ["同意罚款五千元。", "孙志强"],
        "investigation_report": [VIOLATED, PENALTY_PROVISION],
        "statement_record": ["陈述", "申辩"],
        # 处罚法 64(八): the party (its agent) signs the hearing record, the chair too.
        "hearing_record": ["请求从轻处罚", "当事人（签名）", "委托代理人已核对无误并签名",
                           "听证主持人（签名）"],
        # 强制法 18(六), 24: the party and the officers sign the record and the list.
        "on_site_record": ["当事人（签名）", "已核对无误并签名", "执法人员（签名）"],
        "seizure_list": ["当事人（签名）", "已核对无误并签名", "执法人员（签名）"],
        "correction_order": ["建立培训档案"],
        "transfer_letter": ["滹阳县公安局", "涉嫌犯罪"],
        "enforcement_application": ["滹阳县人民法院"],
        # 强制法 35, 37: the obligation as the demand step recorded it.
        "enforcement_demand": ["有权进行陈述和申辩", "缴纳罚款"],
        "enforcement_decision": ["缴纳罚款"],
        "acceptance_notice": ["决定予以受理"],  # 许可法 32
    }
    expected = list(by_type.get(document.doc_type, []))
    if template_for(document.doc_type).endswith("/generic.html"):
        # Without a layout of its own a document still states what its type requires.
        stated = elements(document.data)
        expected += [stated[key] for key in REQUIRED.get(document.doc_type, ())
                     if isinstance(stated[key], str) and stated[key]]
    if document.doc_type in RELEASE_DECISIONS:  # 强制法 28, 33: what, since when, why, from
        stated = elements(document.data)
        expected += [stated[key] for key in (*REQUIRED[document.doc_type], "measure_decision")
                     if isinstance(stated[key], str)]
        expected.append("第一款第")  # the item of the article the ground is
    if document.doc_type in STATES_REMEDIES:  # 强制法 24, 31, 37; 许可法 32, 38
        expected += ["申请行政复议", "六十日", "提起行政诉讼", "六个月"]
    if document.doc_type in ("seizure_decision", "freezing_decision"):  # 强制法 24(二), 31(三)
        event = ("seizure_started" if document.doc_type == "seizure_decision"
                 else "freezing_started")
        began = document.case.milestones.get(event=event).on
        expected.append(f"自{began.year}年{began.month}月{began.day}日起30日")
        if document.doc_type == "seizure_decision":  # 强制法 25: testing is not counted
            expected.append("期间不计入")
    if document.doc_type == "penalty_prior_notice" and values.get("notified_fine") == "150000.00":
        expected += ["听证", "150,000.00元", "壹拾伍万元整", "8,000.00元"]
    if document.doc_type == "service_receipt":
        expected += [squeeze(item) for item in
                     (f"{d['title']}（{d['number']}）" if d["number"] else d["title"]
                      for d in values["_served"])]
        if values.get("method") == "leaving":
            expected += ["留置", "拒绝签收"]
    return [squeeze(item) for item in expected]


def test_every_document_type_states_its_elements_R_AST_03(
        body_a, officers, fields, head_user_a, reviewer_user_a):
    chair = qualified_officer(body_a, "周敏", ["AQSC"], "13010201010")
    _general_with_hearing(body_a, officers, chair)
    _general_side_paths(body_a, officers, head_user_a)
    _review_case(body_a, officers, head_user_a, reviewer_user_a)
    _simple(body_a, officers)
    _inspection(body_a, officers)
    _coercion(body_a, officers, head_user_a)
    _licence(body_a, officers)

    issued = list(Document.objects.filter(case__body=body_a).order_by("pk"))
    types = {d.doc_type for d in issued}
    every = {code for proc in PROCEDURES.values() for s in proc.steps
             for code in (*s.documents, *s.optional_documents)}
    assert every - types == set(), f"never issued: {sorted(every - types)}"
    assert types <= set(DOCUMENT_TYPES)
    checks = 0
    for document in issued:
        text = pdf_text(document)
        if DUMP:
            with open(DUMP, "a") as out:
                out.write(f"\n=== {document.doc_type}\n{text}\n")
        where = f"{document.doc_type} {document.number}"
        assert not BLANK.search(text), f"{where}: blank placeholder"
        assert not ENGLISH.findall(text), f"{where}: English {ENGLISH.findall(text)}"
        assert not ISO_DATE.findall(text), f"{where}: dates {ISO_DATE.findall(text)}"
        assert squeeze(body_a.name) in text, where
        for needle in _expected(document):
            assert needle in text, f"{where}: “{needle}” missing"
            checks += 1
        if document.doc_type == "on_spot_penalty_decision":
            assert "立案" not in text, f"{where}: a case opened under the simple procedure"
        checks += 3
    digests = [d.digest for d in issued if d.doc_type == "service_receipt"]
    assert len(digests) == len(set(digests)), "two proofs of service are identical"
    # The count of documents and checks, for the report.
    print(f"documents={len(issued)} types={len(types)} checks={checks}")


def test_document_with_a_missing_element_is_refused_naming_it_R_AST_03(body_a, officers):
    from sanxiang.core.errors import RuleViolation

    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="inquiry_record",
                       issued_on=ago(29),
                       data={"interviewee": "张三", "asked_at": f"{ago(29)}T09:00",
                             "doc_place": "办公室", "qa": "问：是否知情？", "signed": True})
    assert refused.value.code == "R-AST-03"
    assert "询问问答" in refused.value.message
    # A proof of service left with the party needs its witnesses and the reason.
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="correction_order",
                       issued_on=ago(29), data={"correction": "整改"})
    assert "改正期限" in refused.value.message
    assert not case.documents.filter(step="investigate").exists()


def test_receipt_names_each_document_served_and_proof_of_leaving_R_CASE_06(
        body_a, officers):
    from sanxiang.core.errors import RuleViolation

    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    step(case, "investigate", on=ago(25), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(22), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    notice = issue(case, "penalty_prior_notice", ago(20),
                   data={"notified_kinds": ["fine"], "notified_fine": "5000"})
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="service_receipt",
                       issued_on=ago(20), data={"method": "leaving", "recipient": "王某",
                                                "served_on": ago(20)})
    assert "见证人" in refused.value.message
    receipt = issue_document(acting_user=None, case=case, doc_type="service_receipt",
                             issued_on=ago(20),
                             data={"method": "leaving", "recipient": "王某",
                                   "served_on": ago(20), "witnesses": "村委会主任李某",
                                   "leaving_reason": "受送达人拒绝签收"})
    text = pdf_text(receipt)
    assert squeeze(f"{notice.title}（{notice.number}）") in text
    assert "李某" in text and "拒绝签收" in text
    assert receipt.data["values"]["served_documents"] == [notice.pk]


def test_prior_notice_states_hearing_right_only_where_article_63_applies_R_CASE_04(
        body_a, officers):
    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    step(case, "investigate", on=ago(25), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(22), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    small = issue(case, "penalty_prior_notice", ago(20),
                  data={"notified_kinds": ["fine"], "notified_fine": "5000"})
    large = issue(case, "penalty_prior_notice", ago(20),
                  data={"notified_kinds": ["fine", "suspend_business"],
                        "notified_fine": "5000"})
    assert "要求举行听证" not in pdf_text(small)
    assert "要求举行听证" in pdf_text(large) and "5个工作日" in pdf_text(large)
    assert "3个工作日" in pdf_text(small)


def test_dates_in_chinese_and_number_year_is_issue_year_R_REC_08(body_a, officers):
    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    step(case, "investigate", on=ago(25), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(22), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"})
    notice = issue(case, "penalty_prior_notice", ago(20),
                   data={"notified_kinds": ["fine"], "notified_fine": "5000"})
    assert f"〔{ago(20).year}〕" in notice.number
    from sanxiang.cases.documents import format_date_upper

    assert format_date_upper(ago(20)) in pdf_text(notice)
    assert ago(20) + timedelta(days=0) == notice.issued_on


def test_each_officer_row_stays_on_one_page_with_its_qr_code_R_PUB_03(body_a, officers):
    """A party verifies an officer by the name, certificate number and QR code together: a
    page break never separates them, wherever the officers' table falls on the page."""
    case = make_case(body_a, officers, days_ago=30)
    step(case, "open", on=ago(30))
    fact = "现场检查发现该单位未建立安全生产教育和培训档案，未如实记录培训情况。"
    for lines in range(2, 26, 2):
        order = issue(case, "correction_order", ago(29), data={"summary": fact * lines})
        pages = [squeeze(page.extract_text() or "")
                 for page in PdfReader(io.BytesIO(blobs.read_bytes(order.digest))).pages]
        for number, page in enumerate(pages, start=1):
            assert page.count("执法证号") == page.count("扫码在公示平台核验"), (
                f"{lines} lines of facts, page {number}")
        assert sum(page.count("执法证号") for page in pages) == len(officers)


def test_inspection_correction_order_states_what_the_inspection_found_R_AST_03(body_a,
                                                                               officers):
    """An inspection case records what it sets out to check; the order to correct states
    what the inspection found (the demo's said “经查，检查内容：…”)."""
    case = make_case(body_a, officers, procedure="inspection", days_ago=20,
                     facts="检查内容：安全生产教育和培训情况。")
    step(case, "prepare", on=ago(20), data={"plan": "检查安全培训档案。"})
    step(case, "inspect", on=ago(19), data={"findings": "检查发现未建立安全培训档案。"})
    text = pdf_text(issue(case, "correction_order", ago(18)))
    assert "检查发现未建立安全培训档案" in text
    assert "检查内容" not in text
