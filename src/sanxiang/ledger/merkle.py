"""RFC 6962 / RFC 9162 Merkle trees over leaf hashes, with SM3 or SHA-256.

Leaves are hashed as ``H(0x00 ‖ data)`` and inner nodes as ``H(0x01 ‖ left ‖ right)``; the
tree over ``n`` leaves splits at the largest power of two below ``n`` (RFC 9162 §2.1.1).
Written by hand because no maintained Python library implements RFC 6962 with SM3.

This module needs nothing but Python's ``hashlib`` — no Django, no database, nothing else
of Sanxiang — so a third party can verify proofs with it alone: it is the one copy of the
proof checks, used by the platform and by the offline verifier ``records/bundle_verify.py``
(a case-file bundle ships it beside ``verify_bundle.py``). Everything works on *leaf
hashes* (the ledger's stored digests, as raw bytes). Nothing here holds a whole tree in memory:

* ``TreeBuilder`` streams leaves in order and keeps only the frontier — the roots of the
  perfect subtrees that make up the tree so far, O(log n) hashes;
* proofs are built from a ``subtree_root(start, end)`` callable, which the caller may
  implement by streaming leaves from storage. A proof for a tree of ``n`` leaves asks for
  disjoint ranges that together cover at most ``n`` leaves.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

ALGORITHMS = ("sm3", "sha256")
SubtreeRoot = Callable[[int, int], bytes]


_BASES: dict = {}


def _prefixed(algorithm: str, prefix: bytes):
    """A fresh hasher already fed ``prefix``: a copy of one kept per (algorithm, prefix),
    which is cheaper than ``hashlib.new`` (a lookup of the algorithm by name each time)."""
    try:
        return _BASES[algorithm, prefix].copy()
    except KeyError:
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown digest algorithm {algorithm!r}") from None
        h = hashlib.new(algorithm)
        h.update(prefix)
        _BASES[algorithm, prefix] = h
        return h.copy()


def hash_leaf(algorithm: str, data: bytes) -> bytes:
    h = _prefixed(algorithm, b"\x00")
    h.update(data)
    return h.digest()


def hash_children(algorithm: str, left: bytes, right: bytes) -> bytes:
    h = _prefixed(algorithm, b"\x01")
    h.update(left)
    h.update(right)
    return h.digest()


def empty_root(algorithm: str) -> bytes:
    """The root of the empty tree: the hash of the empty string (RFC 9162 §2.1.1)."""
    return _prefixed(algorithm, b"").digest()


def largest_power_of_two_below(n: int) -> int:
    """The k of RFC 9162: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def fold(algorithm: str, frontier: Sequence[bytes]) -> bytes:
    """The root of a tree from its frontier (perfect subtree roots, left to right)."""
    if not frontier:
        return empty_root(algorithm)
    node = _prefixed(algorithm, b"\x01")
    root = frontier[-1]
    for left in reversed(frontier[:-1]):
        h = node.copy()
        h.update(left)
        h.update(root)
        root = h.digest()
    return root


class TreeBuilder:
    """Streams leaf hashes in order; O(log n) memory.

    ``frontier`` holds one perfect subtree root per set bit of ``size``, largest first; a
    builder can be resumed from a saved ``(size, frontier)`` (the ledger keeps one with
    every checkpoint).
    """

    __slots__ = ("_node", "algorithm", "frontier", "size")

    def __init__(self, algorithm: str, *, size: int = 0, frontier: Sequence[bytes] = ()):
        if len(frontier) != size.bit_count():
            raise ValueError("a frontier has one hash per set bit of the tree size")
        self.algorithm = algorithm
        self.size = size
        self.frontier = list(frontier)
        self._node = _prefixed(algorithm, b"\x01")

    def append(self, leaf: bytes) -> None:
        self.size += 1
        carry = self.size
        frontier = self.frontier
        node = self._node
        # Each trailing zero bit of the new size completes a perfect subtree.
        while not carry & 1:
            h = node.copy()
            h.update(frontier.pop())
            h.update(leaf)
            leaf = h.digest()
            carry >>= 1
        frontier.append(leaf)

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        return fold(self.algorithm, self.frontier)


def root(algorithm: str, leaves: Iterable[bytes]) -> bytes:
    """MTH over leaf hashes, streaming."""
    tree = TreeBuilder(algorithm)
    tree.extend(leaves)
    return tree.root()


def list_subtree_root(algorithm: str, leaves: Sequence[bytes]) -> SubtreeRoot:
    """A ``subtree_root`` for leaves held in memory (tests, small trees)."""
    return lambda start, end: root(algorithm, leaves[start:end])


def inclusion_proof(index: int, size: int, subtree_root: SubtreeRoot) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, bottom-up."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path = []
    start, end = 0, size
    # Walk down from the root; each level contributes the sibling subtree's root.
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if index < start + k:
            path.append(subtree_root(start + k, end))
            end = start + k
        else:
            path.append(subtree_root(start, start + k))
            start += k
    path.reverse()
    return path


def root_from_inclusion(algorithm: str, leaf: bytes, index: int, size: int,
                        proof: Sequence[bytes]) -> bytes | None:
    """The root that an inclusion proof leads to, or None if it cannot fit (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = hash_children(algorithm, p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hash_children(algorithm, r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_inclusion(algorithm: str, leaf: bytes, index: int, size: int,
                     proof: Sequence[bytes], expected_root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    return root_from_inclusion(algorithm, leaf, index, size, proof) == expected_root


def consistency_proof(old_size: int, new_size: int, subtree_root: SubtreeRoot) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1."""
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from {old_size} to {new_size}")
    proof = []
    m, start, end, complete = old_size, 0, new_size, True
    # SUBPROOF(m, D[start:end], complete), unrolled; nodes are collected top-down.
    while m != end - start:
        k = largest_power_of_two_below(end - start)
        if m <= k:
            proof.append(subtree_root(start + k, end))
            end = start + k
        else:
            proof.append(subtree_root(start, start + k))
            m -= k
            start += k
            complete = False
    if not complete:
        proof.append(subtree_root(start, end))
    proof.reverse()
    return proof


def roots_from_consistency(algorithm: str, old_size: int, new_size: int,
                           proof: Sequence[bytes], old_root: bytes | None = None):
    """The (old, new) roots a consistency proof leads to, or None (RFC 9162 §2.1.4.2).

    When ``old_size`` is a power of two the old root is not in the proof and must be given.
    """
    if not 0 < old_size < new_size or not proof:
        return None
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        if old_root is None:
            raise ValueError("the old root is needed when the old size is a power of two")
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            fr = hash_children(algorithm, c, fr)
            sr = hash_children(algorithm, c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = hash_children(algorithm, sr, c)
        fn >>= 1
        sn >>= 1
    return (fr, sr) if sn == 0 else None


def verify_consistency(algorithm: str, old_size: int, new_size: int, old_root: bytes,
                       new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2."""
    if 0 < old_size == new_size:
        return not proof and old_root == new_root
    return roots_from_consistency(algorithm, old_size, new_size, proof, old_root) == (
        old_root, new_root)
