"""Recompute the whole ledger and name the first bad entry (R-REC-02, ``ledger verify``).

Checked for every entry, in seq order, and reported at the first that fails:

1. ``missing``    — seq runs 1, 2, 3 … without a gap;
2. ``algorithm``  — the digest carries the ledger's algorithm (the first entry's);
3. ``chain``      — ``prev_digest`` is the previous entry's digest (``genesis`` for the first);
4. ``digest``     — the digest is the leaf hash of the entry's canonical bytes
                    (``unreadable`` when the row cannot even be read back);

at each checkpoint's tree size, right after that entry, the checkpoint's signatures (its
statement and its signed note) and the Merkle root over the entries so far
(``checkpoint_*``); and at the end ``LedgerHead``'s
size and last digest (``head``). So an edited field names its own entry; a change that
was re-hashed into its own digest names the next entry, whose link no longer fits; and a
rewrite re-chained to the end is caught by the first checkpoint after it, which names the
range it must lie in.

Signatures are checked where they prove something (ADR 0032). The newest checkpoint's are
checked with the keys; so is any checkpoint whose row no longer matches the payload of its
own CHECKPOINT_SIGNED event. A checkpoint whose row equals that payload, under trusted
keys, and whose event lies inside a later checkpoint's tree, is vouched for by that
later signature: the event (signatures included) is hashed into the tree the later
checkpoint signs and whose root is recomputed here, and the platform checks the previous
checkpoint's signatures before it signs the next. So an SM2 check (some 25 ms of Python)
is paid once per run, not once per checkpoint, and a changed row or event is still named
(the row's own check fails, or the event's digest). ``all_signatures`` checks every one.

In one process, entries up to the newest checkpoint are checked against the signed roots
(``verify_signed_prefix``, ADR 0053): every entry as above, but the tree at each
checkpoint is folded from the stored subtree hashes, each checked against its children, and
the last block's own leaves, instead of hashing the 255 inner nodes under every stored
one; entries after it are hashed into the tree in full. Any disagreement there runs the
full pass, which names it, so what is reported is the same either way.

Speed: the database rebuilds each entry's canonical bytes (``ledger.entry_bytes_sql``), so
Python sees four values per row and does little but hash them; pages are read by keyset
(``seq > last``), so a ledger of any size streams in constant memory and no transaction
stays open. A large ledger is cut into aligned chunks of 2^k entries verified by worker
processes; each returns its chunk's Merkle subtree root, and the chunks compose because
they are aligned (``merkle.TreeBuilder``'s frontier is exactly the chunk roots plus the
open chunk's frontier).
"""

import bisect
import contextlib
import functools
import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from queue import Empty, Full, Queue

from django.conf import settings
from django.db import connection

from sanxiang.core import digests
from sanxiang.core.models import Checkpoint, LedgerEvent
from sanxiang.ledger import checkpoints, merkle, nodes, signatures
from sanxiang.ledger import workers as ledger_workers
from sanxiang.ledger.entries import (
    GENESIS,
    algorithm_of,
    entry_bytes_sql,
    event_bytes,
    leaf_hash,
)

DEFAULT_BATCH = 5000
CHUNK = 1 << 14  # entries per worker task; a power of two, so chunk roots compose
PARALLEL_FROM = 1 << 19  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 8


@dataclass(frozen=True)
class Failure:
    seq: int | None  # the first bad entry; None when no entry can be named
    problem: str  # missing, algorithm, chain, digest, unreadable, checkpoint_*, head
    message: str  # Chinese, for the administrator


