"""An append outside any action is its own transaction (R-REC-02, ADR 0037).

``append`` writes through the driver's own cursor; these tests hold its transaction to
all or nothing, Django's errors (not the driver's), and an entry returned exactly as
stored. Transactional
tests, because inside a test's own transaction the append would join that one instead.
"""

import pytest
from django.db import IntegrityError, connection

from sanxiang import ledger
from sanxiang.core.models import LedgerEvent, LedgerHead
from sanxiang.ledger import entries
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind


def append(i: int):
    return ledger.append(kind=EventKind.BODY_UPDATED, subject=("org.body", i),
                         payload={"i": i, "名称": "某某局"})


def in_transaction() -> bool:
    if connection.vendor == "sqlite":
        return connection.connection.in_transaction
    return connection.connection.info.transaction_status != 0  # psycopg: IDLE is 0


def test_an_append_outside_any_action_commits_on_its_own_R_REC_02(ledger_flushable):
    first, second = append(1), append(2)
    assert not connection.in_atomic_block and not in_transaction()
    rows = list(LedgerEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2] and rows[1].prev_digest == rows[0].digest
    head = LedgerHead.objects.get(pk=1)
    assert (head.size, head.last_digest) == (2, second.digest)
    # The entry handed back is the entry stored, field for field, and reads as saved.
    for event, row in ((first, rows[0]), (second, rows[1])):
        for field in LedgerEvent._meta.concrete_fields:
            assert getattr(event, field.attname) == getattr(row, field.attname), field.name
        assert not event._state.adding and event._state.db == "default"
    assert ledger_verify.verify().ok


def test_an_append_that_fails_after_its_insert_leaves_no_trace_R_REC_02(ledger_flushable,
                                                                         monkeypatch):
    append(1)
    written = entries._insert_and_advance

    def insert_then_fail(*args):
        written(*args)
        raise RuntimeError("a failure after the entry and the head were written")

    monkeypatch.setattr(entries, "_insert_and_advance", insert_then_fail)
    with pytest.raises(RuntimeError):
        append(2)
    monkeypatch.undo()
    assert not in_transaction()
    assert list(LedgerEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1]
    assert LedgerHead.objects.get(pk=1).size == 1
    # The connection is usable and the chain goes on at 2, unforked.
    assert append(3).seq == 2
    assert ledger_verify.verify().ok


def test_a_database_error_in_an_append_is_djangos_and_rolls_back(ledger_flushable):
    append(1)
    head = LedgerHead.objects.get(pk=1)
    # A row at the next seq that the head does not count: the append's INSERT collides.
    LedgerEvent.objects.create(seq=2, recorded_at=LedgerEvent.objects.get(seq=1).recorded_at,
                               actor_name="", kind=1, subject_type="t", subject_id="",
                               payload="{}", prev_digest=head.last_digest, digest="sm3:00")
    with pytest.raises(IntegrityError):
        append(2)
    assert not in_transaction()
    assert LedgerHead.objects.get(pk=1).size == 1
    assert LedgerEvent.objects.count() == 2


def test_the_head_written_in_that_transaction_names_an_entry_cut_from_the_end_R_REC_02(
        ledger_flushable):
    from sanxiang.ledger import triggers as ledger_triggers

    for i in range(4):
        append(i)
    ledger_triggers.uninstall()  # someone editing the database by hand
    try:
        LedgerEvent.objects.filter(seq=4).delete()
        result = ledger_verify.verify()
    finally:
        ledger_triggers.install()
    assert (result.bad_seq, result.problem) == (4, "missing")
    assert "第 4 条记录缺失" in result.message
