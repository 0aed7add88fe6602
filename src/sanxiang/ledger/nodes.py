"""Stored subtree hashes of the ledger's Merkle tree: proofs and tiles in O(log n).

Every complete subtree of ``2^LEVEL`` leaves or more has its hash stored in ``LedgerNode``
(``level``, ``size`` — the tree size at which it completed), written by the append that
completes it, in that append's transaction (``on_append``). A subtree of fewer leaves is
hashed from at most ``2^LEVEL - 1`` leaf digests, read by one range query. So the root of
any tree size, an inclusion proof or a consistency proof reads O(log n) rows and hashes a
few hundred nodes (``StoredTree``), whatever the ledger's size.

The stored hashes are also the ledger's public tiles (C2SP tlog-tiles, tile height 8):
tile ``L/N`` holds the hashes of the nodes of level ``8·L``, numbers ``256·N`` … — leaf
hashes at level 0, stored nodes above (``tile_hashes``). Hashes only: the entries
themselves hold names and case facts and are not public.

The stored hashes are not trusted by themselves: ``ledger verify`` checks every one —
up to the newest checkpoint as the hash of its stored children, bound to the signed root
and through the hash chain to the entries (ADR 0053), after it by recomputing it from the
leaves (``verify.py``) — and a proof leading to a root other than the signed
checkpoint's is refused (``proofs.py``).
"""

from collections.abc import Iterable

from django.db import connection

from sanxiang.core import digests
from sanxiang.ledger import merkle

LEVEL = 8  # the lowest stored level; also the tile height
BLOCK = 1 << LEVEL  # leaves under one node of the lowest stored level, and in one tile
PAGE = 10_000
_INSERT = "INSERT INTO core_ledgernode (level, size, hash) VALUES (%s, %s, %s)"


def _raw(digest: str) -> bytes:
    return digests.parse_digest(digest)[1]


def leaves(start: int, end: int, *, cursor=None) -> list[bytes]:
    """Raw leaf hashes of leaves [start, end) (entries start+1 … end): one range query."""
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        cursor.execute("SELECT seq, digest FROM core_ledgerevent WHERE seq > %s AND seq <= %s"
                       " ORDER BY seq", [start, end])
        rows = cursor.fetchall()
    finally:
        if own:
            cursor.close()
    if len(rows) != end - start or (rows and (rows[0][0] != start + 1 or rows[-1][0] != end)):
        found = {seq for seq, _digest in rows}
        missing = next(seq for seq in range(start + 1, end + 1) if seq not in found)
        raise ProofError(f"第 {missing} 条记录缺失，无法给出证明")
    return [_raw(digest) for _seq, digest in rows]


class ProofError(ValueError):
    """The ledger cannot give this proof (a size it does not have, a missing entry)."""


def completed_levels(size: int) -> range:
    """The stored levels of the nodes that complete when the tree reaches ``size``."""
    top = (size & -size).bit_length() - 1  # trailing zeros: the highest level completed
    return range(LEVEL, top + 1)


def on_append(cursor, algorithm: str, seq: int, leaf: bytes) -> None:
    """Store the nodes that entry ``seq`` completes; ``append`` calls it in its
    transaction, with the ledger head locked, when ``seq`` is a multiple of ``BLOCK``."""
    levels = completed_levels(seq)
    if not levels:
        return
    block = [*leaves(seq - BLOCK, seq - 1, cursor=cursor), leaf]
    node = merkle.root(algorithm, block)
    rows = [(LEVEL, seq, node)]
    tree = StoredTree(algorithm, seq, cursor=cursor)
    for level in levels[1:]:
        # The left sibling completed at ``seq - 2^(level-1)`` and is stored already.
        left = tree.perfect(seq - (1 << level), level - 1)
        node = merkle.hash_children(algorithm, left, node)
        rows.append((level, seq, node))
    cursor.executemany(_INSERT, rows)


def nodes_from_leaves(algorithm: str, leaf_hashes: Iterable[bytes], *, start_size: int = 0,
                      frontier=()):
    """Yield (level, size, hash) of every stored-level node the leaves complete, in order.

    The tree continues from ``(start_size, frontier)``; used to backfill the table.
    """
    tree = merkle.TreeBuilder(algorithm, size=start_size, frontier=frontier)
    stack = tree.frontier
    size = start_size
    for raw in leaf_hashes:
        size += 1
        carry, level = size, 0
        while not carry & 1:
            raw = merkle.hash_children(algorithm, stack.pop(), raw)
            carry >>= 1
            level += 1
            if level >= LEVEL:
                yield level, size, raw
        stack.append(raw)