@dataclass
class RangeReport:
    """What one pass over leaves [lo, hi) found (seq lo+1 … hi)."""

    lo: int
    hi: int
    count: int = 0  # entries found good, from lo+1 on
    first_prev: str | None = None  # set when the caller checks the first link itself
    last_digest: str | None = None
    frontier: list[bytes] = field(default_factory=list)
    marks: dict[int, list[bytes]] = field(default_factory=dict)  # tree size -> frontier
    failure: Failure | None = None
    bytes_hashed: int = 0


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    size: int  # entries in the ledger when verification began
    algorithm: str
    root: str  # Merkle root over all entries ("sm3:…"); empty when not ok
    checkpoints: int  # checkpoints whose signature and root were confirmed
    bytes_hashed: int
    seconds: float
    workers: int
    failure: Failure | None = None
    signatures_checked: int = 0  # checkpoints whose signatures were checked with the keys

    @property
    def bad_seq(self) -> int | None:
        return self.failure.seq if self.failure else None

    @property
    def problem(self) -> str:
        return self.failure.problem if self.failure else ""

    @property
    def message(self) -> str:
        return self.failure.message if self.failure else self.summary()

    def summary(self) -> str:
        if self.failure:
            return f"台账校验未通过：{self.failure.message}"
        return (f"台账完整：共 {self.size} 条记录，默克尔根 {self.root}，"
                f"核对检查点 {self.checkpoints} 个。")


def _pages(lo: int, hi: int, batch: int, max_level: int):
    """Rows (seq, canonical bytes, prev_digest, digest) for seq lo+1 … hi, a page at a time,
    each with the stored subtree hashes (level, size, hash) completed within the page, up
    to ``max_level``.

    Pages are seq ranges (``seq > a AND seq <= a + batch``), not ``LIMIT`` after the last
    row: seq is dense, and a bounded range keeps every plan to one page's rows even where
    the planner has no statistics yet (a fresh or just-loaded PostgreSQL table, where
    ``ORDER BY seq LIMIT n`` may be planned as a sort of the whole table per page).
    """
    vendor = connection.vendor
    # Composed of constants only (ledger.entry_bytes_sql); the bounds are parameters.
    sql = (f"SELECT seq, {entry_bytes_sql(vendor)}, prev_digest, digest "  # noqa: S608
           "FROM core_ledgerevent WHERE seq > %s AND seq <= %s ORDER BY seq")
    node_sql = ("SELECT level, size, hash FROM core_ledgernode WHERE size > %s AND size <= %s"
                " AND level <= %s ORDER BY size, level")
    connection.ensure_connection()
    # The driver's own cursor, in the connection's current transaction: Django's wrapper
    # adds nothing here, and psycopg's binary mode saves parsing every row as text.
    if vendor == "postgresql":
        import psycopg

        # Server-side binding: Django's own client-side cursors cannot read binary. Not
        # prepared, so each page is planned for its own bounds.
        cursor = psycopg.Cursor(connection.connection)
        cursor.format = psycopg.pq.Format.BINARY
        execute = functools.partial(cursor.execute, prepare=False)
    else:
        cursor = connection.connection.cursor()
        sql = sql.replace("%s", "?")
        node_sql = node_sql.replace("%s", "?")
        execute = cursor.execute

    def pages():
        try:
            for start in range(lo, hi, batch):
                end = min(start + batch, hi)
                execute(sql, (start, end))
                rows = cursor.fetchall()
                if rows:
                    # Only a page that completes a stored subtree asks for its hashes.
                    stored = []
                    if (end >> nodes.LEVEL) > (start >> nodes.LEVEL) \
                            and max_level >= nodes.LEVEL:
                        execute(node_sql, (start, end, max_level))
                        stored = [(level, size, bytes(value))
                                  for level, size, value in cursor.fetchall()]
                    yield rows, stored
        finally:
            cursor.close()

    # The next page is built while this thread hashes: by PostgreSQL in its own process
    # (psycopg waits without the GIL), by SQLite in the helper thread (sqlite3 releases the
    # GIL while SQLite steps through rows, which is where the canonical bytes are joined).
    return _read_ahead(pages())


