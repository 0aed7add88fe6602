"""``ledger verify --state``: does every row match the ledger event that wrote it?

Two streaming passes, each reading bounded pages in key order (constant memory, no long
transaction, indexed queries only):

1. **Bindings against the ledger.** For every event whose payload has ``"bound_rows"``, the
   ``RowBinding`` rows with its seq hash to that value, and each binding's digest is the
   digest of the fields it keeps. A binding deleted, added or edited is named by its seq.
   (The events themselves are proved by ``ledger verify``, which runs first.)
2. **Rows against their newest binding**, model by model in primary-key order: a row
   with no binding, or whose newest binding is a deletion, was **added** outside the
   actions; a binding whose row is gone was **deleted**; a row whose digest differs was
   **changed**, and the fields that differ are named. A row the platform ships as reference
   data (``state.REFERENCE_ROWS``) is compared with the shipped copy instead.

Every problem is reported (up to ``limit``), not only the first: an administrator needs
the whole list to repair from the ledger.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from django.db import connection

from sanxiang.core import digests
from sanxiang.ledger import state
from sanxiang.ledger.entries import ledger_algorithm

DEFAULT_BATCH = 2000
DEFAULT_LIMIT = 100
_MAX_ID = (1 << 63) - 1

_LATEST_SQL = (
    "SELECT b.row_id, b.seq, b.digest FROM core_rowbinding b WHERE b.model = %s"
    " AND b.row_id > %s AND b.row_id <= %s AND b.seq = (SELECT max(c.seq) FROM"
    " core_rowbinding c WHERE c.model = b.model AND c.row_id = b.row_id) ORDER BY b.row_id"
)


@dataclass(frozen=True)
class StateProblem:
    problem: str  # changed, added, deleted, binding
    model: str  # "cases.case"; "" for a binding problem
    table: str  # "cases_case"
    row_id: int | None
    seq: int | None  # the ledger entry concerned
    fields: tuple[str, ...] = ()
    message: str = ""


@dataclass
class StateResult:
    ok: bool = True
    rows: int = 0
    bindings: int = 0
    bytes_hashed: int = 0
    seconds: float = 0.0
    problems: list[StateProblem] = field(default_factory=list)
    truncated: bool = False

    def summary(self) -> str:
        if self.ok:
            return (f"数据与台账一致：核对数据行 {self.rows} 行、台账绑定 {self.bindings} 条，"
                    f"没有发现台账之外的新增、修改或删除。")
        more = "（仅列出前若干项）" if self.truncated else ""
        return (f"数据与台账不一致：发现 {len(self.problems)} 处问题{more}。\n"
                + "\n".join(p.message for p in self.problems))


class _Collector:
    def __init__(self, result: StateResult, limit: int):
        self.result, self.limit = result, limit

    def add(self, problem: StateProblem) -> bool:
        """Record a problem; False once the limit is reached (stop then)."""
        self.result.ok = False
        if len(self.result.problems) >= self.limit:
            self.result.truncated = True
            return False
        self.result.problems.append(problem)
        return True


def _table(label: str) -> str:
    return state.model_of(label)._meta.db_table


def _row_name(label: str, row_id) -> str:
    """"表 cases_case（案件）的记录 #5": the table as the database names it, for whoever
    repairs it with SQL, and the record as the platform's users know it."""
    meta = state.model_of(label)._meta
    return f"表 {meta.db_table}（{meta.verbose_name}）的记录 #{row_id}"


def _field_names(label: str, names) -> str:
    """"title（案由）、body_id（执法主体）": each field by its column and its Chinese name."""
    meta = state.model_of(label)._meta
    shown = []
    for name in names:
        try:
            shown.append(f"{name}（{meta.get_field(name).verbose_name}）")
        except Exception:
            shown.append(name)
    return "、".join(shown)


def _state_of(payload: str):
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    return value.get(state.PAYLOAD_KEY) if isinstance(value, dict) else None


def check_bindings(algorithm: str, collector: _Collector, batch: int) -> None:
    """Pass 1: each event's bindings hash to its ``"bound_rows"``; each binding to its fields."""
    result = collector.result
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(seq) FROM core_ledgerevent")
        size = cursor.fetchone()[0] or 0
        cursor.execute("SELECT max(seq) FROM core_rowbinding")
        size = max(size, cursor.fetchone()[0] or 0)
        for lo in range(0, size, batch):
            hi = lo + batch
            # A prefilter only: every binding event's canonical payload has this text.
            cursor.execute("SELECT seq, payload FROM core_ledgerevent WHERE seq > %s AND"
                           " seq <= %s AND payload LIKE %s", [lo, hi, f'%"{state.PAYLOAD_KEY}":"%'])
            claimed = {seq: value for seq, payload in cursor.fetchall()
                       if (value := _state_of(payload)) is not None}
            cursor.execute("SELECT seq, model, row_id, digest, fields FROM core_rowbinding"
                           " WHERE seq > %s AND seq <= %s ORDER BY seq, model, row_id",
                           [lo, hi])
            groups: dict[int, list] = {}
            for seq, label, row_id, digest, text in cursor.fetchall():
                groups.setdefault(seq, []).append((label, row_id, digest))
                result.bindings += 1
                result.bytes_hashed += len(text) + 24  # about: the row's label and id too
                expected = (state.row_digest(algorithm, label, row_id, text) if digest else "")
                if digest == expected and (digest or not text):
                    continue
                if not collector.add(StateProblem(
                        "binding", label, _table(label), row_id, seq,
                        message=f"第 {seq} 条台账记录绑定的{_row_name(label, row_id)}"
                                f"：绑定记录（表 core_rowbinding）与其内容不符，已被改动")):
                    return
            for seq in sorted(claimed.keys() | groups.keys()):
                found = groups.get(seq, [])
                if claimed.get(seq) == (state.bindings_digest(algorithm, found)
                                        if found else None):
                    continue
                if not collector.add(StateProblem(
                        "binding", "", "core_rowbinding", None, seq,
                        message=f"第 {seq} 条台账记录所绑定的数据行清单与台账不符："
                                f"表 core_rowbinding 中的绑定记录被删除、增加或改动")):
                    return


