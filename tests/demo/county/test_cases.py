"""The demo county's cases (``sanxiang.demo.cases``): every procedure and state, through the
actions, with documents and recordings.

Documents are rendered as PDF, so the cases are loaded with a small count — one case per
scenario (there are fewer than forty) is enough for every state — and once for the tests
that read them (``loaded_demo``: the package's shared rows, rolled back after it).

Every document of that demo is filled from its case's data (issue 11, item 11): every
issued document's PDF is read back: no blank placeholder, no English word, every element
its type requires is stated, and a decision names its provisions and its remedies.
"""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from sanxiang.assist.models import Transcript
from sanxiang.cases import actions, deadlines, documents
from sanxiang.cases.models import Case, Document, ExcludedPeriod, Extension, Recusal, StepRecord
from sanxiang.cases.workflows import PROCEDURES
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.core.identifiers import validate_credit_code, validate_resident_id
from sanxiang.core.models import LedgerEvent
from sanxiang.demo import cases
from sanxiang.demo.bodies import BODIES
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import Body, Officer
from sanxiang.records.models import Evidence, RecordingException
from sanxiang.review.models import Submission

from .conftest import COUNT

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"[A-Za-z]{3,}")
BLANK = re.compile(r"_{3,}|＿{2,}")
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
FOOTER = re.compile(r"案件编号：[^第]*?第\d+页共\d+页")


def pdf_text(document: Document) -> str:
    reader = PdfReader(io.BytesIO(blobs.read_bytes(document.digest)))
    text = "".join("".join(page.extract_text() or "" for page in reader.pages).split())
    return FOOTER.sub("", text)


def county_rows():
    bodies = {row.key: Body.objects.get(name=row.name) for row in BODIES}
    officers = {o.pk: o for o in Officer.objects.all()}
    return bodies, officers


def load_cases(bodies, officers, count):
    return cases.load(bodies=bodies, officers=officers, today=timezone.localdate(),
                      seed=2026, count=count)


@pytest.fixture
def demo_cases(loaded_demo):
    """The case loader's result, and the pks of the county's own cases (opened from a
    random inspection's result and from a complaint), which the loader did not open."""
    result = loaded_demo.cases
    county_cases = set(Case.objects.exclude(pk__in=result.case_pks).values_list("pk",
                                                                              flat=True))
    return result, county_cases


