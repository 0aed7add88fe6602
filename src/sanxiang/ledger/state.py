"""State bound to the ledger (R-REC-02): every row the platform shows is provable.

The ledger proves its own entries; this module binds the *rows* to them. Each bound model
belongs to an **aggregate** (a case with everything recorded in it, an officer with the
certificates, a body, …). Whenever an action appends a ledger event about something in
an aggregate, ``ledger.append`` computes the digest of every row of that aggregate as it
stands in the transaction and records the rows that changed since their last binding —
added, changed, or deleted (a tombstone) — as ``RowBinding`` rows carrying the event's
seq. The event's payload gets one more key, ``"bound_rows"``: the digest of that list of
bindings, so the bindings are covered by the entry's leaf hash, the chain and the signed
checkpoints, while a public proof shows only one opaque digest (no row contents).

So no action passes its rows explicitly: whatever it wrote in the aggregate before its
event is bound, whether through ``save``, ``update`` or ``bulk_create``. A write after the
action's last event, or outside any action (the database edited by hand), leaves a row
that differs from its binding, and ``ledger verify --state`` (``state_verify``) names it.

A row's digest: H(canonical JSON of ``[model label, pk, fields]``) with the ledger's
algorithm, where ``fields`` maps each concrete field's attname (many-to-many fields: the
sorted ids) to a JSON value: datetimes as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``, dates and
times ISO 8601, decimals as their text. Fields that point into the ledger (``ledger_seq``
…) are left out: they are written after their own event and name it themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.apps import apps

from sanxiang.core import digests
from sanxiang.ledger import entries

PAYLOAD_KEY = "bound_rows"
LEDGER_POINTERS = frozenset({"ledger_seq", "published_seq"})


@dataclass(frozen=True)
class Member:
    label: str  # "cases.party"
    key: str  # lookup from the member to the aggregate root's pk: "pk", "case_id", …
    # Written after the event that completes them, by design: a link to a step record
    # whose own bound row names this one (R-REV flows complete the step last).
    also_excluded: frozenset[str] = frozenset()


_LINKED_STEP = frozenset({"step_record_id"})

# The entry models of a catalogue, one per kind of list (``catalog.models.Entry``).
CATALOGUE_ENTRIES = ("enforcementitem", "discretionbenchmark", "leniencyentry", "serviceguide",
                     "inspectionitem", "recordingrequirement", "supervisionchannel",
                     "reviewcriterion")

CASE = "cases.case"

# Aggregate root label -> its members (the root first). A model is in one aggregate only.
# Not bound: the enforcement fields (reference data seeded by a migration), uploads in
# progress, the document number counters. ADR 0075 classifies every model.
AGGREGATES: dict[str, tuple[Member, ...]] = {
    "cases.case": (
        Member("cases.case", "pk"),
        Member("cases.party", "case_id"),
        Member("cases.caseofficer", "case_id"),
        Member("cases.steprecord", "case_id"),
        Member("cases.milestone", "case_id"),
        Member("cases.excludedperiod", "case_id"),
        Member("cases.extension", "case_id"),
        Member("cases.recusal", "case_id"),
        Member("cases.document", "case_id"),
        Member("records.evidence", "case_id"),
        Member("records.recordingexception", "case_id"),
        Member("records.copyrequest", "evidence__case_id"),
        Member("review.submission", "case_id", _LINKED_STEP),
        Member("review.discussion", "case_id", _LINKED_STEP),
        Member("disclosure.disclosure", "case_id"),
        Member("discretion.factorrecord", "case_id"),
        Member("discretion.assessment", "case_id"),
        Member("supervision.outcome", "case_id"),
    ),
    "org.officer": (
        Member("org.officer", "pk"),
        Member("org.certificate", "officer_id"),
        Member("org.annualinspection", "certificate__officer_id"),
    ),
    "org.body": (Member("org.body", "pk"),),
    # Accounts, their roles (groups) and body (ADR 0075): every change is an action with its
    # event. Left out: what a login writes on its own — ``last_login``, and ``password``,
    # which Django re-hashes at login when its hasher's cost rises.
    "org.user": (Member("org.user", "pk", frozenset({"password", "last_login"})),),
    # 调阅记录 (R-REC-06): each read is one row and one event (``core.access``), so a read
    # erased with the append-only triggers dropped is named like any deleted row.
    "core.accessentry": (Member("core.accessentry", "pk"),),
    # The custody log of evidence originals (R-REC-06), the same way: one event per entry.
    # Its own aggregate, not the case's: a case file exported up to an event is not followed
    # by the export's own custody entry.
    "records.custodyentry": (Member("records.custodyentry", "pk"),),
    "cases.documentnumbering": (Member("cases.documentnumbering", "pk"),),
    # The published lists (R-PUB-02 …): a catalogue, its versions and every entry of every
    # version, bound by the version's event (ADR 0084: before, only the entries'
    # own digests were listed in that event, and a row edited by SQL was not named).
    "catalog.catalogue": (
        Member("catalog.catalogue", "pk"),
        Member("catalog.catalogueversion", "catalogue_id"),
        *(Member(f"catalog.{name}", "catalogue_id") for name in CATALOGUE_ENTRIES),
    ),
    # 行政执法监督 (R-SUP). The evaluation standard's versions after the first are published
    # by an action; the first is the platform's own reference data (``REFERENCE_ROWS``).
    "supervision.evaluationstandard": (Member("supervision.evaluationstandard", "pk"),),
    "supervision.complaint": (Member("supervision.complaint", "pk"),),
    "supervision.supervisiondocument": (Member("supervision.supervisiondocument", "pk"),),
    "supervision.evaluationcampaign": (
        Member("supervision.evaluationcampaign", "pk"),
        Member("supervision.evaluation", "campaign_id"),
    ),
    # 双随机 (R-INS). Not bound: the directory of inspection objects (imported by the
    # hundred thousand, one ledger event per file with the digest of the codes; its
    # ``last_inspected_on`` is derived from the bound results). A draw's assignments carry
    # their inspectors as a many-to-many list of officer ids.
    "inspections.inspector": (Member("inspections.inspector", "pk"),),
    "inspections.conflict": (Member("inspections.conflict", "pk"),),
    "inspections.plan": (Member("inspections.plan", "pk"),),
    "inspections.task": (
        Member("inspections.task", "pk"),
        Member("inspections.taskitem", "task_id"),
        Member("inspections.draw", "task_id"),
        Member("inspections.assignment", "draw__task_id"),
    ),
    "inspections.result": (Member("inspections.result", "pk"),),
    "inspections.scanreport": (Member("inspections.scanreport", "pk"),),
}


# Rows the platform ships as reference data: written by a migration (and written again
# after a database is emptied), never by an action, so no event binds them. ``ledger verify
# --state`` compares each with what the platform ships instead, and ``ledger adopt`` leaves
# it alone (adopting an edited one would launder the edit). Label -> (function returning the
# rows' fields as shipped, the fields that find a row). The function is named by its path:
# the ledger does not import the apps whose data it checks.
REFERENCE_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "supervision.evaluationstandard": ("sanxiang.supervision.evaluation.reference_rows",
                                       ("code", "version")),
}


def reference_rows(label: str) -> tuple[dict[tuple, dict], tuple[str, ...]]:
    """({key: fields as shipped}, key fields) of ``label``'s reference rows; ({}, ())."""
    from django.utils.module_loading import import_string

    found = REFERENCE_ROWS.get(label)
    if found is None:
        return {}, ()
    path, keys = found
    return {tuple(fields[k] for k in keys): fields for fields in import_string(path)()}, keys