def backfill(using_connection=None, *, page: int = PAGE) -> int:
    """Store every missing node of the ledger as it stands; returns how many were written.

    Streams the entries' digests by seq ranges (constant memory) and writes in batches, so
    a ledger that predates stored nodes gets them in one pass (migration 0006, or
    ``sanxiang ledger nodes``). Nodes already stored are left as they are.
    """
    db = using_connection or connection
    with db.cursor() as cursor:
        cursor.execute("SELECT size, last_digest FROM core_ledgerhead WHERE id = 1")
        row = cursor.fetchone()
        if not row or not row[0]:
            return 0
        size, algorithm = row[0], row[1].partition(":")[0]
        insert = _INSERT.rstrip() + " ON CONFLICT DO NOTHING"

        def streamed():
            for low in range(0, size, page):
                yield from leaves(low, min(low + page, size), cursor=cursor)

        written, batch = 0, []
        for node in nodes_from_leaves(algorithm, streamed()):
            batch.append(node)
            if len(batch) >= 1000:
                cursor.executemany(insert, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(insert, batch)
            written += len(batch)
    return written


class StoredTree:
    """Subtree roots of the tree of the first ``size`` entries, from stored nodes.

    A perfect subtree of a stored level is one row; a smaller one, or one whose row is
    missing, is hashed from leaf digests (read a block of ``BLOCK`` at a time, cached) or
    from its two halves. ``subtree_root`` fits ``merkle.inclusion_proof`` and
    ``merkle.consistency_proof``; ``prefetch`` first reads all the rows a proof needs in
    one query.
    """

    def __init__(self, algorithm: str, size: int, *, cursor=None):
        self.algorithm = algorithm
        self.size = size
        self.cursor = cursor
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._absent: set[tuple[int, int]] = set()
        self._blocks: dict[int, list[bytes]] = {}
        self.rows_read = 0

    def _query(self, sql: str, params) -> list:
        if self.cursor is not None:
            self.cursor.execute(sql, params)
            rows = self.cursor.fetchall()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        self.rows_read += len(rows)
        return rows

    # -- pieces ------------------------------------------------------------------------

    @staticmethod
    def pieces(start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) as perfect subtrees (start, level), largest first."""
        result = []
        while start < end:
            level = (end - start).bit_length() - 1
            if start:
                level = min(level, (start & -start).bit_length() - 1)
            result.append((start, level))
            start += 1 << level
        return result

    def wanted(self, ranges: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        keys = set()
        for start, end in ranges:
            for piece_start, level in self.pieces(start, end):
                if level >= LEVEL:
                    keys.add((level, piece_start + (1 << level)))
        return keys

    def prefetch(self, ranges: Iterable[tuple[int, int]]) -> None:
        keys = self.wanted(ranges) - self._nodes.keys() - self._absent
        if not keys:
            return
        sizes = sorted({size for _level, size in keys})
        marks = ", ".join(["%s"] * len(sizes))
        rows = self._query(f"SELECT level, size, hash FROM core_ledgernode "  # noqa: S608
                           f"WHERE size IN ({marks})", sizes)
        for level, size, value in rows:
            if (level, size) in keys:
                self._nodes[(level, size)] = bytes(value)
        self._absent |= keys - self._nodes.keys()

    # -- hashes ------------------------------------------------------------------------

    def _block(self, index: int) -> list[bytes]:
        found = self._blocks.get(index)
        if found is None:
            start = index * BLOCK
            end = min(start + BLOCK, self.size)
            found = self._blocks[index] = leaves(start, end, cursor=self.cursor)
            self.rows_read += len(found)
        return found

    def perfect(self, start: int, level: int) -> bytes:
        """The root of the perfect subtree of 2^level leaves from ``start``."""
        if level >= LEVEL:
            key = (level, start + (1 << level))
            if key not in self._nodes and key not in self._absent:
                self.prefetch([(start, start + (1 << level))])
            if key in self._nodes:
                return self._nodes[key]
            half = 1 << (level - 1)
            return merkle.hash_children(self.algorithm, self.perfect(start, level - 1),
                                        self.perfect(start + half, level - 1))
        block = self._block(start >> LEVEL)
        offset = start & (BLOCK - 1)
        return merkle.root(self.algorithm, block[offset:offset + (1 << level)])

    def subtree_root(self, start: int, end: int) -> bytes:
        """MTH of leaves [start, end): the perfect pieces folded right to left."""
        if not 0 <= start < end <= self.size:
            raise ValueError(f"no subtree [{start}, {end}) in a tree of {self.size}")
        return merkle.fold(self.algorithm, [self.perfect(s, level)
                                            for s, level in self.pieces(start, end)])

    def root(self) -> bytes:
        if not self.size:
            return merkle.empty_root(self.algorithm)
        self.prefetch([(0, self.size)])
        return self.subtree_root(0, self.size)


def tile_hashes(tile_level: int, index: int, width: int) -> bytes | None:
    """The concatenated hashes of tile ``tile_level/index`` of ``width`` hashes, or None
    when the ledger does not have them yet (C2SP tlog-tiles)."""
    from sanxiang.ledger.proofs import ledger_size

    level = tile_level * LEVEL
    first = index * BLOCK
    if not 1 <= width <= BLOCK or (ledger_size() >> level) < first + width:
        return None
    if level == 0:
        return b"".join(leaves(first, first + width))
    low, high = first << level, (first + width) << level
    with connection.cursor() as cursor:
        cursor.execute("SELECT size, hash FROM core_ledgernode WHERE level = %s AND size > %s"
                       " AND size <= %s ORDER BY size", [level, low, high])
        rows = cursor.fetchall()
    if len(rows) != width:
        return None
    return b"".join(bytes(value) for _size, value in rows)
