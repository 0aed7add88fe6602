"""Verification recomputes everything and names the first bad entry (R-REC-02).

What "first bad entry" means, entry by entry in seq order:

* a changed field of entry k (time, actor, kind, subject, payload) → k, ``digest``;
* a changed ``prev_digest`` of k → k, ``chain``;
* a changed ``digest`` of k → k, ``digest`` (``algorithm`` if its "sm3:" is touched);
* a moved or deleted entry k → k, ``missing``;
* a change re-hashed into k's own digest → k+1, ``chain`` (its link no longer fits);
* a rewrite re-chained to the very end → the first checkpoint after it, which names the
  range since the previous checkpoint, ``checkpoint_root``.

The tests edit rows with the triggers dropped (``ledger_unguarded``), inside the test's
transaction, like someone with write access to the database.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from sanxiang import ledger
from sanxiang.core.models import Checkpoint, LedgerEvent, LedgerHead
from sanxiang.ledger import checkpoints
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries


def one_character_changed(text: str, position: str) -> str:
    index = {"first": 0, "middle": len(text) // 2, "last": len(text) - 1}[position]
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1:]


def tamper(seq: int, column: str, position: str = "middle"):
    row = LedgerEvent.objects.get(seq=seq)
    value = getattr(row, column)
    if column == "recorded_at":
        new = value + timedelta(microseconds=1)
    elif column in {"kind", "actor_id"}:
        new = 1 if value is None else value + 1
    elif column == "seq":
        new = 10_000
    else:
        new = one_character_changed(value, position)
    LedgerEvent.objects.filter(seq=seq).update(**{column: new})


def pick(rows, which: str) -> int:
    return {"first": 1, "middle": len(rows) // 2, "last": len(rows)}[which]


CONTENT = ["recorded_at", "actor_id", "actor_name", "kind", "subject_type", "subject_id",
           "payload"]


@pytest.mark.parametrize("which", ["first", "middle", "last"])
@pytest.mark.parametrize("column", CONTENT)
def test_a_changed_field_names_its_entry_R_REC_02(ledger_entries, ledger_unguarded, column,
                                                  which):
    seq = pick(ledger_entries, which)
    tamper(seq, column)
    result = ledger_verify.verify()
    assert not result.ok
    assert (result.bad_seq, result.problem) == (seq, "digest")
    assert result.message.startswith(f"第 {seq} 条")


@pytest.mark.parametrize("position", ["first", "middle", "last"])
@pytest.mark.parametrize("which", ["first", "middle", "last"])
@pytest.mark.parametrize("column", ["payload", "actor_name", "subject_type"])
def test_any_character_of_text_fields_counts_R_REC_02(ledger_entries, ledger_unguarded,
                                                      column, which, position):
    seq = pick(ledger_entries, which)
    tamper(seq, column, position)
    assert ledger_verify.verify().bad_seq == seq


@pytest.mark.parametrize("position", ["first", "middle", "last"])
@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_changed_prev_digest_breaks_the_chain_at_its_entry_R_REC_02(
        ledger_entries, ledger_unguarded, which, position):
    seq = pick(ledger_entries, which)
    tamper(seq, "prev_digest", position)
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq, "chain")


@pytest.mark.parametrize(("position", "problem"), [
    ("first", "algorithm"), ("middle", "digest"), ("last", "digest")])
@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_changed_digest_names_its_entry_R_REC_02(ledger_entries, ledger_unguarded, which,
                                                   position, problem):
    seq = pick(ledger_entries, which)
    tamper(seq, "digest", position)
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq, problem)


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_moved_entry_is_missing_at_its_place_R_REC_02(ledger_entries, ledger_unguarded,
                                                       which):
    seq = pick(ledger_entries, which)
    tamper(seq, "seq")
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq, "missing")


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_deleted_entry_is_detected_R_REC_02(ledger_entries, ledger_unguarded, which):
    seq = pick(ledger_entries, which)
    LedgerEvent.objects.filter(seq=seq).delete()
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq, "missing")
    assert f"第 {seq} 条记录缺失" in result.message


def test_entries_removed_from_the_end_with_the_head_adjusted_are_caught_by_a_checkpoint(
        ledger_entries, ledger_keys, ledger_unguarded):
    checkpoints.sign_checkpoint()  # covers every entry so far; its own event follows
    size = len(ledger_entries)
    last = LedgerEvent.objects.get(seq=size - 1)
    LedgerEvent.objects.filter(seq__gte=size).delete()
    LedgerHead.objects.filter(pk=1).update(size=size - 1, last_digest=last.digest)
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (size, "missing")


def rehash(seq: int, **changes):
    """Rewrite entry ``seq`` and recompute its digest, as a careful forger would."""
    row = LedgerEvent.objects.get(seq=seq)
    for name, value in changes.items():
        setattr(row, name, value)
    row.digest = "sm3:" + ledger.leaf_hash("sm3", ledger.event_bytes(row)).hex()
    LedgerEvent.objects.filter(seq=seq).update(digest=row.digest, **changes)
    return row.digest


def test_a_rehashed_change_is_named_at_the_next_entry_R_REC_02(ledger_entries,
                                                               ledger_unguarded):
    seq = len(ledger_entries) // 2
    rehash(seq, payload='{"forged":true}')
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq + 1, "chain")


def test_a_rehashed_last_entry_disagrees_with_the_head_R_REC_02(ledger_entries,
                                                               ledger_unguarded):
    seq = len(ledger_entries)
    rehash(seq, payload='{"forged":true}')
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (seq, "head")


def test_a_rewrite_rechained_to_the_end_is_caught_by_the_next_checkpoint_R_REC_02(
        ledger_entries, ledger_keys, ledger_unguarded):
    first = checkpoints.sign_checkpoint()
    append_entries(5, start=100)
    second = checkpoints.sign_checkpoint()
    size = LedgerHead.objects.get(pk=1).size
    # Rewrite one entry between the two checkpoints and re-chain everything after it.
    target = first.tree_size + 3
    digest = rehash(target, actor_name="伪造者")
    for seq in range(target + 1, size + 1):
        LedgerEvent.objects.filter(seq=seq).update(prev_digest=digest)
        digest = rehash(seq)
    LedgerHead.objects.filter(pk=1).update(last_digest=digest)

    result = ledger_verify.verify()
    assert result.problem == "checkpoint_root"
    assert result.bad_seq == first.tree_size + 1  # the range (first, second] is named
    assert f"第 {first.tree_size + 1} 至 {second.tree_size} 条" in result.message


def test_a_checkpoint_whose_root_was_edited_fails_its_signature(ledger_entries, ledger_keys,
                                                                ledger_unguarded):
    checkpoint = checkpoints.sign_checkpoint()
    Checkpoint.objects.filter(pk=checkpoint.pk).update(root="sm3:" + "0" * 64)
    result = ledger_verify.verify()
    assert result.problem == "checkpoint_signature"


def test_a_checkpoint_from_an_unknown_key_is_not_trusted(ledger_entries, ledger_keys,
                                                         tmp_path, settings):
    checkpoints.sign_checkpoint()
    settings.DATA_DIR = tmp_path / "elsewhere"  # a machine without the platform's key
    result = ledger_verify.verify()
    assert result.problem == "checkpoint_key"
    assert ledger_verify.verify(check_signatures=False).ok
    call_command("ledger", "verify", "--no-signatures")


def test_a_head_that_undercounts_names_the_first_uncounted_entry(ledger_entries):
    size = len(ledger_entries)
    previous = LedgerEvent.objects.get(seq=size - 2)
    LedgerHead.objects.filter(pk=1).update(size=size - 2, last_digest=previous.digest)
    result = ledger_verify.verify()
    assert (result.bad_seq, result.problem) == (size - 1, "head")


def test_an_intact_ledger_verifies_with_its_root_and_checkpoints(ledger_entries, ledger_keys):
    from sanxiang.ledger import proofs as ledger_proofs

    checkpoints.sign_checkpoint()
    append_entries(3, start=50)
    checkpoints.sign_checkpoint()
    result = ledger_verify.verify(batch=4)  # several pages, so the keyset paging is used
    assert result.ok, result.message
    assert result.size == LedgerHead.objects.get(pk=1).size
    assert result.checkpoints == 2
    assert result.root == ledger_proofs.tree_root()
    assert result.bytes_hashed > 0


@pytest.mark.django_db
def test_an_empty_ledger_verifies():
    result = ledger_verify.verify()
    assert result.ok and result.size == 0
    assert result.root == "sm3:" + __import__("hashlib").new("sm3", b"").hexdigest()


# --- the command ------------------------------------------------------------------------

def test_verify_command_exits_0_with_a_summary(ledger_entries, capsys):
    call_command("ledger", "verify")
    out = capsys.readouterr().out
    assert f"台账完整：共 {len(ledger_entries)} 条记录" in out
    assert "默克尔根 sm3:" in out


def test_verify_command_exits_1_naming_the_first_bad_entry(ledger_entries, ledger_unguarded,
                                                           capsys):
    tamper(5, "payload")
    with pytest.raises(SystemExit) as exit_:
        call_command("ledger", "verify")
    assert exit_.value.code == 1
    assert "第 5 条记录的内容与其摘要不符" in capsys.readouterr().err


@pytest.mark.postgres
def test_parallel_verification_matches_one_process(ledger_flushable, ledger_keys):
    """Worker processes read committed rows, so this needs real commits (PostgreSQL; the
    SQLite run does the same on a database file in test_ledger_processes)."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in memory, out of the workers' reach")
    append_entries(700)
    checkpoints.sign_checkpoint()
    append_entries(300, start=700)
    one = ledger_verify.verify(workers=1)
    many = ledger_verify.verify(workers=2, chunk=128)
    assert one.ok and many.ok and many.workers == 2
    assert (many.root, many.size, many.checkpoints) == (one.root, one.size, one.checkpoints)

    from sanxiang.ledger import triggers as ledger_triggers

    ledger_triggers.uninstall()
    try:
        tamper(333, "payload")
        LedgerEvent.objects.filter(seq=129).update(prev_digest="sm3:" + "1" * 64)
    finally:
        ledger_triggers.install()
    for workers in (1, 2):
        result = ledger_verify.verify(workers=workers, chunk=128)
        assert (result.bad_seq, result.problem) == (129, "chain"), workers