def _read_ahead(pages, depth: int = 2):
    """Iterate ``pages`` in a helper thread, up to ``depth`` pages ahead."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce():
        try:
            for page in pages:
                while not stop.is_set():
                    try:
                        queue.put(page, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    break
        except BaseException as error:  # handed to the consumer, raised there
            queue.put(error)
        finally:
            pages.close()
        queue.put(done)

    thread = threading.Thread(target=produce, name="ledger-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            with contextlib.suppress(Empty):
                queue.get(timeout=0.1)
        thread.join()


def _diagnose(*, algorithm, seq, expected, prev, prev_digest, digest):
    """Why a row failed the fast check: a Failure, or the confirmed leaf hash.

    The fast check compares bytes rebuilt by SQL; before an entry is called bad, its
    digest is recomputed from the model through ``event_bytes``, the definition.
    """
    if seq != expected:
        return Failure(expected, "missing", f"第 {expected} 条记录缺失（序号不连续）"), None
    prefix = f"{algorithm}:"
    if not isinstance(digest, str) or not digest.startswith(prefix):
        found = algorithm_of(str(digest)) or str(digest)[:16]
        return Failure(seq, "algorithm",
                       f"第 {seq} 条记录的摘要算法“{found}”与台账所用的 {algorithm} 不一致"), None
    if prev_digest != prev:
        if seq == 1:
            message = f"第 1 条记录的“前一条摘要”应为 {GENESIS}，哈希链的起点被改动"
        else:
            message = f"第 {seq} 条记录的“前一条摘要”与第 {seq - 1} 条记录的摘要不符，哈希链断裂"
        return Failure(seq, "chain", message), None
    try:
        reference = leaf_hash(algorithm, event_bytes(LedgerEvent.objects.get(seq=seq)))
    except Exception as error:  # any row that cannot be read back is a bad row
        return Failure(seq, "unreadable", f"第 {seq} 条记录无法读取：{error}"), None
    if digest != prefix + reference.hex():
        return Failure(seq, "digest", f"第 {seq} 条记录的内容与其摘要不符，记录已被改动"), None
    return None, reference


def verify_range(lo: int, hi: int, *, algorithm: str, expected_prev: str | None,
                 marks=(), batch: int = DEFAULT_BATCH, start_size: int = 0,
                 start_frontier=(), max_level: int = 63) -> RangeReport:
    """Check entries lo+1 … hi and build their Merkle frontier.

    ``expected_prev`` is the digest the first entry must point at, or None to leave that
    link to the caller (a parallel chunk; its ``first_prev`` is reported instead). The
    tree starts from ``(start_size, start_frontier)``: empty for a chunk or for the whole
    ledger, a checkpoint's frontier when extending it. ``marks`` are tree sizes at which
    to keep a copy of the frontier, for checkpoints. Stored subtree hashes completed in the
    range are compared with the ones computed, up to ``max_level`` (a chunk's own height;
    the levels above are the assembler's).
    """
    report = RangeReport(lo, hi)
    tree = merkle.TreeBuilder(algorithm, size=start_size, frontier=start_frontier)
    stack = tree.frontier
    offset = lo - start_size
    base = digests.new(algorithm)
    base.update(b"\x00")
    node = digests.new(algorithm)
    node.update(b"\x01")
    base_copy, node_copy, push, pop = base.copy, node.copy, stack.append, stack.pop
    prefix = f"{algorithm}:"
    wanted = sorted(s for s in marks if lo < s <= hi)
    wanted.append(-1)
    next_mark, mark_index = wanted[0], 0
    expected, prev, hashed = lo + 1, expected_prev, 0

    low_mask = nodes.BLOCK - 1
    stored_level = nodes.LEVEL
    pages = _pages(lo, hi, batch, max_level)
    for rows, stored in pages:
        computed = []
        if prev is None:
            prev = rows[0][2]
            if rows[0][0] == lo + 1:
                report.first_prev = prev
        for seq, data, prev_digest, digest in rows:
            h = base_copy()
            h.update(data)
            raw = h.digest()
            if seq != expected or prev_digest != prev or digest != prefix + raw.hex():
                failure, raw = _diagnose(algorithm=algorithm, seq=seq, expected=expected,
                                         prev=prev, prev_digest=prev_digest, digest=digest)
                if failure is not None:
                    report.failure = failure
                    break
            hashed += len(data)
            carry = seq - offset
            if carry & low_mask:
                while not carry & 1:  # one update of 64 bytes is cheaper than two
                    h = node_copy()
                    h.update(pop() + raw)
                    raw = h.digest()
                    carry >>= 1
            else:  # one entry in 256 completes subtrees whose hashes are stored
                level = 0
                while not carry & 1:
                    h = node_copy()
                    h.update(pop() + raw)
                    raw = h.digest()
                    carry >>= 1
                    level += 1
                    if level >= stored_level:
                        computed.append((level, seq, raw))
            push(raw)
            prev = digest
            expected += 1
            if seq == next_mark:
                report.marks[seq] = list(stack)
                mark_index += 1
                next_mark = wanted[mark_index]
        if report.failure is None and computed != stored:
            report.failure = compare_nodes(computed, stored)
        if report.failure is not None:
            break
    pages.close()  # stops the read-ahead thread at once
    if report.failure is None and expected <= hi:
        report.failure = Failure(expected, "missing", f"第 {expected} 条记录缺失（序号不连续）")
    report.count = expected - lo - 1
    report.last_digest = prev if report.count else None
    report.frontier = stack
    report.bytes_hashed = hashed
    return report


def verify_signed_prefix(hi: int, *, algorithm: str, marks,
                         batch: int = DEFAULT_BATCH) -> RangeReport | None:
    """Entries 1 … hi, ``hi`` being a checkpoint's size, checked against the signed roots
    without hashing the 255 inner nodes under every stored one (ADR 0053).

    Every entry is checked as ``verify_range`` checks it (seq, algorithm, link, digest).
    The tree at each checkpoint size s in ``marks`` is then not rebuilt from the leaves:
    its frontier is taken from the stored subtree hashes (levels ≥ 8), each stored node
    above level 8 being checked as the hash of its two stored children, and the part
    under 256 leaves (or, when s is a multiple of 256, the level-8 node ending at s) is
    hashed from this pass's own leaf hashes, so it holds leaf s. The caller folds that
    frontier and compares it with the signed root. If they agree, then (collision
    resistance) leaf s is the leaf s that was signed, and since leaf s's bytes hold entry
    s − 1's digest, and so on down to the first, entries 1 … s are exactly those signed —
    the argument ``checkpoints._resume_from`` already rests on; and every stored node up
    to s, chained by hashes to a frontier node that folded to the signed root, is the
    node of the signed tree, which the platform built from those same leaves. The same
    checks fail, and the same entry or node would be named, whenever the full pass would
    fail; this pass does not name anything: at the first disagreement of any kind it
    returns None and the caller runs the full pass (``verify_range``), which names it.
    """
    report = RangeReport(0, hi)
    base = digests.new(algorithm)
    base.update(b"\x00")
    base_copy = base.copy
    prefix = f"{algorithm}:"
    wanted = sorted(s for s in marks if 0 < s <= hi)
    if not wanted or wanted[-1] != hi:
        return None
    wanted.append(-1)
    next_mark, mark_index = wanted[0], 0
    expected, prev, hashed = 1, GENESIS, 0
    low_mask = nodes.BLOCK - 1
    block: list[bytes] = []  # leaf hashes since the last multiple of 256
    tops: list[bytes] = []  # frontier of the stored nodes (levels ≥ 8), largest first
    pages = _pages(0, hi, batch, 63)
    try:
        for rows, stored in pages:
            by_size: dict[int, list] = {}
            for level, size, value in stored:
                by_size.setdefault(size, []).append((level, value))
            used = 0
            for seq, data, prev_digest, digest in rows:
                h = base_copy()
                h.update(data)
                raw = h.digest()
                if seq != expected or prev_digest != prev or digest != prefix + raw.hex():
                    return None
                hashed += len(data)
                block.append(raw)
                if not seq & low_mask:
                    found = by_size.get(seq, [])
                    levels = nodes.completed_levels(seq)
                    if [level for level, _value in found] != list(levels):
                        return None
                    used += len(found)
                    node = found[0][1]
                    if seq == next_mark and merkle.root(algorithm, block) != node:
                        return None  # the level-8 node at a checkpoint, from its leaves
                    for _level, value in found[1:]:
                        node = merkle.hash_children(algorithm, tops.pop(), node)
                        if node != value:
                            return None
                    tops.append(node)
                if seq == next_mark:
                    low = []
                    if seq & low_mask:  # the subtrees under 256 leaves, from this pass's
                        builder = merkle.TreeBuilder(algorithm)
                        builder.extend(block)
                        low = builder.frontier
                    report.marks[seq] = tops + low
                    mark_index += 1
                    next_mark = wanted[mark_index]
                if not seq & low_mask:
                    block = []
                prev = digest
                expected += 1
            if used != len(stored):
                return None  # a stored node where none completes
    finally:
        pages.close()
    if expected <= hi:
        return None
    report.count = hi
    report.last_digest = prev
    report.frontier = report.marks[hi]
    report.bytes_hashed = hashed
    return report


def compare_nodes(computed: list, stored: list) -> Failure | None:
    """The first difference between the subtree hashes computed and those stored, both
    lists of (level, size, hash) in (size, level) order."""
    def key(node):
        return node[1], node[0]

    for index in range(max(len(computed), len(stored))):
        mine = computed[index] if index < len(computed) else None
        theirs = stored[index] if index < len(stored) else None
        if mine == theirs:
            continue
        if mine is None or (theirs is not None and key(theirs) < key(mine)):
            (level, size, _hash), what = theirs, "不应存在（多余）"
        elif theirs is None or key(theirs) != key(mine):
            (level, size, _hash), what = mine, "缺失（运行 sanxiang ledger nodes 可补写）"
        else:
            (level, size, _hash), what = mine, "与记录不符，已被改动"
        first = size - (1 << level) + 1
        return Failure(None, "node",
                       f"第 {first} 至 {size} 条记录的子树哈希（第 {level} 层）{what}")
    return None


def _snapshot():
    """Ledger size, head and first digest, read by one statement so they agree."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT max(seq) FROM core_ledgerevent),"
            " (SELECT size FROM core_ledgerhead WHERE id = 1),"
            " (SELECT last_digest FROM core_ledgerhead WHERE id = 1),"
            " (SELECT digest FROM core_ledgerevent WHERE seq = 1)"
        )
        return cursor.fetchone()


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _choose_workers(size: int, workers: int | None) -> int:
    # Workers read through their own connections: they cannot see an open transaction's
    # rows, nor a private in-memory SQLite database.
    if connection.in_atomic_block or (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    ):
        return 1
    if workers is None:
        return default_workers() if size >= PARALLEL_FROM else 1
    return max(1, workers)


