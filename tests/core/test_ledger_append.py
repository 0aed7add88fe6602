"""Appending to the ledger: the chain, the digests, the canonical bytes (R-REC-02)."""

import hashlib
import itertools
from datetime import UTC, datetime

import pytest
from django.db import connection

from sanxiang import ledger
from sanxiang.core.models import LedgerEvent, LedgerHead
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind

from .conftest import append_entries


@pytest.mark.django_db
def test_appends_form_a_contiguous_chain_R_REC_02():
    events = append_entries(25)
    rows = list(LedgerEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == list(range(1, 26))
    assert rows[0].prev_digest == ledger.GENESIS
    for previous, row in itertools.pairwise(rows):
        assert row.prev_digest == previous.digest
    for event, row in zip(events, rows, strict=True):
        assert event.digest == row.digest
        # The digest is the RFC 6962 leaf hash of exactly the canonical bytes.
        expected = hashlib.new("sm3", b"\x00" + ledger.event_bytes(row)).hexdigest()
        assert row.digest == f"sm3:{expected}"
    head = LedgerHead.objects.get(pk=1)
    assert (head.size, head.last_digest) == (25, rows[-1].digest)


@pytest.mark.django_db
def test_sm3_is_the_default_and_stored_with_its_name():
    event = ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 1), payload={})
    algorithm, raw = event.digest.split(":")
    assert algorithm == "sm3" and len(raw) == 64
    assert ledger_verify.verify().algorithm == "sm3"


@pytest.mark.django_db
def test_sha256_is_selectable_in_settings(settings):
    settings.SANXIANG_DIGEST_ALGORITHM = "sha256"
    append_entries(5)
    assert all(d.startswith("sha256:")
               for d in LedgerEvent.objects.values_list("digest", flat=True))
    result = ledger_verify.verify()
    assert result.ok and result.algorithm == "sha256" and result.root.startswith("sha256:")


@pytest.mark.django_db
def test_a_ledger_keeps_its_first_algorithm(settings):
    append_entries(2)
    settings.SANXIANG_DIGEST_ALGORITHM = "sha256"
    # The setting only chooses for an empty ledger: one tree needs one hash function.
    event = ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 1), payload={})
    assert event.digest.startswith("sm3:")
    assert ledger.ledger_algorithm() == "sm3"
    with pytest.raises(ValueError, match="uses sm3"):
        ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 1), payload={},
                      algorithm="sha256")
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_canonical_bytes_have_the_documented_form():
    data = ledger.entry_bytes(
        seq=7, recorded_at="2026-03-01T02:03:04.000005Z", actor_id=None, actor_name="系统",
        kind=101, subject_type="org.body", subject_id="12", payload='{"a":"乙"}',
        prev_digest="genesis")
    assert data == "\x1f".join([
        "7", "2026-03-01T02:03:04.000005Z", "-", "系统", "101", "org.body", "12",
        '{"a":"乙"}', "genesis"]).encode("utf-8")


@pytest.mark.django_db
def test_the_database_rebuilds_the_same_bytes_as_python(admin_user):
    """Verification hashes bytes built by SQL; they must equal ``event_bytes`` exactly."""
    append_entries(9, actor=admin_user)
    # A whole-second timestamp is stored without a fraction on SQLite: the SQL must add it.
    moment = datetime(2026, 5, 1, 8, 0, 0, tzinfo=UTC)
    head = LedgerHead.objects.get(pk=1)
    fields = {"seq": head.size + 1, "actor_id": None, "actor_name": "",
              "kind": 999, "subject_type": "t", "subject_id": "", "payload": "{}",
              "prev_digest": head.last_digest}
    data = ledger.entry_bytes(recorded_at=ledger.format_time(moment), **fields)
    digest = "sm3:" + ledger.leaf_hash("sm3", data).hex()
    LedgerEvent.objects.create(recorded_at=moment, digest=digest, **fields)
    LedgerHead.objects.filter(pk=1).update(size=fields["seq"], last_digest=digest)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, {ledger.entry_bytes_sql(connection.vendor)} "
                       "FROM core_ledgerevent ORDER BY seq")
        from_sql = {seq: bytes(data) for seq, data in cursor.fetchall()}
    for event in LedgerEvent.objects.all():
        assert from_sql[event.seq] == ledger.event_bytes(event), event.seq
    assert ledger_verify.verify().ok


@pytest.mark.django_db
@pytest.mark.parametrize("subject", [("org.body", "a\x1fb"), ("x" * 65, 1), ("org.body", "9" * 65)])
def test_fields_that_would_blur_the_bytes_are_refused(subject):
    with pytest.raises(ValueError):
        ledger.append(kind=EventKind.BODY_CREATED, subject=subject, payload={})
    assert not LedgerEvent.objects.exists()


@pytest.mark.django_db
def test_payload_control_characters_are_escaped_not_refused():
    event = ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 1),
                          payload={"note": "a\x1fb\x00c"})
    assert "\x1f" not in event.payload and "\\u001f" in event.payload
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_append_joins_the_callers_transaction():
    """An action that fails after appending leaves no entry behind."""
    from django.db import transaction

    append_entries(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 2), payload={})
        raise RuntimeError("the action failed")
    assert LedgerEvent.objects.count() == 1
    assert LedgerHead.objects.get(pk=1).size == 1
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_an_append_after_a_rolled_back_one_takes_the_next_seq_R_REC_02():
    """An append tries the head this process's last append left (ADR 0056); after a
    rolled-back append that guess is one ahead of the head, and the next entry must
    still be seq 2, linked to entry 1: no gap, no fork."""
    from django.db import transaction

    first = append_entries(1)[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 2), payload={})
        raise RuntimeError("the action failed")
    after = ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 3), payload={})
    assert (after.seq, after.prev_digest) == (2, first.digest)
    assert list(LedgerEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]
    head = LedgerHead.objects.get(pk=1)
    assert (head.size, head.last_digest) == (2, after.digest)
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_a_carried_head_with_the_right_size_but_another_digest_is_not_built_on_R_REC_02(
        monkeypatch):
    """The guess is checked on both: the size and the last digest (ADR 0056)."""
    from sanxiang.ledger import entries

    first = append_entries(1)[0]
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection, entries._CARRIED, (
            connection.connection, connection.connection.total_changes, 1, "sm3:" + "0" * 64),
            raising=False)
    after = ledger.append(kind=EventKind.BODY_CREATED, subject=("org.body", 3), payload={})
    assert (after.seq, after.prev_digest) == (2, first.digest)
    assert LedgerEvent.objects.get(seq=2).prev_digest == first.digest
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_history_lists_a_subjects_entries_in_order():
    append_entries(6)
    assert [e.seq for e in ledger.history(("org.body", 1002))] == [3]
    assert [e.subject_id for e in ledger.history(("org.officer", 1001))] == ["1001"]
