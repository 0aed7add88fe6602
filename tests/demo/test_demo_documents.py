"""Every document of a small demo is filled from its case's data (issue 11, item 11).

One case per scenario is loaded through the actions; every issued document's PDF is read
back: no blank placeholder, no English word, every element its type requires is stated,
and a decision names its provisions and its remedies.
"""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from sanxiang.cases import documents
from sanxiang.cases.models import Document
from sanxiang.core import blobs
from sanxiang.demo import cases, county
from sanxiang.demo.bodies import BODIES
from sanxiang.org.models import Body, Officer

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"[A-Za-z]{3,}")
BLANK = re.compile(r"_{3,}|＿{2,}")
FOOTER = re.compile(r"案件编号：[^第]*?第\d+页共\d+页")


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(blobs.read_bytes(document.digest)))
    text = "".join("".join(page.extract_text() or "" for page in reader.pages).split())
    return FOOTER.sub("", text)


def test_every_demo_document_is_filled_from_its_case_R_AST_03(monkeypatch):
    monkeypatch.setenv(cases.ENV_COUNT, "0")
    county.load()
    bodies = {row.key: Body.objects.get(name=row.name) for row in BODIES}
    officers = {o.pk: o for o in Officer.objects.all()}
    result = cases.load(bodies=bodies, officers=officers, today=timezone.localdate(),
                        seed=2026, count=len(cases.SCENARIOS) + 3)
    assert result.failures == [], "\n".join(map(str, result.failures))

    issued = list(Document.objects.select_related("case", "issuer").order_by("pk"))
    assert len(issued) == result.documents > 100
    receipts: dict[int, set[str]] = {}
    for document in issued:
        where = f"{document.case.number} {document.doc_type} {document.number}"
        assert documents.missing_elements(document.data) == [], where
        text = pdf_text(document)
        assert not BLANK.search(text), f"{where}: blank placeholder"
        assert not ENGLISH.findall(text), f"{where}: English {ENGLISH.findall(text)}"
        assert "".join(document.issuer.name.split()) in text, where
        elements = documents.elements(document.data)
        if document.doc_type in ("penalty_decision", "on_spot_penalty_decision",
                                 "penalty_prior_notice"):
            for key in ("violated_provision", "penalty_provision"):
                assert "".join(elements[key].split()) in text, f"{where}: {key}"
        if document.doc_type in ("penalty_decision", "on_spot_penalty_decision"):
            assert "六十日" in text and "六个月" in text, where
        if document.doc_type == "service_receipt":
            for served in elements["served_documents"]:
                assert "".join(served.split()) in text, f"{where}: {served}"
            assert document.digest not in receipts.setdefault(document.case_id, set()), where
            receipts[document.case_id].add(document.digest)
    print(f"demo documents checked: {len(issued)}")
