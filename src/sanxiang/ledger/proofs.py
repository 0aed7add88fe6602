"""Merkle roots and proofs over the stored ledger (inclusion and consistency).

The leaves are the entries' stored digests. A proof is built from the stored subtree
hashes (``ledger.nodes``): it reads O(log n) rows — one block of at most 256 leaf digests
and one row per larger subtree, in two or three queries — so any worker builds one in
milliseconds at any ledger size. A proof to a signed tree size is checked against the
checkpoint's root before it is handed out. Whoever receives a proof checks it with
``sanxiang.ledger.merkle`` alone, against a signed checkpoint's root.
"""

from dataclasses import dataclass

from django.db import connection

from sanxiang.core import digests
from sanxiang.core.models import Checkpoint, LedgerHead
from sanxiang.ledger import merkle, nodes
from sanxiang.ledger.entries import ledger_algorithm

PAGE = 10_000


ProofError = nodes.ProofError


def ledger_size() -> int:
    return LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0


def leaf_hashes(start: int, end: int, *, page: int = PAGE):
    """Raw leaf hashes of leaves [start, end), i.e. entries seq start+1 … end.

    Read by bounded seq ranges, like verification (see ``ledger_verify._pages``).
    """
    expected = start + 1
    with connection.cursor() as cursor:
        for low in range(start, end, page):
            cursor.execute(
                "SELECT seq, digest FROM core_ledgerevent WHERE seq > %s AND seq <= %s "
                "ORDER BY seq", [low, min(low + page, end)])
            for seq, digest in cursor.fetchall():
                if seq != expected:
                    raise ProofError(f"第 {expected} 条记录缺失，无法给出证明")
                yield digests.parse_digest(digest)[1]
                expected += 1
    if expected != end + 1:
        raise ProofError(f"第 {expected} 条记录缺失，无法给出证明")


def subtree_root_function(algorithm: str, *, page: int = PAGE):
    """Subtree roots hashed from the leaves themselves (reads the range; for checks)."""
    def subtree_root(start: int, end: int) -> bytes:
        return merkle.root(algorithm, leaf_hashes(start, end, page=page))

    return subtree_root


def _prepared_tree(algorithm: str, size: int, calls) -> nodes.StoredTree:
    """A StoredTree with every stored row that ``calls(subtree_root)`` will ask for read in
    one query: the proof is first walked with a recorder, then built for real."""
    ranges: list[tuple[int, int]] = []

    def record(start: int, end: int) -> bytes:
        ranges.append((start, end))
        return b""

    calls(record)
    tree = nodes.StoredTree(algorithm, size)
    tree.prefetch(ranges)
    return tree


def _check_signed(algorithm: str, size: int, root: bytes) -> None:
    """A proof to a signed size must lead to the signed root: stored hashes are checked
    here, not trusted (``ledger verify`` names the damaged one)."""
    signed = Checkpoint.objects.filter(tree_size=size).values_list("root", flat=True).first()
    if signed is not None and signed != digests.format_digest(algorithm, root):
        raise ProofError(f"台账的子树哈希与规模 {size} 的已签署检查点不符，"
                         f"请运行 sanxiang ledger verify 查明")


def _checked_size(tree_size: int | None) -> int:
    size = ledger_size()
    if tree_size is None:
        return size
    if not 0 <= tree_size <= size:
        raise ProofError(f"台账现有 {size} 条记录，没有规模为 {tree_size} 的树")
    return tree_size


def tree_root(tree_size: int | None = None, *, stored: bool = False) -> str:
    """The Merkle root over the first ``tree_size`` entries (all, by default).

    Recomputed from every leaf, for the checks that must not trust stored hashes (backup,
    restore, an outside checkpoint); ``stored=True`` reads O(log n) stored subtree hashes.
    """
    algorithm = ledger_algorithm()
    size = _checked_size(tree_size)
    if stored:
        return digests.format_digest(algorithm, nodes.StoredTree(algorithm, size).root())
    return digests.format_digest(algorithm, merkle.root(algorithm, leaf_hashes(0, size)))


def _hex(algorithm: str, raw: bytes) -> str:
    return digests.format_digest(algorithm, raw)


def _checkpoint_dict(tree_size: int) -> dict | None:
    checkpoint = Checkpoint.objects.filter(tree_size=tree_size).first()
    if checkpoint is None:
        return None
    from sanxiang.ledger.entries import format_time

    return {
        "tree_size": checkpoint.tree_size, "root": checkpoint.root,
        "signed_at": format_time(checkpoint.signed_at),
        "signature_algorithm": checkpoint.signature_algorithm,
        "key_id": checkpoint.key_id, "signature": checkpoint.signature,
    }


