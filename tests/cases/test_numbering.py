"""Document numbers (文号): the body's format, unique and gap-free per issuer, type and year
(R-REC-08), also when issuing fails half-way and when many issue at once."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from sanxiang.cases import document_actions, numbering
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.models import Document, DocumentNumbering, DocumentSequence

from .engine_helpers import ago, step
from .factories import make_case
from .test_engine import run_to_statement


@pytest.mark.django_db
def test_number_format_configurable_per_body_and_type_R_REC_08(body_a, body_b, officer_a1,
                                                               officer_a2):
    # Configuration rows (an administrator's settings), not case records.
    DocumentNumbering.objects.create(body=body_a, doc_type="", prefix="冀长应急")
    DocumentNumbering.objects.create(body=body_a, doc_type="penalty_decision", prefix="长应",
                                     type_char="罚决",
                                     pattern="{prefix}{type}字〔{year}〕第{serial}号")
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=60)
    run_to_statement(case, notified_fine="5000")
    notice = case.documents.get(doc_type="penalty_prior_notice")
    year = notice.issued_on.year
    assert notice.number == f"冀长应急罚告〔{year}〕1号"  # the body's default, the usual type
    step(case, "statement", on=ago(40), to="decide", data={"waived": True})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    decision = case.documents.get(doc_type="penalty_decision")
    assert decision.number == f"长应罚决字〔{ago(30).year}〕第1号"
    with transaction.atomic():
        other, _serial = numbering.take_number(body_b, "penalty_decision", year)
    assert other == f"桥西区市场监管罚〔{year}〕1号"  # another body: its own short name


@pytest.mark.django_db
def test_numbers_unique_and_gap_free_per_issuer_type_and_year_R_REC_08(body_a, body_b):
    taken: dict[tuple, list[int]] = {}
    numbers = set()
    series = ("penalty_decision", "penalty_prior_notice", "correction_order")
    for i in range(120):
        body = (body_a, body_b)[i % 2]
        doc_type = series[i % 3]
        year = 2025 + (i // 7) % 2
        with transaction.atomic():
            number, serial = numbering.take_number(body, doc_type, year)
        taken.setdefault((body.pk, doc_type, year), []).append(serial)
        numbers.add(number)
    assert len(numbers) == 120
    for serials in taken.values():
        assert serials == list(range(1, len(serials) + 1))


@pytest.mark.django_db
def test_failed_issue_leaves_no_gap_R_REC_08(body_a, officer_a1, officer_a2, monkeypatch):
    case = make_case(body_a, [officer_a1, officer_a2])
    step(case, "open", on=case.opened_on)
    case.refresh_from_db()
    today = timezone.localdate()
    order = {"summary": "查明", "correction": "整改", "correct_by": today}
    first = issue_document(acting_user=None, case=case, doc_type="correction_order",
                           issued_on=today, data=order)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed")

    with monkeypatch.context() as patched:
        patched.setattr(document_actions.documents, "render", broken)
        with pytest.raises(RuntimeError):
            issue_document(acting_user=None, case=case, doc_type="correction_order",
                           issued_on=today, data=order)
    second = issue_document(acting_user=None, case=case, doc_type="correction_order",
                            issued_on=today, data=order)
    assert (first.serial, second.serial) == (1, 2)
    assert Document.objects.filter(case=case, doc_type="correction_order").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_distinct_and_gap_free_R_REC_08(body_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; the row lock is PostgreSQL's")
    threads_count, year = 20, timezone.localdate().year
    barrier = threading.Barrier(threads_count)
    results, errors = [], []
    lock = threading.Lock()

    def issue():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                number, serial = numbering.take_number(body_a, "penalty_decision", year)
            with lock:
                results.append((number, serial))
        except Exception as error:  # reported below, in the main thread
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(serial for _number, serial in results) == list(range(1, threads_count + 1))
    assert len({number for number, _serial in results}) == threads_count
    assert DocumentSequence.objects.get(body=body_a, series="penalty_decision",
                                        year=year).last == threads_count
