"""Stored subtree hashes (``ledger.nodes``): proofs in O(log n), public tiles, and
verification of the stored hashes themselves (R-REC-02, R-REC-09)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sanxiang.core import digests
from sanxiang.core.models import LedgerEvent, LedgerNode
from sanxiang.ledger import merkle, nodes
from sanxiang.ledger import proofs as ledger_proofs
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries

SIZE = 3 * nodes.BLOCK + 88  # 856: nodes (8, 256), (8, 512), (9, 512), (8, 768)

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown():
    append_entries(SIZE)
    return [digests.parse_digest(d)[1]
            for d in LedgerEvent.objects.order_by("seq").values_list("digest", flat=True)]


def stored():
    return {(n.level, n.size): bytes(n.hash) for n in LedgerNode.objects.all()}


def test_appends_store_every_complete_subtree_of_256_or_more_R_REC_02(grown):
    assert stored() == {
        (8, 256): merkle.root("sm3", grown[0:256]),
        (8, 512): merkle.root("sm3", grown[256:512]),
        (9, 512): merkle.root("sm3", grown[0:512]),
        (8, 768): merkle.root("sm3", grown[512:768]),
    }


def test_proofs_read_a_logarithmic_number_of_rows_R_REC_09(grown):
    root = merkle.root("sm3", grown)
    for seq in (1, 300, 700, SIZE):
        with CaptureQueriesContext(connection) as queries:
            proof = ledger_proofs.inclusion_proof(seq, SIZE)
        # Size and checkpoint lookups, one query for the stored rows, one per leaf block.
        assert len(queries) <= 6, [q["sql"] for q in queries]
        assert proof.root == root and proof.verify()
    tree = nodes.StoredTree("sm3", SIZE)
    merkle.inclusion_proof(0, SIZE, tree.subtree_root)
    # The leaf's block, the right edge's block and one stored row per larger subtree.
    assert tree.rows_read <= 2 * nodes.BLOCK + 16
    for old in (1, 256, 300, 512, 855):
        proof = ledger_proofs.consistency_proof(old, SIZE)
        assert proof.verify() and proof.old_root == merkle.root("sm3", grown[:old])
    assert ledger_proofs.tree_root(SIZE, stored=True) == ledger_proofs.tree_root(SIZE)


def test_verify_checks_the_stored_subtree_hashes_R_REC_02(grown, ledger_unguarded):
    assert ledger_verify.verify().ok
    LedgerNode.objects.filter(level=9, size=512).update(hash=b"\x00" * 32)
    result = ledger_verify.verify()
    assert (result.problem, result.ok) == ("node", False)
    assert "第 1 至 512 条记录的子树哈希（第 9 层）与记录不符" in result.message
    # A proof through the damaged hash is refused rather than handed out wrong.
    from sanxiang.core.models import Checkpoint

    Checkpoint.objects.create(tree_size=SIZE, root=ledger_proofs.tree_root(SIZE),
                              signed_at="2026-01-01T00:00:00Z", signature_algorithm="ed25519",
                              key_id="sm3:00", signature="")
    with pytest.raises(ledger_proofs.ProofError, match="子树哈希"):
        ledger_proofs.inclusion_proof(800, SIZE)
    LedgerNode.objects.filter(level=9, size=512).delete()
    result = ledger_verify.verify(check_signatures=False)
    assert "缺失" in result.message and result.problem == "node"


def test_a_ledger_without_stored_hashes_is_backfilled_by_streaming(grown, ledger_unguarded,
                                                                   capsys):
    before = stored()
    LedgerNode.objects.all().delete()
    assert not ledger_verify.verify().ok
    # Proofs still work without them (hashed from the leaves), only slower.
    assert ledger_proofs.inclusion_proof(5, SIZE).verify()
    call_command("ledger", "nodes")
    assert "子树哈希已补齐" in capsys.readouterr().out
    assert stored() == before and ledger_verify.verify().ok
    assert nodes.backfill(page=100) == 4  # again: nothing changes
    assert stored() == before


def test_tiles_are_public_and_immutable_R_REC_09(grown):
    client = Client()
    full = client.get("/ledger/tile/0/000")
    assert full.status_code == 200 and full.content == b"".join(grown[:256])
    assert "immutable" in full["Cache-Control"]
    partial = client.get("/ledger/tile/0/003.p/88")
    assert partial.content == b"".join(grown[768:856])
    level_one = client.get("/ledger/tile/1/000.p/3")
    assert level_one.content == b"".join(merkle.root("sm3", grown[i:i + 256])
                                         for i in (0, 256, 512))
    # A witness folds the tiles into the root on its own.
    pieces = [merkle.root("sm3", grown[0:512]), level_one.content[64:96],
              merkle.root("sm3", grown[768:856])]
    assert merkle.fold("sm3", pieces) == merkle.root("sm3", grown)
    for missing in ("0/004", "0/003.p/89", "1/000", "0/003.p/0", "0/3", "9/000", "0/x1/000",
                    "entries/000"):
        assert client.get(f"/ledger/tile/{missing}").status_code == 404, missing
    listing = client.get("/ledger/checkpoints.json").json()
    assert listing["tiles"]["url"].endswith("/ledger/tile/")
    assert listing["tiles"]["height"] == 8


def reaches_signed_root(checkpoint) -> bool:
    """Whether the one-process pass up to ``checkpoint`` gets through and folds to its
    signed root (``verify`` compares the two; any other outcome runs the full pass)."""
    report = ledger_verify.verify_signed_prefix(checkpoint.tree_size, algorithm="sm3",
                                                marks=[checkpoint.tree_size])
    return report is not None and digests.format_digest(
        "sm3", merkle.fold("sm3", report.frontier)) == checkpoint.root


@pytest.fixture
def signed(grown, ledger_keys):
    from sanxiang.ledger import checkpoints

    return checkpoints.sign_checkpoint()  # at SIZE; its own event is entry SIZE + 1


def test_verify_up_to_a_checkpoint_uses_the_signed_root_and_the_stored_hashes_R_REC_02(
        signed):
    # The one-process pass up to the checkpoint (ADR 0053) reaches the signed root from
    # the stored nodes and the last block's leaves, and the whole run agrees with the
    # full pass.
    assert reaches_signed_root(signed)
    report = ledger_verify.verify_signed_prefix(SIZE, algorithm="sm3", marks=[SIZE])
    full = ledger_verify.verify_range(0, SIZE, algorithm="sm3", expected_prev="genesis")
    assert report.frontier == full.frontier and report.last_digest == full.last_digest
    result = ledger_verify.verify(workers=1)
    assert result.ok and result.checkpoints == 1 and result.size == SIZE + 1


@pytest.mark.parametrize("node", [(8, 256), (9, 512), (8, 768)])
def test_a_changed_stored_hash_under_a_checkpoint_is_named_R_REC_02(signed, ledger_unguarded,
                                                                      node):
    level, size = node
    LedgerNode.objects.filter(level=level, size=size).update(hash=b"\x01" * 32)
    assert not reaches_signed_root(signed)
    result = ledger_verify.verify(workers=1)
    assert (result.ok, result.problem) == (False, "node")
    first = size - (1 << level) + 1
    assert f"第 {first} 至 {size} 条记录的子树哈希（第 {level} 层）与记录不符" in result.message


def test_a_rewrite_rechained_with_its_stored_hashes_rebuilt_fails_the_checkpoint_R_REC_02(
        signed, ledger_unguarded):
    # Entry 300 rewritten, every later entry re-chained, the stored hashes rebuilt from the
    # new digests and the head fixed: only the signed root can tell, and it does.
    from sanxiang import ledger
    from sanxiang.core.models import LedgerHead

    size = LedgerHead.objects.get(pk=1).size
    prev = LedgerEvent.objects.get(seq=299).digest
    for seq in range(300, size + 1):
        event = LedgerEvent.objects.get(seq=seq)
        event.prev_digest = prev
        if seq == 300:
            event.actor_name = "伪造者"
        prev = digests.format_digest("sm3", ledger.leaf_hash("sm3", ledger.event_bytes(event)))
        LedgerEvent.objects.filter(seq=seq).update(prev_digest=event.prev_digest,
                                                  actor_name=event.actor_name, digest=prev)
    LedgerHead.objects.filter(pk=1).update(last_digest=prev)
    LedgerNode.objects.all().delete()
    nodes.backfill()
    assert not reaches_signed_root(signed)
    result = ledger_verify.verify(workers=1, check_signatures=False)
    assert (result.ok, result.problem) == (False, "checkpoint_root")
    assert f"第 1 至 {SIZE} 条记录与检查点（规模 {SIZE}）的默克尔根不符" in result.message


def test_without_signatures_a_stored_hash_is_recomputed_from_the_leaves_R_REC_02(
        signed, ledger_unguarded):
    # An unsigned checkpoint root proves nothing: a changed stored hash on the frontier
    # with the checkpoint's root changed to fit is still found, by the full pass (which
    # recomputes the tree from the leaves and so disagrees with that root).
    from sanxiang.core.models import Checkpoint

    LedgerNode.objects.filter(level=8, size=768).update(hash=b"\x02" * 32)
    report = ledger_verify.verify_signed_prefix(SIZE, algorithm="sm3", marks=[SIZE])
    Checkpoint.objects.filter(pk=signed.pk).update(
        root=digests.format_digest("sm3", merkle.fold("sm3", report.frontier)))
    result = ledger_verify.verify(workers=1, check_signatures=False)
    assert (result.ok, result.problem) == (False, "checkpoint_root")
    assert not ledger_verify.verify(workers=1).ok  # and the signature no longer holds