@cache
def _membership() -> dict[str, tuple[str, Member]]:
    return {m.label: (root, m) for root, members in AGGREGATES.items() for m in members}


def bound_labels() -> list[str]:
    return list(_membership())


def model_of(label: str):
    return apps.get_model(label)


@cache
def _layout(label: str) -> tuple[list[str], list[tuple[str, object, str, str]]]:
    """(concrete attnames, [(m2m name, through model, source column, target column)])."""
    model = model_of(label)
    excluded = LEDGER_POINTERS | _membership()[label][1].also_excluded
    columns = [f.attname for f in model._meta.concrete_fields if f.attname not in excluded]
    m2m = []
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m.append((field.name, through, field.m2m_column_name(),
                    field.m2m_reverse_name()))
    return columns, m2m


_AS_IS = frozenset({str, int, bool, float, type(None), dict, list})


def plain(value):
    """A field value as the JSON value its digest covers."""
    kind = type(value)
    if kind in _AS_IS:  # most values: one set lookup (verification calls this per field)
        return value
    if kind is dt.datetime and value.tzinfo is not None:
        # entries.format_time's text, built faster than strftime.
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"
    if isinstance(value, dt.datetime):
        return entries.format_time(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def row_fields(label: str, queryset) -> dict[int, dict]:
    """{pk: fields} of the rows of ``queryset`` (a queryset of the model ``label``)."""
    columns, m2m = _layout(label)
    pk_name = model_of(label)._meta.pk.attname
    rows = {}
    for values in queryset.order_by("pk").values(*columns):
        rows[values[pk_name]] = {name: plain(value) for name, value in values.items()}
    if m2m and rows:
        ids = list(rows)
        for name, through, source, target in m2m:
            for fields in rows.values():
                fields[name] = []
            for owner, other in (through.objects.filter(**{f"{source}__in": ids})
                                 .values_list(source, target)):
                rows[owner][name].append(other)
            for fields in rows.values():
                fields[name].sort()
    return rows


def fields_text(fields: dict) -> str:
    return entries.canonical_json(fields)


def row_digest(algorithm: str, label: str, row_id: int, text: str) -> str:
    """The digest of one row: H(canonical JSON of [label, id, fields]); ``text`` is the
    canonical JSON of the fields, spliced in as is."""
    data = f'["{label}",{int(row_id)},{text}]'.encode()  # labels are plain ASCII
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, data))


