"""``ledger adopt``: bind the rows written before rows were bound to the ledger.

An installation older than ``sanxiang.ledger.state`` has cases, documents, officers … that
no ledger event binds, so ``ledger verify --state`` reports each as "added outside the
actions". Adoption binds them once, openly: model by model, in primary-key pages, every row
that has **never** had a binding gets one, and each page is one ledger event
(``ROWS_ADOPTED``, by the administrator who ran it) whose payload names the model, the
ids and the digest of the bindings — so the adoption itself is on the chain, signed by
the next checkpoint, and anyone can see which rows entered the ledger this way and when.

It never touches a row that has a binding: a row changed after its binding, or re-added
after its deletion, stays reported by ``verify --state`` (adopting it would launder an
edit). Nor the platform's reference rows (``state.REFERENCE_ROWS``), which are checked
against what the platform ships. Streaming: bounded pages, one short transaction per page,
constant memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from sanxiang.ledger import entries, state
from sanxiang.ledger.events import EventKind

DEFAULT_BATCH = 1000
_MAX_ID = (1 << 63) - 1
_BOUND_SQL = ("SELECT DISTINCT row_id FROM core_rowbinding WHERE model = %s AND row_id > %s"
              " AND row_id <= %s")


@dataclass
class AdoptResult:
    rows: int = 0
    events: list[int] = field(default_factory=list)
    by_model: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.rows:
            return "没有需要纳入台账的数据行：每一行都已由台账记录绑定。"
        detail = "；".join(f"{label} {count} 行" for label, count in self.by_model.items())
        return (f"已将 {self.rows} 行此前未绑定的数据纳入台账（{detail}），"
                f"共 {len(self.events)} 条台账记录（第 {self.events[0]}–{self.events[-1]} 条）。")


def _aggregate_ids(label: str, ids: list[int]) -> dict[int, int]:
    member = state._membership()[label][1]
    model = state.model_of(label)
    if member.key == "pk":
        return {pk: pk for pk in ids}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", member.key))


def _adopt_page(*, label: str, rows: dict[int, dict], acting_user) -> int | None:
    """Bind ``rows`` ({pk: fields}) with one ledger event; its seq."""
    root = state._membership()[label][0]
    roots = _aggregate_ids(label, list(rows))
    algorithm = entries.ledger_algorithm()
    bindings = []
    for row_id, fields in rows.items():
        text = state.fields_text(fields)
        bindings.append(state.Binding(label, row_id, state.row_digest(
            algorithm, label, row_id, text), text))
    ids = sorted(rows)
    payload = {"model": label, "rows": len(ids), "ids": ids,
               state.PAYLOAD_KEY: state.bindings_digest(
                   algorithm, [(b.label, b.row_id, b.digest) for b in bindings])}
    event = entries.append(kind=EventKind.ROWS_ADOPTED, actor=acting_user,
                           subject=("ledger.adoption", f"{label}:{ids[0]}-{ids[-1]}"),
                           payload=payload)
    by_root: dict[int, list] = {}
    for binding in bindings:
        by_root.setdefault(roots.get(binding.row_id, 0), []).append(binding)
    with connection.cursor() as cursor:
        for root_id, group in by_root.items():
            state.write(cursor, event.seq, (root, root_id), group)
    return event.seq


def adopt(*, acting_user=None, batch: int = DEFAULT_BATCH, labels=None) -> AdoptResult:
    """Bind every never-bound row of every bound model; see the module docstring."""
    result = AdoptResult()
    for label in labels or state.bound_labels():
        model = state.model_of(label)
        shipped, keys = state.reference_rows(label)  # checked against the platform's copy
        last = -_MAX_ID - 1
        while True:
            ids = list(model.objects.filter(pk__gt=last).order_by("pk")
                       .values_list("pk", flat=True)[:batch])
            if not ids:
                break
            hi = ids[-1]
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(_BOUND_SQL, [label, last, hi])
                    bound = {row[0] for row in cursor.fetchall()}
                fresh = [pk for pk in ids if pk not in bound]
                if fresh:
                    rows = state.row_fields(label, model.objects.filter(pk__in=fresh))
                    rows = {pk: fields for pk, fields in rows.items()
                            if tuple(fields.get(k) for k in keys) not in shipped}
                if fresh and rows:
                    seq = _adopt_page(label=label, rows=rows, acting_user=acting_user)
                    result.events.append(seq)
                    result.rows += len(rows)
                    result.by_model[label] = result.by_model.get(label, 0) + len(rows)
            if len(ids) < batch:
                break
            last = hi
    return result