class TestTheDemoCases:
    def test_demo_cases_cover_every_procedure_state_and_rule(self, demo_cases):
        result, county_cases = demo_cases
        assert result.failures == []
        assert result.cases == COUNT == Case.objects.exclude(pk__in=county_cases).count()
        assert set(result.scenarios) == {code for code, _p, _w in cases.SCENARIOS}

        all_cases = list(Case.objects.select_related("body"))
        assert {c.procedure for c in all_cases} == set(PROCEDURES)
        assert {c.state for c in all_cases} == set(Case.State.values)
        assert len({c.body_id for c in all_cases}) >= 5
        general = [c for c in all_cases if c.procedure == "penalty_general"]
        open_steps = {c.current_step for c in general if c.state == Case.State.OPEN}
        assert {"open", "investigate", "decide", "legal_review", "execute", "close", "archive",
                "hearing_request", "hearing_notice"} <= open_steps
        recorded = set(StepRecord.objects.values_list("step", flat=True))
        assert {"no_penalty", "transfer", "cancel", "hearing", "collective_discussion",
                "decide_on_spot", "file", "recheck", "to_case", "finish", "extend", "enforce",
                "release", "issue_certificate"} <= recorded
        assert Case.objects.filter(procedure="licence", current_step="supplement").exists()
        on_spot = Case.objects.filter(procedure="penalty_simple", decided_fine__isnull=False)
        for case in on_spot.prefetch_related("parties"):
            limit = 200 if case.parties.get().kind == "natural_person" else 3000
            assert case.decided_fine <= Decimal(limit)

        # Parties carry valid identifiers.
        for case in Case.objects.prefetch_related("parties"):
            for party in case.parties.all():
                if party.id_kind == "resident_id":
                    assert validate_resident_id(party.id_number) == party.id_number
                else:
                    assert validate_credit_code(party.id_number) == party.id_number

        # Overdue cases are simply left open past their deadline.
        overdue = {d.rule.rule for c in all_cases if c.state == Case.State.OPEN
                   for d in deadlines.case_deadlines(c) if d.overdue}
        assert {"R-CASE-05", "R-CASE-06"} <= overdue

        # Recusals, excluded periods, an extension, a recording exception.
        assert set(Recusal.objects.values_list("outcome", flat=True)) >= {
            Recusal.Outcome.PENDING, Recusal.Outcome.GRANTED}
        assert ExcludedPeriod.objects.filter(kind="testing").exists()
        assert ExcludedPeriod.objects.filter(kind="hearing").exists()
        assert Extension.objects.filter(rule="R-CASE-05").exists()
        assert Extension.objects.filter(rule="R-CASE-10").exists()
        assert RecordingException.objects.filter(
            outcome=RecordingException.Outcome.APPROVED).exists()
        # Legal reviews in every state: waiting, under review, sent back, passed, refused.
        assert set(Submission.objects.values_list("state", flat=True)) >= {
            Submission.State.PENDING, Submission.State.REVIEWING, Submission.State.DECIDED}
        assert set(Submission.objects.values_list("outcome", flat=True)) >= {
            Submission.Outcome.PASSED, Submission.Outcome.REJECTED}

        # Documents for every step that needs them, rendered.
        assert sum(c.documents.count() for c in all_cases) == result.documents > 100

        _recordings_have_full_metadata_R_REC_04()
        _speech_recording_queued_for_transcription_R_AST_05(result)
        _late_upload_flagged_R_REC_05()
        _review_gate_blocks_the_decision_R_REV_02()

        # Every write went through the ledger, which verifies.
        verified = ledger_verify.verify(workers=1)
        assert verified.ok, verified.summary()
        assert verified.size == LedgerEvent.objects.count()

    def test_every_demo_document_is_filled_from_its_case_R_AST_03(self, demo_cases):
        result, _county_cases = demo_cases
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
            assert not ISO_DATE.findall(text), f"{where}: dates {ISO_DATE.findall(text)}"
            assert "".join(document.issuer.name.split()) in text, where
            elements = documents.elements(document.data)
            if document.doc_type in ("penalty_decision", "on_spot_penalty_decision",
                                     "penalty_prior_notice"):
                for key in ("violated_provision", "penalty_provision"):
                    assert "".join(elements[key].split()) in text, f"{where}: {key}"
            if document.doc_type in ("penalty_decision", "on_spot_penalty_decision"):
                assert "六十日" in text and "六个月" in text, where
            if document.doc_type == "closing_report" and document.case.documents.filter(
                    doc_type="no_penalty_decision").exists():
                assert "处罚决定已执行" not in text, f"{where}: no penalty was decided"
            if document.doc_type == "correction_order":
                assert "针对对" not in text and "检查内容" not in text, where
            if document.doc_type == "service_receipt":
                for served in elements["served_documents"]:
                    assert "".join(served.split()) in text, f"{where}: {served}"
                assert document.digest not in receipts.setdefault(document.case_id, set()), where
                receipts[document.case_id].add(document.digest)
        print(f"demo documents checked: {len(issued)}")

    def test_demo_lifts_each_seizure_on_the_heads_own_approval_R_CASE_10(self, demo_cases):
        """强制法 27, 28: each released seizure has the head's approval of the lifting at the
        lifting step (the demo head account's, in its body), and its decision states what is
        released, under which decision, on which ground of art. 28 and from which day; an
        extension decision states the days added, from and to, and why (强制法 25)."""
        released = Document.objects.filter(doc_type="seizure_release_decision").select_related(
            "case", "issued_by")
        account = next(row.name for row in BODIES if row.key == cases.ACCOUNT_BODY)
        assert released.filter(case__body__name=account).exists()
        for decision in released:
            case, where = decision.case, decision.case.number
            approval = case.documents.get(step="release", doc_type="internal_approval_form")
            if case.body.name == account:  # the demo's head account approved the lifting
                assert approval.issued_by.username == "head", where
            record = case.steps.get(step="release").data
            text = pdf_text(decision)
            seizure = case.documents.get(doc_type="seizure_decision")
            seized = case.steps.get(step="seize").data["items"]
            on = date.fromisoformat(record["released_on"])
            for needle in (seized, seizure.number, "第二十八条第一款第",
                           f"决定自{on.year}年{on.month}月{on.day}日起解除",
                           "立即退还财物"):
                assert "".join(needle.split()) in text, f"{where}: {needle}"
        for decision in Document.objects.filter(doc_type="seizure_extension_decision"):
            extension = decision.case.extensions.get(rule="R-CASE-10", step="extend")
            text = pdf_text(decision)
            assert f"延长{extension.amount}日" in text and extension.reason in text


