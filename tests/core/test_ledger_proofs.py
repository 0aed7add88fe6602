"""Inclusion and consistency proofs over the stored ledger, and the ``proof`` command."""

import json

import pytest
from django.core.management import CommandError, call_command

from sanxiang.core import digests
from sanxiang.ledger import checkpoints, merkle
from sanxiang.ledger import proofs as ledger_proofs

from .conftest import append_entries


def raw(text: str) -> bytes:
    return digests.parse_digest(text)[1]


@pytest.mark.django_db
def test_every_entry_of_a_33_entry_ledger_has_a_verifying_proof():
    append_entries(33)
    for size in (1, 2, 7, 16, 33):
        root = raw(ledger_proofs.tree_root(size))
        for seq in range(1, size + 1):
            proof = ledger_proofs.inclusion_proof(seq, size)
            assert proof.root == root
            assert proof.verify()
            # What an outsider does with the JSON and merkle.py alone:
            data = proof.as_dict()
            assert merkle.verify_inclusion(
                data["algorithm"], raw(data["leaf_hash"]), data["leaf_index"],
                data["tree_size"], [raw(p) for p in data["path"]], root)


@pytest.mark.django_db
def test_consistency_proofs_between_stored_sizes():
    append_entries(20)
    for new in (1, 5, 8, 13, 20):
        for old in range(1, new + 1):
            proof = ledger_proofs.consistency_proof(old, new)
            assert proof.verify()
            assert proof.old_root == raw(ledger_proofs.tree_root(old))
            assert proof.new_root == raw(ledger_proofs.tree_root(new))


@pytest.mark.django_db
def test_proofs_default_to_the_latest_checkpoint_covering_the_entry(ledger_keys):
    append_entries(10)
    checkpoint = checkpoints.sign_checkpoint()
    append_entries(5, start=10)
    proof = ledger_proofs.inclusion_proof(4)
    assert proof.tree_size == checkpoint.tree_size
    assert proof.as_dict()["checkpoint"]["root"] == checkpoint.root
    assert ledger_proofs.inclusion_proof(14).tree_size == 16  # past the checkpoint: all


@pytest.mark.django_db
def test_impossible_proofs_are_refused():
    append_entries(3)
    with pytest.raises(ledger_proofs.ProofError):
        ledger_proofs.inclusion_proof(4)
    with pytest.raises(ledger_proofs.ProofError):
        ledger_proofs.inclusion_proof(1, 9)
    with pytest.raises(ledger_proofs.ProofError):
        ledger_proofs.consistency_proof(3, 2)


@pytest.mark.django_db
def test_a_gap_in_the_ledger_stops_a_proof(ledger_unguarded):
    append_entries(6)
    from sanxiang.core.models import LedgerEvent

    LedgerEvent.objects.filter(seq=2).delete()
    with pytest.raises(ledger_proofs.ProofError, match="第 2 条"):
        ledger_proofs.inclusion_proof(5)


@pytest.mark.django_db
def test_proof_command_prints_json(capsys):
    append_entries(9)
    call_command("ledger", "proof", "4")
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "inclusion" and data["seq"] == 4 and data["tree_size"] == 9
    assert data["root"] == ledger_proofs.tree_root()
    assert merkle.verify_inclusion("sm3", raw(data["leaf_hash"]), 3, 9,
                                   [raw(p) for p in data["path"]], raw(data["root"]))
    call_command("ledger", "consistency", "3", "9")
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "consistency" and data["new_root"] == ledger_proofs.tree_root()
    with pytest.raises(CommandError):
        call_command("ledger", "proof", "10")
