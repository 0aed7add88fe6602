"""What the demo's documents said wrong, read back from the PDF (ADR 0058).

Each test issues a document through the engine, as an officer does, and reads the text of
its PDF: a fact said twice, a row printed twice, a reconsideration body left out, an
officer's name broken over two lines, a licence decision's reasons labelled 摘要.
"""

import copy
import io
from decimal import Decimal

import pytest
from conftest import qualified_officer
from pypdf import PdfReader

from sanxiang.cases.documents import elements, render_html
from sanxiang.cases.models import Document
from sanxiang.core import blobs
from sanxiang.core.pdf import html_to_pdf
from sanxiang.discretion.calculator import yuan

from .engine_helpers import ago, step
from .factories import make_case
from .test_document_content import issue, pdf_text, squeeze

pytestmark = pytest.mark.django_db


def lines_of(document: Document) -> list[str]:
    reader = PdfReader(io.BytesIO(blobs.read_bytes(document.digest)))
    return [line.strip() for page in reader.pages
            for line in (page.extract_text() or "").splitlines()]


def test_correction_order_says_jingcha_once_when_the_facts_open_with_it_R_AST_03(
        body_a, officer_a1, officer_a2):
    """The officer's facts open with 经查 (as the demo's do); the order says “经查，” once."""
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=30,
                     facts="经查，当事人未建立安全生产教育和培训档案。")
    step(case, "open", on=ago(30))
    text = pdf_text(issue(case, "correction_order", ago(29)))
    assert "经查，当事人未建立安全生产教育和培训档案" in text
    assert text.count("经查") == 1, text


def test_no_penalty_decision_names_where_to_seek_reconsideration_R_CASE_09(
        body_a, officer_a1, officer_a2):
    """Every decision that states remedies says to whom the party applies for
    reconsideration (处罚法 59(五)); the no-penalty decision said only 依法申请行政复议."""
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=40)
    step(case, "open", on=ago(40))
    step(case, "investigate", on=ago(35), to="investigation_report", data={"summary": "查明"})
    step(case, "investigation_report", on=ago(30), to="no_penalty",
         data={"summary": "首违不罚"})
    step(case, "no_penalty", on=ago(25), to="serve",
         data={"basis": "first_violation", "education": "当场进行了安全生产法律法规教育。"})
    decision = case.documents.get(doc_type="no_penalty_decision")
    review_body = elements(decision.data)["review_body"]
    assert review_body
    assert squeeze(f"向{review_body}申请行政复议") in pdf_text(decision)


def test_officer_name_is_never_broken_over_two_lines_R_PUB_03(body_a, officer_a1, fields):
    """A three-character name in the officers' table stays on one line (the demo's read
    姚一 / 东): a party reads the name beside the certificate number and QR code."""
    third = qualified_officer(body_a, "欧阳明华", ["AQSC"], "13010201077")
    case = make_case(body_a, [third, officer_a1], days_ago=30,
                     facts="经查，当事人未建立安全生产教育和培训档案。")
    step(case, "open", on=ago(30))
    order = issue(case, "correction_order", ago(29))
    lines = lines_of(order)
    assert any(line.startswith("欧阳明华") for line in lines), lines
    assert "欧阳" not in lines and "欧阳明" not in lines


def test_on_site_record_states_the_place_once_R_REC_01(body_a, officer_a1, officer_a2):
    """The seizure step records its place and the record its own: both 地点, one row."""
    case = make_case(body_a, [officer_a1, officer_a2], procedure="coercion", days_ago=10)
    step(case, "approve", on=ago(10), to="seize", data={"measure": "扣押涉案危险化学品。"})
    step(case, "seize", on=ago(10), data={"items": "危险化学品20桶", "place": "当事人厂区"})
    record = case.documents.get(doc_type="on_site_record")
    text = pdf_text(record)
    assert "当事人厂区" in text
    assert text.count("地点") == 1, text


def test_licence_decision_states_its_reasons_under_that_name_R_CASE_09(
        body_a, officer_a1, officer_a2):
    """许可法 38: a refusal states its reasons; the row read 摘要 (summary)."""
    case = make_case(body_a, [officer_a1, officer_a2], procedure="licence", days_ago=20)
    step(case, "apply", on=ago(20), data={"matter": "危险化学品经营许可"})
    step(case, "accept", on=ago(19), to="examine")
    step(case, "examine", on=ago(10), to="decide", data={"summary": "不符合法定条件。"})
    text = pdf_text(issue(case, "licence_refusal_decision", ago(8),
                          data={"summary": "安全距离不符合要求。"}))
    assert "决定内容及理由安全距离不符合要求" in text
    assert "摘要" not in text


def test_discretion_amounts_are_written_without_a_space_before_yuan_R_AST_03():
    """裁量基准建议罚款5,000元至20,000元, as the prior notice states it (was “5,000 元”)."""
    assert yuan(Decimal("5000")) == "5,000元"
    assert yuan(Decimal("20000.50")) == "20,000.50元"


LONG = "当事人未建立安全生产教育和培训档案，未如实记录培训情况。"


def _pages(document: Document, put, times: int) -> list[str]:
    """The text (without spaces) of each page of ``document`` re-rendered with a body of
    ``times`` sentences (``put`` places it in the content)."""
    content = copy.deepcopy(document.data)
    put(content, "经查，" + LONG * times)
    pdf = html_to_pdf(render_html(content, document.number))
    return ["".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def _closing_page(pages: list[str], closing: str) -> str:
    holding = [text for text in pages if closing in text]
    assert holding, pages
    return holding[-1]


def test_seal_or_signatures_never_alone_on_a_page_R_AST_03(body_a, officer_a1, officer_a2):
    """GB/T 9704: the 落款 keeps some of the text it closes on its page. A decision's layout
    (body, the officers' table, the seal) with bodies that left the table and the seal on a
    page of their own (ADR 0063 measured 21–29 sentences); a record in the generic layout
    (its text, then the signatures) whose text just fills two pages, found by bisection."""
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=30,
                     facts="经查，当事人未建立安全生产教育和培训档案。")
    step(case, "open", on=ago(30))
    order = issue(case, "correction_order", ago(29))

    def facts(content, text):
        content["case"]["facts"] = text
        for recorded in content.get("recorded", {}).values():
            recorded.pop("facts", None)
        content["values"].pop("facts", None)

    for times in (23, 26):
        page = _closing_page(_pages(order, facts, times), "（印章）")
        assert "未如实记录培训情况" in page or "逾期不改正" in page, (times, page)

    case = make_case(body_a, [officer_a1, officer_a2], procedure="coercion", days_ago=10)
    step(case, "approve", on=ago(10), to="seize", data={"measure": "扣押涉案危险化学品。"})
    step(case, "seize", on=ago(10), data={"items": "危险化学品20桶", "place": "当事人厂区"})
    record = case.documents.get(doc_type="on_site_record")

    def text(content, text):
        content["values"]["record"] = text

    # The fewest sentences whose text runs onto a third page; one fewer fills two pages
    # nearly exactly, and there the signatures used to open the third page alone.
    def spills(times):
        return any("未如实记录培训" in page for page in _pages(record, text, times)[2:])

    low, high = 14, 40
    assert not spills(low) and spills(high)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if spills(middle) else (middle, high)
    page = _closing_page(_pages(record, text, low), "当事人（签名）")
    assert "未如实记录培训" in page, (low, page)