def default_workers() -> int:
    """Worker processes for a large ledger: one per CPU on SQLite; on PostgreSQL one per
    two, since each keeps a server process (and its own read-ahead thread) busy too."""
    cpus = _available_cpus()
    per_worker = 2 if connection.vendor == "postgresql" else 1
    return max(1, min(cpus // per_worker, MAX_WORKERS))


def _parallel(ranges, *, algorithm, marks, batch, workers, chunk):
    context = multiprocessing.get_context("spawn")
    database = dict(connection.settings_dict)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=ledger_workers.setup, initargs=(database,)) as pool:
        futures = [
            pool.submit(verify_range, lo, hi, algorithm=algorithm,
                        expected_prev=GENESIS if lo == 0 else None,
                        marks=_within(marks, lo, hi), batch=batch,
                        max_level=(hi - lo).bit_length() - 1 if hi - lo == chunk else 63)
            for lo, hi in ranges
        ]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


class _Assembler:
    """Joins range reports in seq order: links between them, checkpoints, the root."""

    def __init__(self, algorithm, checkpoints_by_size, check_signatures, chunk_level=None,
                 recorded=None):
        self.algorithm = algorithm
        # With chunks, subtree hashes above a chunk's height are checked here.
        self.chunk_level = chunk_level
        self.upper: list[bytes] = []
        self.checkpoints = checkpoints_by_size
        self.sizes = sorted(checkpoints_by_size)
        self.check_signatures = check_signatures
        self.keys = checkpoints.trusted_keys() if check_signatures else []
        # {checkpoint pk: payload of its CHECKPOINT_SIGNED event inside a later checkpoint}
        self.recorded = recorded or {}
        self.trusted_ids = {(k.algorithm, k.key_id(digest)) for k in self.keys
                            for digest in ("sm3", "sha256")}
        self.signatures_checked = 0
        self.chunks = merkle.TreeBuilder(algorithm)  # roots of completed aligned chunks
        self.tail: list[bytes] = []
        self.last_digest = GENESIS
        self.last_good_checkpoint = 0
        self.confirmed = 0
        self.count = 0
        self.hashed = 0

    def check_checkpoint(self, checkpoint, frontier) -> Failure | None:
        size = checkpoint.tree_size
        if self.check_signatures and not self.vouched(checkpoint):
            self.signatures_checked += 1
            found = checkpoints.verdict(checkpoint, self.keys)
            if found.invalid or found.malformed:
                names = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                                 for s in found.invalid + found.malformed)
                return Failure(None, "checkpoint_signature",
                               f"检查点（规模 {size}）的 {names} 签名无效，检查点记录已被改动")
            if not found.verified:
                return Failure(None, "checkpoint_key",
                               f"检查点（规模 {size}）的签名密钥 {checkpoint.key_id} "
                               f"不在本机的信任密钥中，无法核对其签名")
            problem = checkpoints.note_problem(checkpoint, self.keys)
            if problem:
                return Failure(None, "checkpoint_signature", problem)
        root = digests.format_digest(self.algorithm, merkle.fold(self.algorithm, frontier))
        if root != checkpoint.root:
            first = self.last_good_checkpoint + 1
            return Failure(first, "checkpoint_root",
                           f"第 {first} 至 {size} 条记录与检查点（规模 {size}）的默克尔根不符："
                           f"其间有记录被改写")
        self.last_good_checkpoint = size
        self.confirmed += 1
        return None

    def vouched(self, checkpoint) -> bool:
        """The row is exactly what its CHECKPOINT_SIGNED event recorded, that event lies
        inside a later checkpoint's tree, and every signature names a trusted key."""
        payload = self.recorded.get(checkpoint.pk)
        if not isinstance(payload, dict):
            return False
        row = checkpoints.published(checkpoint)
        first = {k: payload.get(k) for k in signatures.SIGNATURE_FIELDS}
        if payload.get("signatures", [first]) != row["signatures"] \
                or payload.get("note", "") != row.get("note", ""):
            return False
        if any(payload.get(k) != row[k] for k in ("tree_size", "root", "signed_at",
                                                   *signatures.SIGNATURE_FIELDS)):
            return False
        return all((s.get("signature_algorithm"), s.get("key_id")) in self.trusted_ids
                   for s in signatures.listed(row))

    def add(self, report: RangeReport, *, last: bool) -> Failure | None:
        failure = report.failure
        if report.first_prev is not None:
            # Row lo+1's own problems (a gap, a foreign algorithm) come before its link.
            earlier = (failure is not None and failure.seq == report.lo + 1
                       and failure.problem in {"missing", "algorithm"})
            if not earlier and report.first_prev != self.last_digest:
                seq = report.lo + 1
                return Failure(seq, "chain",
                               f"第 {seq} 条记录的“前一条摘要”与第 {seq - 1} 条记录的摘要不符，"
                               f"哈希链断裂")
        for size in _within(self.sizes, report.lo, report.hi):
            if failure is not None and failure.seq is not None and failure.seq <= size:
                break
            found = self.check_checkpoint(self.checkpoints[size],
                                          self.chunks.frontier + report.marks[size])
            if found is not None:
                return found
        if failure is not None:
            return failure
        failure = self.check_upper_nodes(report)
        if failure is not None:
            return failure
        self.count += report.count
        self.hashed += report.bytes_hashed
        if report.last_digest is not None:
            self.last_digest = report.last_digest
        if last:
            self.tail = report.frontier
        else:
            self.chunks.append(report.frontier[0])
        return None

    def root(self) -> bytes:
        return merkle.fold(self.algorithm, self.chunks.frontier + self.tail)

    def check_upper_nodes(self, report: RangeReport) -> Failure | None:
        """The stored subtree hashes a complete chunk completes above its own height."""
        if self.chunk_level is None or report.hi - report.lo != 1 << self.chunk_level:
            return None
        node, carry, level, computed = report.frontier[0], report.hi >> self.chunk_level, \
            self.chunk_level, []
        while not carry & 1:
            node = merkle.hash_children(self.algorithm, self.upper.pop(), node)
            carry >>= 1
            level += 1
            if level >= nodes.LEVEL:
                computed.append((level, report.hi, node))
        self.upper.append(node)
        with connection.cursor() as cursor:
            cursor.execute("SELECT level, size, hash FROM core_ledgernode WHERE size = %s"
                           " AND level > %s ORDER BY level", [report.hi, self.chunk_level])
            stored = [(level, size, bytes(value)) for level, size, value in cursor.fetchall()]
        return compare_nodes(computed, stored) if computed != stored else None


