"""Case documents (文书): content of the penalty decision (处罚法 59), corrections as new
versions (R-REC-02), digests in the ledger, the editable copy, refusals (R-REC-08)."""

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from sanxiang.cases import documents
from sanxiang.cases.document_actions import correct_document, issue_document
from sanxiang.cases.models import Case, Document
from sanxiang.core import blobs
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.pdf import require_cjk_font
from sanxiang.ledger.entries import history
from sanxiang.ledger.events import EventKind

from .engine_helpers import ago, step
from .factories import make_case
from .test_engine import run_to_statement

DECISION_DATA = {
    "decided_kinds": ["warning", "fine"],
    "decided_fine": "12000",
    "facts": "2026年1月检查发现，当事人未按规定对其构成重大危险源的液氨储罐区进行安全评估。",
    "evidence": "现场检查笔录\n询问笔录\n执法记录仪视频",
    "violated_provision": "《中华人民共和国安全生产法》第四十条第一款",
    "penalty_provision": "《中华人民共和国安全生产法》第一百零一条第二项",
    "payment_manner": "到中国工商银行石家庄长安支行缴纳",
}


def t(msgid: str, **params) -> str:
    """A phrase as the document prints it (in Chinese once the catalogue has it)."""
    with translation.override(documents.DOCUMENT_LANGUAGE):
        text = gettext(msgid)
        if params:
            text = text % params
    return "".join(text.split())


# The running footer (case number, page n of m) sits between the pages' text.
FOOTER = re.compile(r"案件编号：[^第]*?第\d+页共\d+页")


def pdf_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return FOOTER.sub("", "".join(text.split()))


@pytest.fixture
def case(body_a, officer_a1, officer_a2):
    return make_case(body_a, [officer_a1, officer_a2], days_ago=60)


def at_decision(case):
    """The case brought to its decision through the engine (notice of 12,000 元 served)."""
    run_to_statement(case, notified_fine="12000", kinds=("warning", "fine"))
    step(case, "statement", on=ago(40), to="decide", data={"waived": True})
    case.refresh_from_db()
    issue_document(acting_user=None, case=case, doc_type="internal_approval_form",
                   issued_on=ago(31), data={**DECISION_DATA, **APPROVAL})
    return case


APPROVAL = {"approval_opinion": "同意。", "approved_by": "孙志强", "approved_on": ago(31)}


def test_amount_in_words():
    assert documents.amount_in_words(Decimal("12000")) == "壹万贰仟元整"
    assert documents.amount_in_words("10005.50") == "壹万零伍元伍角"
    assert documents.amount_in_words("100.05") == "壹佰元零伍分"
    assert documents.amount_in_words("0.5") == "伍角"
    assert documents.amount_in_words(0) == "零元整"
    assert documents.amount_in_words("100010000") == "壹亿零壹万元整"
    assert documents.amount_in_words("1050") == "壹仟零伍拾元整"
    assert documents.amount_in_words("200000") == "贰拾万元整"
    assert documents.format_amount("12000") == "12,000.00元"
    assert documents.format_date("2026-03-05") == "2026年3月5日"


def test_times_on_documents_are_stated_as_the_clock_read_in_china():
    """A time given in UTC (an API client's …Z) is stated on the document as the clock in
    Asia/Shanghai read it: 02:00 UTC is 10时00分, and 18:30 UTC is the next day."""
    assert documents.format_datetime("2026-03-05T02:00:00+00:00") == "2026年3月5日10时00分"
    assert documents.format_datetime("2026-03-05T18:30:00Z") == "2026年3月6日2时30分"
    assert documents.format_datetime("2026-03-05T09:30:00+08:00") == "2026年3月5日9时30分"


@pytest.mark.django_db
def test_penalty_decision_carries_article_59_items_R_REC_08(case, officer_a1, officer_a2):
    issued_on = ago(30)
    at_decision(case)
    document = issue_document(acting_user=None, case=case, doc_type="penalty_decision",
                              issued_on=issued_on, data=DECISION_DATA)
    pdf = documents.pdf_bytes(document)
    require_cjk_font(pdf)
    text = pdf_text(pdf)
    assert document.number == f"长安区应急罚〔{issued_on.year}〕1号"
    for expected in (
        document.number, "行政处罚决定书", "石家庄市长安区应急管理局",
        "滹阳县宏达化工有限公司", "滹阳县工业园区纬三路8号", "赵立新",  # party, address
        "液氨储罐区", "询问笔录",  # facts and evidence
        "《中华人民共和国安全生产法》第四十条第一款",
        "《中华人民共和国安全生产法》第一百零一条第二项",  # legal basis
        t("1. Facts and evidence of the violation"), t("2. Legal basis and penalty"),
        "警告", "12,000.00元", "壹万贰仟元整",  # kind and amount
        t("3. Manner and time limit of performance"),
        t("Within %(days)s days of receiving this decision: %(manner)s.", days=15,
          manner=DECISION_DATA["payment_manner"]),
        t("4. Remedies"), "六十日", "六个月",
        documents.format_date_upper(issued_on),  # the body and the date
        officer_a1.name, officer_a2.name, "13010201001", "13010201002",
    ):
        assert expected in text, expected
    # One QR code per officer, pointing at the officer's public page (R-PUB-03).
    urls = [officer["url"] for officer in document.data["officers"]]
    assert urls[0].endswith("/officers/13010201001/")
    assert urls[1].endswith("/officers/13010201002/")
    html = documents.render_html(document.data, document.number)
    assert html.count('src="data:image/svg+xml') == 2