def bindings_digest(algorithm: str, bindings) -> str:
    """The ``"bound_rows"`` value of an event: H(canonical JSON of [[label, id, digest], …]),
    sorted by label and id; a deleted row's digest is ``""``."""
    items = sorted([b[0], int(b[1]), b[2]] for b in bindings)
    data = entries.canonical_json(items).encode()
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, data))


def aggregate_of(subject_type: str, subject_id: str) -> tuple[str, int] | None:
    """(root label, root pk) of the aggregate a ledger subject belongs to, or None."""
    found = _membership().get(subject_type)
    if found is None:
        return None
    root, member = found
    try:
        pk = int(subject_id)
    except (TypeError, ValueError):
        return None
    if member.key == "pk":
        return root, pk
    key = model_of(member.label).objects.filter(pk=pk).values_list(member.key, flat=True)
    root_id = key.first()
    return (root, root_id) if root_id is not None else None


def _written_by_session(label: str, text: str, before: tuple[str, str] | None,
                        columns: set[str] | None) -> bool:
    """Every field that differs from the row's last binding was written by this session."""
    if not columns:
        return False
    if "*" in columns or before is None or not before[0]:
        return "*" in columns
    now, then = json.loads(text), json.loads(before[1])
    return all(name in columns for name in now.keys() | then.keys()
               if now.get(name) != then.get(name))


@dataclass(frozen=True)
class Binding:
    label: str
    row_id: int
    digest: str  # "" for a deleted row
    fields: str  # canonical JSON of the fields; "" for a deleted row


def is_bound(subject_type: str) -> bool:
    """Whether ledger events about ``subject_type`` bind rows of an aggregate."""
    return subject_type in _membership()


