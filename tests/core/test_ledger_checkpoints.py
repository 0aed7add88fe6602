"""Signed checkpoints of the ledger (DESIGN.md: "the platform signs a checkpoint")."""

import base64
import json
import stat
from datetime import UTC

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import Checkpoint, LedgerEvent
from sanxiang.ledger import checkpoints, merkle
from sanxiang.ledger import proofs as ledger_proofs
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind

from .conftest import append_entries


def test_a_checkpoint_signs_the_tree_before_its_own_event(ledger_entries, ledger_keys):
    size = len(ledger_entries)
    checkpoint = checkpoints.sign_checkpoint()
    assert checkpoint.tree_size == size
    assert checkpoint.root == ledger_proofs.tree_root(size)
    assert checkpoint.signature_algorithm == "ed25519"
    assert checkpoints.verify_signature(checkpoint) is True
    # The event recording it comes after the signed tree, and the next checkpoint covers it.
    event = LedgerEvent.objects.get(seq=size + 1)
    assert event.kind == EventKind.CHECKPOINT_SIGNED
    assert (event.subject_type, event.subject_id) == ("core.checkpoint", str(checkpoint.pk))
    payload = json.loads(event.payload)
    assert payload["tree_size"] == size and payload["root"] == checkpoint.root
    assert payload["last_digest"] == ledger_entries[-1].digest
    assert merkle.fold("sm3", [bytes.fromhex(h) for h in payload["frontier"]]).hex() == (
        checkpoint.root.split(":")[1])


def test_the_signature_is_ed25519_over_the_documented_statement(ledger_entries, ledger_keys):
    checkpoint = checkpoints.sign_checkpoint()
    public = serialization.load_pem_public_key(
        (ledger_keys / checkpoints.PUBLIC_KEY_FILE).read_bytes())
    statement = (f"sanxiang-ledger-checkpoint/v1\n{checkpoint.tree_size}\n{checkpoint.root}\n"
                 f"{checkpoint.signed_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%fZ}\n")
    public.verify(base64.b64decode(checkpoint.signature), statement.encode())
    assert checkpoint.key_id == checkpoints.key_id(public)
    assert checkpoint.key_id.startswith("sm3:")


def test_the_key_is_made_once_and_kept_private(ledger_keys):
    first = checkpoints.signing_key()
    again = checkpoints.signing_key()
    assert first.public_key().raw == again.public_key().raw
    mode = stat.S_IMODE((ledger_keys / checkpoints.PRIVATE_KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(ledger_keys.stat().st_mode) & 0o077 == 0
    assert not list(ledger_keys.glob(".*"))  # no temporary files left behind


def test_the_next_checkpoint_extends_the_previous_one(ledger_entries, ledger_keys):
    first = checkpoints.sign_checkpoint()
    append_entries(7, start=40)
    second = checkpoints.sign_checkpoint()
    # Extended from the saved frontier, yet the same root as recomputing from scratch.
    assert second.root == ledger_proofs.tree_root(second.tree_size)
    proof = ledger_proofs.consistency_proof(first.tree_size, second.tree_size)
    assert proof.verify()
    assert proof.as_dict()["old_root"] == first.root
    assert proof.as_dict()["new_root"] == second.root


def test_each_checkpoint_covers_the_previous_ones_event(ledger_entries, ledger_keys):
    checkpoint = checkpoints.sign_checkpoint()
    second = checkpoints.sign_checkpoint()
    assert second.tree_size == checkpoint.tree_size + 1
    assert Checkpoint.objects.count() == 2


def test_a_broken_ledger_is_not_signed_R_REC_02(ledger_entries, ledger_keys, ledger_unguarded):
    LedgerEvent.objects.filter(seq=3).update(actor_name="改过")
    with pytest.raises(RuleViolation) as refused:
        checkpoints.sign_checkpoint()
    assert refused.value.code == "R-REC-02"
    assert "第 3 条" in refused.value.message
    assert not Checkpoint.objects.exists()


def test_entries_after_a_checkpoint_are_verified_before_the_next(ledger_entries, ledger_keys,
                                                                 ledger_unguarded):
    checkpoints.sign_checkpoint()
    events = append_entries(3, start=60)
    LedgerEvent.objects.filter(seq=events[1].seq).update(kind=1)
    with pytest.raises(RuleViolation, match=f"第 {events[1].seq} 条"):
        checkpoints.sign_checkpoint()


def test_an_empty_ledger_has_nothing_to_sign(db, ledger_keys):
    with pytest.raises(RuleViolation):
        checkpoints.sign_checkpoint()


def test_only_an_administrator_may_sign(ledger_entries, ledger_keys, officer_user_a,
                                        admin_user):
    with pytest.raises(PermissionDenied):
        checkpoints.sign_checkpoint(acting_user=officer_user_a)
    checkpoint = checkpoints.sign_checkpoint(acting_user=admin_user)
    event = LedgerEvent.objects.get(kind=EventKind.CHECKPOINT_SIGNED)
    assert event.actor_id == admin_user.pk and checkpoint.tree_size


def test_checkpoint_command_signs_and_verify_checks_it(ledger_entries, ledger_keys, capsys):
    call_command("ledger", "checkpoint")
    assert "已签署检查点：规模" in capsys.readouterr().out
    result = ledger_verify.verify()
    assert result.ok and result.checkpoints == 1


def signed_row(tree_size: int, root: str) -> Checkpoint:
    """A properly signed checkpoint with no CHECKPOINT_SIGNED event (so no saved frontier),
    as one made by hand or by an older version would be."""
    from django.utils import timezone

    key = checkpoints.signing_key()
    signed_at = timezone.now()
    statement = checkpoints.statement(tree_size=tree_size, root=root, signed_at=signed_at)
    return Checkpoint.objects.create(
        tree_size=tree_size, root=root, signed_at=signed_at, signature_algorithm="ed25519",
        key_id=checkpoints.key_id(key.public_key()),
        signature=base64.b64encode(key.sign(statement)).decode())


def test_without_a_saved_frontier_the_next_checkpoint_replays_and_checks_the_old(
        ledger_entries, ledger_keys):
    old = signed_row(5, ledger_proofs.tree_root(5))
    new = checkpoints.sign_checkpoint()
    assert new.tree_size == len(ledger_entries)
    assert new.root == ledger_proofs.tree_root(new.tree_size)
    assert ledger_proofs.consistency_proof(old.tree_size, new.tree_size).verify()


def test_a_checkpoint_that_disagrees_with_the_ledger_blocks_the_next_R_REC_02(
        ledger_entries, ledger_keys):
    signed_row(5, ledger_proofs.tree_root(4))  # signed, but over a different history
    with pytest.raises(RuleViolation, match="检查点（规模 5）与台账不符"):
        checkpoints.sign_checkpoint()
    assert ledger_verify.verify().problem == "checkpoint_root"