@pytest.mark.django_db
def test_on_spot_decision_states_place_and_remedies(body_a, officer_a1, officer_a2):
    case = make_case(body_a, [officer_a1, officer_a2], procedure="penalty_simple", days_ago=0)
    decision = issue_document(acting_user=None, case=case, doc_type="on_spot_penalty_decision",
                              issued_on=timezone.localdate(),
                              data={"decided_kinds": ["fine"], "decided_fine": "200",
                                    "place": "长安区建设北大街12号",
                                    "facts": "当事人在厂区外违规堆放易燃物品。",
                                    "violated_provision": DECISION_DATA["violated_provision"],
                                    "penalty_provision": DECISION_DATA["penalty_provision"],
                                    "payment_manner": "当场缴纳"})
    text = pdf_text(documents.pdf_bytes(decision))
    assert decision.number.startswith("长安区应急简罚〔")
    assert "贰佰元整" in text and "长安区建设北大街12号" in text and t("4. Remedies") in text


@pytest.mark.django_db
def test_ledger_digest_equals_stored_bytes_R_REC_02(case):
    document = issue_document(acting_user=None, case=case, doc_type="case_opening_form",
                              issued_on=case.opened_on,
                              data={"source": "日常检查", "facts": "检查发现违法行为。",
                                    **APPROVAL, "approved_on": case.opened_on})
    event = history(document).get()
    assert event.kind == EventKind.DOCUMENT_ISSUED
    assert document.ledger_seq == event.seq
    stored = blobs.read_bytes(document.digest)
    payload = json.loads(event.payload)
    assert payload["digest"] == document.digest == blobs.digest_of_bytes(stored)
    assert payload["case"] == case.number and payload["version"] == 1
    assert document.size == len(stored)


@pytest.mark.django_db
def test_correction_is_a_new_version_and_original_unchanged_R_REC_02(case):
    at_decision(case)
    original = issue_document(acting_user=None, case=case, doc_type="penalty_decision",
                              issued_on=ago(30), data=DECISION_DATA)
    original_bytes = documents.pdf_bytes(original)
    original_row = Document.objects.filter(pk=original.pk).values().get()
    corrected = correct_document(acting_user=None, document=original,
                                 reason="罚款金额笔误", data={"decided_fine": "10000"},
                                 issued_on=timezone.localdate())
    assert corrected.version == 2 and corrected.corrects_id == original.pk
    assert corrected.number == original.number and corrected.serial == original.serial
    assert corrected.digest != original.digest
    text = pdf_text(documents.pdf_bytes(corrected))
    assert "壹万元整" in text and "罚款金额笔误" in text
    # The original: same row, same bytes, same digest (R-REC-02).
    assert Document.objects.filter(pk=original.pk).values().get() == original_row
    assert blobs.read_bytes(original.digest) == original_bytes
    assert blobs.verify(original.digest)
    issued, correction = history(original).get(), history(corrected).get()
    assert issued.kind == EventKind.DOCUMENT_ISSUED
    assert correction.kind == EventKind.DOCUMENT_CORRECTED
    assert json.loads(issued.payload)["digest"] == original.digest
    payload = json.loads(correction.payload)
    assert payload["digest"] == corrected.digest and payload["version"] == 2
    assert payload["corrects_digest"] == original.digest
    original.refresh_from_db()
    assert original.superseded
    with pytest.raises(RuleViolation) as refused:
        correct_document(acting_user=None, document=original, reason="再次更正",
                         data={"decided_fine": "9000"}, issued_on=timezone.localdate())
    assert refused.value.code == "R-REC-02"


@pytest.mark.django_db
def test_refuses_unknown_or_foreign_document_type_R_REC_08(case):
    for doc_type in ("no_such_document", "seizure_decision"):
        with pytest.raises(RuleViolation) as refused:
            issue_document(acting_user=None, case=case, doc_type=doc_type,
                           issued_on=timezone.localdate())
        assert refused.value.code == "R-REC-08"
    assert not Document.objects.filter(case=case).exists()


OPENING = {"source": "日常检查", "facts": "检查发现违法行为。"}


@pytest.mark.django_db
def test_refuses_closed_case_and_outsiders(case, officer_user_b, officer_user_a, head_user_a):
    with pytest.raises(PermissionDenied):
        issue_document(acting_user=officer_user_b, case=case, doc_type="case_opening_form",
                       issued_on=case.opened_on, data=OPENING)
    document = issue_document(acting_user=head_user_a, case=case,
                              doc_type="case_opening_form", issued_on=case.opened_on,
                              data={**OPENING, **APPROVAL, "approved_on": case.opened_on})
    assert document.issued_by == head_user_a
    Case.objects.filter(pk=case.pk).update(state=Case.State.CLOSED)
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="case_opening_form",
                       issued_on=case.opened_on, data=OPENING)
    assert refused.value.code == "CASE"