def _within(sizes: list[int], lo: int, hi: int) -> list[int]:
    """The sorted ``sizes`` s with lo < s <= hi."""
    return sizes[bisect.bisect_right(sizes, lo):bisect.bisect_right(sizes, hi)]


def _check_head(size, head_size, head_digest, last_digest, checkpoint_sizes) -> Failure | None:
    if head_size is None:
        return Failure(None, "head", "台账头记录缺失") if size else None
    if head_size < size:
        return Failure(head_size + 1, "head",
                       f"第 {head_size + 1} 条起的记录未计入台账头（台账头记录共 {head_size} 条）")
    if head_size > size:
        return Failure(size + 1, "missing",
                       f"第 {size + 1} 条记录缺失：台账头记录共 {head_size} 条，实有 {size} 条")
    if size and head_digest != last_digest:
        return Failure(size, "head", f"第 {size} 条记录的摘要与台账头记录的最后摘要不符")
    beyond = [s for s in checkpoint_sizes if s > size]
    if beyond:
        return Failure(size + 1, "missing",
                       f"第 {size + 1} 条记录缺失：检查点（规模 {beyond[0]}）超出台账现有的 "
                       f"{size} 条记录")
    return None


def _recorded(by_size: dict) -> dict[int, dict]:
    """{checkpoint pk: its CHECKPOINT_SIGNED payload}, for events inside the tree of the
    largest checkpoint (whose own signatures are always checked)."""
    if len(by_size) < 2:
        return {}
    from sanxiang.ledger.events import EventKind

    rows = (LedgerEvent.objects.filter(subject_type=Checkpoint._meta.label_lower,
                                       kind=EventKind.CHECKPOINT_SIGNED,
                                       seq__lte=max(by_size))
            .values_list("subject_id", "payload"))
    found = {}
    for subject_id, payload in rows:
        with contextlib.suppress(ValueError):
            found.setdefault(int(subject_id), json.loads(payload))
    return found