def _binding_fields(label: str, row_id: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT fields FROM core_rowbinding WHERE model = %s AND row_id = %s"
                       " ORDER BY seq DESC", [label, row_id])
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}


def _changed_fields(label: str, row_id: int, text: str) -> tuple[str, ...]:
    now, before = json.loads(text), _binding_fields(label, row_id)
    return tuple(sorted(k for k in now.keys() | before.keys() if now.get(k) != before.get(k)))


def check_rows(algorithm: str, label: str, collector: _Collector, batch: int) -> bool:
    """Pass 2 for one model; False when the problem limit stopped it."""
    model = state.model_of(label)
    table = model._meta.db_table
    result = collector.result
    references, keys = state.reference_rows(label)
    last = -_MAX_ID - 1
    while True:
        ids = list(model.objects.filter(pk__gt=last).order_by("pk")
                   .values_list("pk", flat=True)[:batch])
        hi = ids[-1] if len(ids) == batch else _MAX_ID
        rows = state.row_fields(label, model.objects.filter(pk__gt=last, pk__lte=hi)
                                .order_by("pk"))
        with connection.cursor() as cursor:
            cursor.execute(_LATEST_SQL, [label, last, hi])
            latest = {row_id: (seq, digest) for row_id, seq, digest in cursor.fetchall()}
        for row_id, fields in rows.items():
            text = state.fields_text(fields)
            result.rows += 1
            result.bytes_hashed += len(text) + 24  # about: the row's label and id too
            digest = state.row_digest(algorithm, label, row_id, text)
            seq, bound = latest.pop(row_id, (None, ""))
            if digest == bound:
                continue
            shipped = (references.pop(tuple(fields.get(k) for k in keys), None)
                       if not bound and seq is None else None)
            if shipped is not None:
                changed = tuple(sorted(k for k in shipped if fields.get(k) != shipped[k]))
                if not changed:
                    continue
                problem = StateProblem(
                    "changed", label, table, row_id, None, changed,
                    message=f"{_row_name(label, row_id)} 与平台随附的参考数据不符，"
                            f"在台账之外被修改：字段 {_field_names(label, changed)}")
            elif not bound:
                problem = StateProblem(
                    "added", label, table, row_id, seq,
                    message=f"{_row_name(label, row_id)} 不是由平台的操作写入的（台账中没有它的"
                            f"记录{'' if seq is None else f'，第 {seq} 条记录已将其删除'}），"
                            f"是在台账之外新增的")
            else:
                changed = _changed_fields(label, row_id, text)
                problem = StateProblem(
                    "changed", label, table, row_id, seq, changed,
                    message=f"{_row_name(label, row_id)} 与第 {seq} 条台账记录绑定的内容不符，"
                            f"在台账之外被修改：字段 "
                            f"{_field_names(label, changed) or '（无法确定）'}")
            if not collector.add(problem):
                return False
        for row_id, (seq, bound) in sorted(latest.items()):
            if bound and not collector.add(StateProblem(
                    "deleted", label, table, row_id, seq,
                    message=f"{_row_name(label, row_id)}（第 {seq} 条台账记录绑定）已不存在，"
                            f"在台账之外被删除")):
                return False
        if hi == _MAX_ID:
            # A shipped row that is absent is not a problem: the platform writes it again,
            # as shipped, when it is next needed (a restore or a test's flush removes it).
            return True
        last = hi


def verify_state(*, batch: int = DEFAULT_BATCH, limit: int = DEFAULT_LIMIT,
                 labels=None) -> StateResult:
    """Both passes over every bound model (``labels``: some of them, for tests)."""
    started = time.perf_counter()
    algorithm = ledger_algorithm()
    if algorithm not in digests.ALGORITHMS:
        algorithm = "sm3"
    result = StateResult()
    collector = _Collector(result, limit)
    check_bindings(algorithm, collector, batch)
    for label in labels or state.bound_labels():
        if not check_rows(algorithm, label, collector, batch):
            break
    result.seconds = time.perf_counter() - started
    return result