@pytest.mark.django_db
def test_only_the_head_records_the_approval_opinion_R_CASE_13(case, officer_user_a):
    with pytest.raises(PermissionDenied):
        issue_document(acting_user=officer_user_a, case=case, doc_type="case_opening_form",
                       issued_on=case.opened_on, data={**OPENING, **APPROVAL})
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=officer_user_a, case=case, doc_type="case_opening_form",
                       issued_on=case.opened_on, data=OPENING)
    assert refused.value.code == "R-AST-03" and "负责人审批意见" in refused.value.message
    assert not case.documents.exists()


@pytest.mark.django_db
def test_officer_issues_a_decision_only_with_the_heads_recorded_approval_R_REC_08(
        case, officer_user_a, head_user_a):
    run_to_statement(case, notified_fine="12000", kinds=("warning", "fine"))
    step(case, "statement", on=ago(40), to="decide", data={"waived": True})
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        issue_document(acting_user=officer_user_a, case=case, doc_type="penalty_decision",
                       issued_on=ago(30), data=DECISION_DATA)
    issue_document(acting_user=head_user_a, case=case, doc_type="internal_approval_form",
                   issued_on=ago(31), data={**DECISION_DATA, **APPROVAL})
    decision = issue_document(acting_user=officer_user_a, case=case,
                              doc_type="penalty_decision", issued_on=ago(30),
                              data=DECISION_DATA)
    assert decision.issued_by == officer_user_a


@pytest.mark.django_db
def test_issue_date_between_opening_and_today_R_CASE_15(case):
    for day in (timezone.localdate() + timedelta(days=1), case.opened_on - timedelta(days=1),
                date(425, 1, 1)):
        with pytest.raises(RuleViolation) as refused:
            issue_document(acting_user=None, case=case, doc_type="case_opening_form",
                           issued_on=day, data={**OPENING, **APPROVAL})
        assert refused.value.code == "R-CASE-15"
    approved_on = case.opened_on + timedelta(days=2)
    step(case, "open", on=approved_on)
    case.refresh_from_db()
    # After a step, a document of the next step is not dated before it.
    with pytest.raises(RuleViolation) as refused:
        issue_document(acting_user=None, case=case, doc_type="correction_order",
                       issued_on=approved_on - timedelta(days=1),
                       data={"summary": "查明", "correction": "整改",
                             "correct_by": timezone.localdate()})
    assert refused.value.code == "R-CASE-15"


@pytest.mark.django_db
def test_officer_cannot_post_a_second_decision_through_the_api_R_REC_08(
        case, officer_user_a, head_user_a, client_for):
    at_decision(case)
    step(case, "decide", user=head_user_a, on=ago(30), data=DECISION_DATA)
    case.refresh_from_db()
    client = client_for(officer_user_a)
    before = Document.objects.filter(case=case, doc_type="penalty_decision").count()
    for day in (timezone.localdate(), date(2031, 1, 1)):
        response = client.post(f"/api/cases/{case.pk}/documents", {
            "doc_type": "penalty_decision", "issued_on": day.isoformat(),
            "data": {**DECISION_DATA, "decided_fine": "999999"}},
            content_type="application/json")
        assert response.status_code in (403, 409, 422), response.content
    assert Document.objects.filter(case=case, doc_type="penalty_decision").count() == before
    assert not Document.objects.filter(number__contains="2031").exists()


@pytest.mark.django_db
def test_docx_opens_and_contains_the_number(case):
    from docx import Document as Docx

    at_decision(case)
    document = issue_document(acting_user=None, case=case, doc_type="penalty_decision",
                              issued_on=ago(30), data=DECISION_DATA)
    opened = Docx(io.BytesIO(documents.docx_bytes(document)))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert document.number in text
    assert "壹万贰仟元整" in text and "人民法院" in text


@pytest.mark.django_db
def test_word_copy_shows_each_officers_qr_code_as_the_pdf_does_R_PUB_03(case):
    """The Word copy says 扫码核验 beside each officer, as the PDF does: so it carries the
    officer's QR code too (the code of the officer's public page, R-PUB-03)."""
    import segno
    from docx import Document as Docx

    at_decision(case)
    document = issue_document(acting_user=None, case=case, doc_type="penalty_decision",
                              issued_on=ago(30), data=DECISION_DATA)
    officers = [o for o in document.data["officers"] if o.get("url")]
    assert len(officers) >= 2
    opened = Docx(io.BytesIO(documents.docx_bytes(document)))
    rows = [p for p in opened.paragraphs if "扫码在公示平台核验" in p.text]
    assert len(rows) == len(officers)
    for row, officer in zip(rows, officers, strict=True):
        assert officer["name"] in row.text and officer["certificate"] in row.text
        [blip] = row._p.xpath(".//a:blip")
        image = opened.part.related_parts[blip.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")]
        expected = io.BytesIO()
        segno.make(officer["url"], error="m").save(expected, kind="png", scale=4, border=1)
        assert image.blob == expected.getvalue()
