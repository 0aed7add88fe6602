"""Documents rendered before their number is issued (docs/adr/0014): numbers stay unique,
gap-free and in ledger order per issuer, type and year (R-REC-08), when a render fails, when
an issuer dies while rendering, and when eight officers of one body issue at once.

The rendered-first path runs outside any transaction, so these tests commit for real
(``transaction=True``); the concurrent one needs PostgreSQL's row locks."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from sanxiang.cases import document_actions, numbering
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.models import Document, DocumentSequence, NumberReservation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger import verify as ledger_verify

from .engine_helpers import step
from .factories import make_case

pytestmark = pytest.mark.django_db(transaction=True)
DOC = "correction_order"


def open_case(body, officers):
    case = make_case(body, officers)
    step(case, "open", on=case.opened_on)
    case.refresh_from_db()
    return case


def issue(case, user=None):
    today = timezone.localdate()
    return issue_document(acting_user=user, case=case, doc_type=DOC, issued_on=today,
                          data={"summary": "查明", "correction": "整改", "correct_by": today})


def assert_gap_free_in_ledger_order(body, count):
    """Serials 1 … count, each once, issued in the ledger in the order of their numbers."""
    documents = list(Document.objects.filter(issuer=body, doc_type=DOC).order_by("ledger_seq"))
    assert [d.serial for d in documents] == list(range(1, count + 1))
    assert len({d.number for d in documents}) == count
    events = LedgerEvent.objects.filter(seq__in=[d.ledger_seq for d in documents])
    assert sorted(e.seq for e in events) == [d.ledger_seq for d in documents]
    sequence = DocumentSequence.objects.get(body=body, series=DOC)
    assert (sequence.last, sequence.issued) == (count, count)
    assert not NumberReservation.objects.exists()
    assert ledger_verify.verify(check_signatures=False).ok


def test_numbers_issued_in_order_and_a_failed_render_gives_its_number_back_R_REC_08(
        body_a, officer_a1, officer_a2, monkeypatch):
    case = open_case(body_a, [officer_a1, officer_a2])
    assert not connection.in_atomic_block  # the rendered-first path, not the one-transaction one
    first = issue(case)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    with monkeypatch.context() as patched:
        patched.setattr(document_actions.documents, "render", broken)
        with pytest.raises(RuntimeError):
            issue(case)
    second, third = issue(case), issue(case)
    assert (first.serial, second.serial, third.serial) == (1, 2, 3)
    assert third.number.endswith(f"〔{timezone.localdate().year}〕3号")
    assert_gap_free_in_ledger_order(body_a, 3)


def test_the_pdf_is_rendered_once_with_no_lock_held_R_REC_08(body_a, officer_a1, officer_a2,
                                                             monkeypatch):
    """The point of ADR 0014: no transaction (so no row lock) is open while WeasyPrint runs,
    and in the usual case the document is rendered once."""
    case = open_case(body_a, [officer_a1, officer_a2])
    renders = []
    real = document_actions.documents.render

    def watched(*args, **kwargs):
        renders.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(document_actions.documents, "render", watched)
    issue(case)
    issue(case)
    assert renders == [False, False]
    assert_gap_free_in_ledger_order(body_a, 2)


def test_a_number_abandoned_by_a_dead_issuer_is_taken_over_R_REC_08(body_a, officer_a1,
                                                                    officer_a2):
    case = open_case(body_a, [officer_a1, officer_a2])
    year = timezone.localdate().year
    dead = numbering.reserve(body_a, DOC, year, case=case)  # reserved, then the process died
    assert dead.serial == 1
    NumberReservation.objects.filter(pk=dead.pk).update(
        reserved_at=timezone.now() - numbering.lease() - timedelta(seconds=1))
    document = issue(case)
    assert document.serial == 1  # the abandoned number is not lost: the next issuer has it
    assert_gap_free_in_ledger_order(body_a, 1)


def test_a_number_taken_inside_a_transaction_goes_before_those_rendering_R_REC_08(
        body_a, officer_a1, officer_a2):
    case = open_case(body_a, [officer_a1, officer_a2])
    year = timezone.localdate().year
    rendering = numbering.reserve(body_a, DOC, year, case=case)
    with transaction.atomic():
        _number, serial = numbering.take_number(body_a, DOC, year)
    assert serial == 1
    with transaction.atomic():
        assert numbering.settle_if_ready(rendering) == numbering.MOVED
    assert rendering.serial == 2
    with transaction.atomic():
        assert numbering.settle_if_ready(rendering) == numbering.READY
    sequence = DocumentSequence.objects.get(body=body_a, series=DOC, year=year)
    assert (sequence.last, sequence.issued) == (2, 2)


def test_eight_officers_of_one_body_issue_at_once_R_REC_08(body_a, officer_a1, officer_a2):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrent issuing is PostgreSQL's")
    threads_count, each = 8, 3
    cases = [open_case(body_a, [officer_a1, officer_a2]) for _ in range(threads_count)]
    barrier = threading.Barrier(threads_count)
    errors, lock = [], threading.Lock()

    def officer(case):
        try:
            barrier.wait(timeout=60)
            for _ in range(each):
                issue(case)
        except Exception as error:  # reported below, in the main thread
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_gap_free_in_ledger_order(body_a, threads_count * each)