def changes(algorithm: str, subject_type: str, subject_id: str, *, written=None):
    """((root, root id), [Binding]) for the rows of the subject's aggregate that differ
    from their last binding; None when the subject is in no aggregate. ``written``: the
    rows this session wrote (``touch.touched``), when the caller has read them already."""
    if subject_type not in _membership():
        return None
    # Only rows this session wrote: a row edited by someone else keeps differing from
    # its binding, for ``ledger verify --state`` to name (``touch``). So when this session
    # wrote no bound row, nothing is bound and the aggregate need not even be read.
    written = _written() if written is None else written
    if not written:
        return None
    aggregate = aggregate_of(subject_type, subject_id)
    if aggregate is None:
        return None
    # Only the rows this session wrote can be bound, so only they are read, with their last
    # bindings: the cost follows the action's writes, not the size or age of the case.
    root, root_id = aggregate
    # ``written`` holds every row this session noted and has not bound yet (on SQLite the
    # whole process's, a thousand and more in a long load): one pass over it, by table.
    by_table: dict[str, list[int]] = {}
    for tbl, row_id in written:
        by_table.setdefault(tbl, []).append(row_id)
    wanted = {member.label: sorted(by_table.get(_table(member.label), ()))
              for member in AGGREGATES[root]}
    before = _last_bindings(root, root_id, wanted)
    found = []
    for member in AGGREGATES[root]:
        table = _table(member.label)
        ids = wanted[member.label]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            now = row_fields(member.label, model_of(member.label).objects.filter(
                **{member.key: root_id, "pk__in": chunk}))
            for row_id, fields in now.items():
                text = fields_text(fields)
                digest = row_digest(algorithm, member.label, row_id, text)
                last = before.get((member.label, row_id))
                if (last is None or last[0] != digest) and _written_by_session(
                        member.label, text, last, written.get((table, row_id))):
                    found.append(Binding(member.label, row_id, digest, text))
            for row_id in chunk:
                last = before.get((member.label, row_id))
                if (row_id not in now and last is not None and last[0]
                        and "*" in written.get((table, row_id), ())):
                    found.append(Binding(member.label, row_id, "", ""))
    found.sort(key=lambda b: (b.label, b.row_id))
    return aggregate, found


_CHUNK = 500  # ids per query: well inside SQLite's limit on bound parameters


def _last_bindings(root: str, root_id: int, wanted: dict[str, list[int]]
                   ) -> dict[tuple[str, int], tuple[str, str]]:
    """{(label, row id): (digest, fields text)} of the last binding in the aggregate of
    each row of ``wanted`` ({label: ids}): one query for every model of the aggregate (an
    append writes rows of several), and only each row's newest binding is read, not its
    history (index model, row_id, seq).

    Plain SQL, the statement the ORM built from a ``Subquery`` before: every append that
    binds rows runs it (each staff read too, ADR 0075), and building it through the ORM
    cost several times what the database took to answer it."""
    from django.db import connection

    pairs = {(label, row_id) for label, ids in wanted.items() for row_id in ids}
    labels = sorted({label for label, _row_id in pairs})
    ids = sorted({row_id for _label, row_id in pairs})
    latest = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            cursor.execute(_last_bindings_sql(len(labels), len(chunk)),
                           [*labels, *chunk, root, root_id, root, root_id])
            for label, row_id, digest, text in cursor.fetchall():
                if (label, row_id) in pairs:  # an id of one model may be written in another
                    latest[label, row_id] = (digest, text)
    return latest


@cache
def _last_bindings_sql(labels: int, ids: int) -> str:
    # Only placeholders vary: the counts of labels and ids.
    return ("SELECT b.model, b.row_id, b.digest, b.fields FROM core_rowbinding b"  # noqa: S608
            f" WHERE b.model IN ({', '.join(['%s'] * labels)})"
            f" AND b.row_id IN ({', '.join(['%s'] * ids)})"
            " AND b.aggregate = %s AND b.aggregate_id = %s"
            " AND b.seq = (SELECT n.seq FROM core_rowbinding n WHERE n.model = b.model"
            " AND n.row_id = b.row_id AND n.aggregate = %s AND n.aggregate_id = %s"
            " ORDER BY n.seq DESC LIMIT 1)")


@cache
def _table(label: str) -> str:
    return model_of(label)._meta.db_table


def _written() -> dict[tuple[str, int], set[str]]:
    from django.db import connection

    from sanxiang.ledger import touch

    if not touch.prepare_session(connection):
        return {}
    with connection.cursor() as cursor:
        return touch.touched(cursor)


INSERT_SQL = ("INSERT INTO core_rowbinding (seq, aggregate, aggregate_id, model, row_id, digest,"
              " fields) VALUES (%s, %s, %s, %s, %s, %s, %s)")


def write(cursor, seq: int, aggregate: tuple[str, int], bindings: list[Binding]) -> None:
    from sanxiang.ledger import touch

    cursor.executemany(INSERT_SQL, [(seq, aggregate[0], aggregate[1], b.label, b.row_id,
                                     b.digest, b.fields) for b in bindings])
    touch.forget(cursor, {(_table(b.label), b.row_id) for b in bindings})