def _recordings_have_full_metadata_R_REC_04():
    evidence = list(Evidence.objects.select_related("case", "captured_by"))
    assert evidence
    assert len({e.digest for e in evidence}) == len(evidence)
    for item in evidence:
        data = blobs.read_bytes(item.digest)
        if item.content_type == "audio/ogg":  # the one with speech (R-AST-05)
            assert data[:4] == b"OggS" and b"OpusHead" in data[:64]
            assert item.size == len(data) == cases.SPEECH_CLIP.stat().st_size
        else:
            assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
            assert item.size == len(data) < 20_000
            assert item.content_type == "audio/wav"
        assert item.title and item.proves and item.place and item.device
        assert item.captured_by.body_id == item.case.body_id
        assert item.captured_from < item.captured_to <= item.uploaded_at
        assert item.ledger_seq
        # Named as an officer names the file: the case number and what it records, no code.
        stem, _dot, _extension = item.filename.rpartition(".")
        assert stem == f"{item.case.number}-{item.title}", item.filename
    assert Evidence.objects.filter(uninterrupted=True, step__in=("hearing", "seize",
                                                                 "enforce")).exists()


def _speech_recording_queued_for_transcription_R_AST_05(result):
    """One recording carries Mandarin speech (the committed 询问 clip), stored like any other
    (content-addressed, its digest verified, on the ledger), on a case the demo officer is
    on; with a speech engine installed its transcription waits for ``sanxiang worker``."""
    speech = Evidence.objects.select_related("case").get(content_type="audio/ogg")
    assert blobs.read_bytes(speech.digest) == cases.SPEECH_CLIP.read_bytes()
    assert blobs.verify(speech.digest)
    assert speech.step == cases.SPEECH_STEP and speech.filename.endswith(".opus")
    assert speech.case.case_officers.filter(officer__user__username="officer").exists()
    queued = Transcript.objects.get(evidence=speech)
    assert queued.state == Transcript.State.QUEUED and result.transcripts_queued == 1
    assert queued.requested_by.username == "officer"
    assert LedgerEvent.objects.filter(kind=EventKind.TRANSCRIPT_REQUESTED).count() == 1


def _late_upload_flagged_R_REC_05():
    late = Evidence.objects.filter(late=True)
    assert late.exists()
    for item in late:
        assert (item.uploaded_at - item.captured_to).total_seconds() > 24 * 3600


def _review_gate_blocks_the_decision_R_REV_02():
    # The reviewer refused, the handling unit disputed it and the heads discussed it: a
    # collective discussion never stands in for a passed review.
    blocked = Case.objects.get(state=Case.State.OPEN, current_step="decide",
                               review_submissions__outcome="rejected",
                               review_submissions__answer="disagreed")
    with pytest.raises(RuleViolation) as raised:
        actions.complete_step(acting_user=None, case=blocked, step="decide",
                              done_on=timezone.localdate(),
                              data={"decided_kinds": blocked.notified_kinds,
                                    "decided_fine": blocked.notified_fine})
    assert raised.value.code == "R-REV-02"


class _Undo(Exception):
    pass


def _load_and_undo(bodies, officers, count):
    snapshot = None
    try:
        with transaction.atomic():
            load_cases(bodies, officers, count)
            snapshot = list(Case.objects.order_by("number").values_list(
                "number", "title", "state", "current_step", "opened_on", "parties__name",
                "parties__id_number"))
            snapshot += list(Evidence.objects.order_by("digest").values_list("digest",
                                                                             "captured_from"))
            raise _Undo
    except _Undo:
        pass
    return snapshot


def test_loading_twice_gives_the_same_cases(loaded_demo):
    bodies, officers = county_rows()
    # The county's own case (opened from a random inspection's result) stays; the loader's go.
    county_cases = set(Case.objects.values_list("pk", flat=True))
    first = _load_and_undo(bodies, officers, 8)
    assert set(Case.objects.values_list("pk", flat=True)) == county_cases
    second = _load_and_undo(bodies, officers, 8)
    assert first and first == second


def test_site_records_state_what_was_found_once_R_CASE_05(loaded_demo):
    """The walk of ADR 0073 read 现场检查笔录 saying “检查发现：经查，当事人…”: the demo
    put the decision's 经查 after the record's own 检查发现."""
    records = Document.objects.filter(doc_type="site_inspection_record")
    found = [d.data["values"].get("findings", "") for d in records]
    assert any(text.startswith("检查发现：") for text in found)
    assert not [text for text in found if "检查发现：经查" in text]


def test_the_head_who_approves_is_not_one_of_the_officers_in_charge_R_CASE_13(loaded_demo):
    """The walk of ADR 0083 read 内部审批表 whose 承办人 were 姚一东、康立飞 and whose
    负责人 was 康立飞: the demo drew the body's head (the one who approves its forms) as
    one of the case's two officers."""
    forms = Document.objects.filter(doc_type__in=("case_opening_form",
                                                  "internal_approval_form"))
    assert forms.exists()
    both = []
    for form in forms:
        approver = documents.elements({**form.data, "doc_type": form.doc_type,
                                       "issued_on": form.issued_on.isoformat()})["approved_by"]
        officers = [o["name"] for o in form.data.get("officers", [])]
        assert approver and officers
        if approver in officers:
            both.append((form.case.number, approver, officers))
    assert both == []
