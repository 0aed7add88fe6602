"""What the seventh walk (ADR 0083) read wrong in the demo's documents, read back from the PDF.

One general case runs from 立案 to 归档 through the engine, as an officer's does; its
documents are read line by line as pypdf extracts them: a label broken before its last
character in the narrow label column (拟作出的处罚 / 种类, 当事人或见证 / 人), the officers'
note broken the same way (核验执法人员身 / 份), a document number broken before 号 in the
case file's index, and a site record confirmed by “被询问人” (nobody is questioned there).
"""

import io

import pytest
from conftest import qualified_officer
from pypdf import PdfReader

from sanxiang.cases.models import Document
from sanxiang.core import blobs

from .engine_helpers import ago, step
from .factories import make_case
from .test_document_content import issue

pytestmark = pytest.mark.django_db


def lines_of(document: Document) -> list[str]:
    reader = PdfReader(io.BytesIO(blobs.read_bytes(document.digest)))
    return [
        line.strip() for page in reader.pages for line in (page.extract_text() or "").splitlines()
    ]


@pytest.fixture
def archived_case(body_a, officer_a1, fields):
    """A general case with a site record, a fine, its approval form and its archive; one
    officer holds a certificate numbered as the demo's are (冀 and 14 digits), which
    leaves the officers' note the width the demo's documents give it."""
    third = qualified_officer(body_a, "姚一东", ["AQSC"], "冀13013920230035")
    case = make_case(
        body_a,
        [third, officer_a1],
        days_ago=60,
        facts="经查，当事人未建立安全生产教育和培训档案。",
    )
    step(case, "open", on=ago(60))
    issue(case, "site_inspection_record", ago(58))
    step(
        case,
        "investigate",
        on=ago(55),
        to="investigation_report",
        data={"summary": "现场检查发现未建立安全培训档案。"},
    )
    step(
        case,
        "investigation_report",
        on=ago(50),
        to="notify",
        data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款"},
    )
    step(
        case,
        "notify",
        on=ago(45),
        to="statement",
        data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(45)},
    )
    step(
        case,
        "statement",
        on=ago(42),
        to="decide",
        data={"statement_made": True, "summary": "当事人无异议。"},
    )
    step(case, "decide", on=ago(35), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    step(case, "serve", on=ago(34), to="execute", data={"served_on": ago(34), "method": "direct"})
    step(
        case,
        "execute",
        on=ago(20),
        data={
            "paid_on": ago(20),
            "paid_amount": "5000",
            "payment_channel": "bank",
            "collected_by": "中国农业银行滹阳县支行",
            "receipt_number": "FS130139-2026-0002",
        },
    )
    step(case, "close", on=ago(10))
    step(case, "archive", on=ago(5))
    return case


def _document(case, doc_type) -> Document:
    return case.documents.filter(doc_type=doc_type).latest("issued_at")


def test_a_form_row_label_is_never_broken_before_its_last_character_R_AST_03(archived_case):
    """The label column of the record and approval tables (22% of the line) broke the
    demo's 7-character labels: 当事人或见证 / 人, 拟作出的处罚 / 种类, 决定的处罚种 / 类."""
    labels = {
        "site_inspection_record": ["当事人或见证人"],
        "investigation_report": ["拟作出的处罚种类", "处理意见及理由"],
        "internal_approval_form": ["决定的处罚种类", "机关负责人审批意见"],
    }
    for doc_type, wanted in labels.items():
        lines = lines_of(_document(archived_case, doc_type))
        for label in wanted:
            assert any(line.startswith(label) for line in lines), (doc_type, label, lines)
            head, tail = label[:-2], label[-2:]
            assert not any(
                line.endswith(head) or line == tail or line == label[-1] for line in lines
            ), (doc_type, label, lines)


def test_the_officers_note_is_never_broken_before_its_last_character_R_PUB_03(archived_case):
    """Beside each officer's QR code: 扫码在公示平台核验执法人员身份。 — it read
    “…核验执法人员身 / 份。” on every decision."""
    text = "\n".join(lines_of(_document(archived_case, "penalty_decision")))
    assert text.count("核验执法人员身份。") == 2, text


def test_the_index_prints_each_number_whole_R_REC_01(archived_case):
    """The case file's index broke numbers before 号 (县应急罚告〔2026〕1 / 号) and names
    of documents (行政处罚事先告 / 知书)."""
    lines = lines_of(_document(archived_case, "case_file_index"))
    numbered = archived_case.documents.exclude(number="").exclude(
        doc_type__in=("case_file_cover", "case_file_index")
    )
    assert numbered.count() >= 2
    for document in numbered:
        assert any(document.number in line and document.title in line for line in lines), (
            document.number,
            lines,
        )
    assert "号" not in lines


def test_a_site_record_is_confirmed_by_the_person_present_R_REC_01(archived_case):
    """A 现场检查笔录 said 确认情况：被询问人已核对并签名 — nobody is questioned at a
    site inspection; whoever was present (当事人或见证人) signs it."""
    text = "".join(lines_of(_document(archived_case, "site_inspection_record")))
    assert "确认情况：在场人员已核对并签名。" in text, text
    assert "被询问人" not in text