@dataclass(frozen=True)
class InclusionProof:
    algorithm: str
    seq: int
    tree_size: int
    leaf_hash: bytes
    path: list[bytes]
    root: bytes

    def verify(self) -> bool:
        return merkle.verify_inclusion(self.algorithm, self.leaf_hash, self.seq - 1,
                                       self.tree_size, self.path, self.root)

    def as_dict(self) -> dict:
        return {
            "type": "inclusion", "algorithm": self.algorithm, "seq": self.seq,
            "leaf_index": self.seq - 1, "tree_size": self.tree_size,
            "leaf_hash": _hex(self.algorithm, self.leaf_hash),
            "path": [_hex(self.algorithm, h) for h in self.path],
            "root": _hex(self.algorithm, self.root),
            "checkpoint": _checkpoint_dict(self.tree_size),
        }


@dataclass(frozen=True)
class ConsistencyProof:
    algorithm: str
    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    path: list[bytes]

    def verify(self) -> bool:
        return merkle.verify_consistency(self.algorithm, self.old_size, self.new_size,
                                         self.old_root, self.new_root, self.path)

    def as_dict(self) -> dict:
        return {
            "type": "consistency", "algorithm": self.algorithm,
            "old_size": self.old_size, "new_size": self.new_size,
            "old_root": _hex(self.algorithm, self.old_root),
            "new_root": _hex(self.algorithm, self.new_root),
            "path": [_hex(self.algorithm, h) for h in self.path],
            "old_checkpoint": _checkpoint_dict(self.old_size),
            "new_checkpoint": _checkpoint_dict(self.new_size),
        }


def default_tree_size(seq: int) -> int:
    """The latest signed checkpoint that covers ``seq``, else the whole ledger."""
    size = Checkpoint.objects.filter(tree_size__gte=seq).order_by("-tree_size").values_list(
        "tree_size", flat=True).first()
    return size if size is not None else ledger_size()


def inclusion_proof(seq: int, tree_size: int | None = None) -> InclusionProof:
    """Proof that entry ``seq`` is in the tree of the first ``tree_size`` entries."""
    algorithm = ledger_algorithm()
    size = _checked_size(default_tree_size(seq) if tree_size is None else tree_size)
    if not 1 <= seq <= size:
        raise ProofError(f"第 {seq} 条记录不在规模为 {size} 的树中")
    paths, root, tree = _inclusion(algorithm, [seq], size)
    return InclusionProof(algorithm, seq, size, tree.perfect(seq - 1, 0), paths[seq], root)


def inclusion_paths(algorithm: str, seqs: list[int], size: int):
    """Inclusion paths of entries ``seqs`` in the tree of ``size``, from one StoredTree
    (rows shared between the paths are read once). Returns ({seq: path}, root)."""
    paths, root, _tree = _inclusion(algorithm, seqs, size)
    return paths, root


def _inclusion(algorithm: str, seqs: list[int], size: int):
    def walk(subtree_root):
        for seq in seqs:
            merkle.inclusion_proof(seq - 1, size, subtree_root)

    tree = _prepared_tree(algorithm, size, walk)
    if not seqs:
        return {}, tree.root(), tree
    paths = {seq: merkle.inclusion_proof(seq - 1, size, tree.subtree_root) for seq in seqs}
    # Each path leads to the root (no second walk for it); all must lead to the same one.
    roots = {merkle.root_from_inclusion(algorithm, tree.perfect(seq - 1, 0), seq - 1, size,
                                        path) for seq, path in paths.items()}
    if len(roots) != 1 or None in roots:
        raise ProofError("包含证明与树根不符，请运行 sanxiang ledger verify 查明")
    [root] = roots
    _check_signed(algorithm, size, root)
    return paths, root, tree


def consistency_proof(old_size: int, new_size: int | None = None) -> ConsistencyProof:
    """Proof that the tree of ``new_size`` entries extends the one of ``old_size``."""
    algorithm = ledger_algorithm()
    new = _checked_size(new_size)
    if not 1 <= old_size <= new:
        raise ProofError(f"无法给出规模 {old_size} 到 {new} 的一致性证明")
    if old_size == new:
        root = nodes.StoredTree(algorithm, new).root()
        _check_signed(algorithm, new, root)
        return ConsistencyProof(algorithm, old_size, new, root, root, [])
    power_of_two = old_size & (old_size - 1) == 0

    def walk(subtree_root):
        merkle.consistency_proof(old_size, new, subtree_root)
        if power_of_two:
            subtree_root(0, old_size)

    tree = _prepared_tree(algorithm, new, walk)
    path = merkle.consistency_proof(old_size, new, tree.subtree_root)
    # The path leads to both roots; only a power-of-two old tree needs its own root.
    old_root = tree.subtree_root(0, old_size) if power_of_two else None
    roots = merkle.roots_from_consistency(algorithm, old_size, new, path, old_root)
    if roots is None:
        raise ProofError(f"无法给出规模 {old_size} 到 {new} 的一致性证明，"
                         f"请运行 sanxiang ledger verify 查明")
    old_root, new_root = roots
    _check_signed(algorithm, old_size, old_root)
    _check_signed(algorithm, new, new_root)
    return ConsistencyProof(algorithm, old_size, new, old_root, new_root, path)