def _signed_then_rest(assembler, size, *, algorithm, marks, batch) -> bool:
    """Entries up to the newest checkpoint by ``verify_signed_prefix``, the rest by
    ``verify_range`` from its frontier, both added to ``assembler``. False at the first
    disagreement of any kind (the caller then starts again with the full pass)."""
    hi = max(marks)
    prefix = verify_signed_prefix(hi, algorithm=algorithm, marks=marks, batch=batch)
    if prefix is None or assembler.add(prefix, last=True) is not None:
        return False
    if hi < size:
        rest = verify_range(hi, size, algorithm=algorithm, expected_prev=prefix.last_digest,
                            batch=batch, start_size=hi, start_frontier=prefix.frontier)
        if assembler.add(rest, last=True) is not None:
            return False
    return True


def verify(*, batch: int = DEFAULT_BATCH, workers: int | None = None, chunk: int = CHUNK,
           check_signatures: bool = True, all_signatures: bool = False) -> VerifyResult:
    """Verify every entry, every checkpoint and the head; see the module's docstring.

    Entries appended while this runs are left for the next run. ``workers``: None chooses
    (worker processes only for large ledgers), 1 stays in this process. ``chunk`` (a
    power of two) is the entries per worker task. ``all_signatures`` checks every
    checkpoint's signatures with the keys, vouched for or not (see the docstring).
    """
    if chunk & (chunk - 1):
        raise ValueError("chunk must be a power of two")
    started = time.perf_counter()
    # Checkpoints first: any made after the snapshot below is then within it.
    by_size = {c.tree_size: c for c in Checkpoint.objects.order_by("tree_size")}
    size, head_size, head_digest, first_digest = _snapshot()
    size = size or 0
    algorithm = algorithm_of(first_digest or head_digest or "") or (
        settings.SANXIANG_DIGEST_ALGORITHM)
    if algorithm not in digests.ALGORITHMS:
        # Named by the first entry; recomputing with a made-up algorithm is pointless.
        algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    used = _choose_workers(size, workers)

    recorded = {} if all_signatures or not check_signatures else _recorded(by_size)

    def start():
        made = _Assembler(algorithm, by_size, check_signatures,
                          chunk.bit_length() - 1 if used > 1 else None, recorded)
        return made, made.check_checkpoint(by_size[0], []) if 0 in by_size else None

    assembler, failure = start()
    done = False
    signed = [s for s in by_size if 0 < s <= size]
    if failure is None and used == 1 and signed and check_signatures:
        # Up to the newest checkpoint, against the signed roots (ADR 0053); any
        # disagreement, there or after it, and the full pass below runs and names it.
        # Only with the signatures checked: an unsigned root could be made to fit a
        # changed stored hash, which the full pass would still find.
        done = _signed_then_rest(assembler, size, algorithm=algorithm, marks=signed,
                                 batch=batch)
        if not done:
            assembler, failure = start()
    if failure is None and size and not done:
        if used > 1:
            ranges = [(lo, min(lo + chunk, size)) for lo in range(0, size, chunk)]
            reports = _parallel(ranges, algorithm=algorithm, marks=sorted(by_size),
                                batch=batch, workers=used, chunk=chunk)
        else:
            ranges = [(0, size)]
            reports = iter([verify_range(0, size, algorithm=algorithm, expected_prev=GENESIS,
                                         marks=list(by_size), batch=batch)])
        try:
            for index, report in enumerate(reports):
                failure = assembler.add(report, last=index == len(ranges) - 1)
                if failure is not None:
                    break
        finally:
            close = getattr(reports, "close", None)
            if close is not None:
                close()
    if failure is None:
        failure = _check_head(size, head_size, head_digest, assembler.last_digest, by_size)
    root = "" if failure else digests.format_digest(algorithm, assembler.root())
    return VerifyResult(
        ok=failure is None, size=size, algorithm=algorithm, root=root,
        checkpoints=assembler.confirmed, bytes_hashed=assembler.hashed,
        seconds=time.perf_counter() - started, workers=used, failure=failure,
        signatures_checked=assembler.signatures_checked,
    )
