"""The public decision search read as plain rows, with written-out statements
(docs/adr/0040-decision-search-miss-cost.md).

A search the page cache had not seen built and compiled two or three ORM queries (the
page, the bodies of a party-name page, the row a party-name page resumes after), which
cost several times running them on a million decisions. Here each query shape is the
statement the ORM wrote for ``search.filtered(data)``, in the order and with the keyset
cursors ``disclosure.search`` describes — the same rows, order and cursors — written once:
table and column names from the models' metadata, every value a parameter. The form has
checked every value (lengths, no NUL character, dates, the credit code's shape) and a
cursor's id has at most 18 digits, so no value reaches the database that it could refuse.

``search.filtered`` stays the ORM's form of the same search: the tests compare these
pages and the CSV download's rows (``newest``) with it.
"""

import functools
import json
from datetime import date
from typing import NamedTuple

from django.db import connection

from sanxiang.core.lookups import starts_with_sql
from sanxiang.disclosure import search
from sanxiang.disclosure.models import Disclosure
from sanxiang.org.models import Body


class DecisionRow(NamedTuple):
    """What a result row shows of a published decision (never ``source_text``)."""

    pk: int
    category: str
    decided_on: date
    published_on: date
    title: str
    party_name: str
    party_code: str
    document_number: str
    conclusion: str
    body_name: str
    body_code: str


# The decision's own columns a row reads, in DecisionRow's order.
_OWN = ("id", "category", "decided_on", "published_on", "title", "party_name", "party_code",
        "document_number", "conclusion")


@functools.cache
def _names() -> dict:
    """Quoted table and column names (per process)."""
    quote = connection.ops.quote_name
    d, b = Disclosure._meta, Body._meta
    table, body = quote(d.db_table), quote(b.db_table)

    def own(name):
        return f"{table}.{quote(d.get_field(name).column)}"

    def of_body(name):
        return f"{body}.{quote(b.get_field(name).column)}"

    names = {name: own(name) for name in (*_OWN, "state")}
    names["body_fk"] = own("body")
    names.update(table=table, body=body, body_id=of_body("id"), body_name=of_body("name"),
                 body_code=of_body("credit_code"))
    return names


def _party_key(n) -> str:
    """``search.party_key()`` written out: the name in binary order, as the index keeps it."""
    if connection.vendor == "postgresql":
        return f'{n["party_name"]} COLLATE "C"'
    return n["party_name"]


def _adapt(day: date):
    return connection.ops.adapt_datefield_value(day)


def body_id(credit_code: str) -> int | None:
    """The id of the body with ``credit_code`` (unique), or None."""
    n = _names()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {n['body_id']} FROM {n['body']} "  # noqa: S608
                       f"WHERE {n['body_code']} = %s", [credit_code])
        row = cursor.fetchone()
    return row[0] if row else None


def _party_resume_key(pk: int) -> tuple | None:
    """(party name, published on, id) of the decision ``pk``: where a name page resumes."""
    n = _names()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {n['party_name']}, {n['published_on']}, {n['id']} "  # noqa: S608
                       f"FROM {n['table']} WHERE {n['id']} = %s", [pk])
        return cursor.fetchone()


def _filters(n, data: dict) -> tuple[list[str], list] | None:
    """The conditions of ``search.filtered(data)`` but the party name's; None when they
    match nothing (an unknown body)."""
    where, params = [f"{n['state']} = %s"], [str(Disclosure.State.PUBLISHED)]
    for field, column in (("code", "party_code"), ("number", "document_number"),
                          ("category", "category")):
        if data.get(field):
            where.append(f"{n[column]} = %s")
            params.append(data[field])
    if data.get("body"):
        found = body_id(data["body"])
        if found is None:
            return None
        where.append(f"{n['body_fk']} = %s")
        params.append(found)
    if data.get("decided_from"):
        where.append(f"{n['decided_on']} >= %s")
        params.append(_adapt(data["decided_from"]))
    if data.get("decided_to"):
        where.append(f"{n['decided_on']} <= %s")
        params.append(_adapt(data["decided_to"]))
    return where, params


def search_page(data: dict, after: str | None, *,
                size: int = search.PAGE_SIZE) -> search.Page:
    """One keyset page of the published decisions matching ``data`` (a valid search form's
    ``cleaned_data``, or ``{}``) after the cursor ``after``, as ``DecisionRow`` rows: by
    party name (then newest first) when ``data`` names a party, else newest publication
    first — the rows of ``search.filtered(data)`` in that order, 21 at a time."""
    n = _names()
    conditions = _filters(n, data)
    if conditions is None:
        return search.Page([], None)
    where, params = conditions
    if data.get("party"):
        return _party_page(n, data["party"], where, params, after, size)
    cursor = search.parse_cursor(after)
    if cursor is not None:
        day, pk = _adapt(cursor[0]), cursor[1]
        where.append(f"({n['published_on']} < %s OR "
                     f"({n['published_on']} = %s AND {n['id']} < %s))")
        params += [day, day, pk]
    found = _newest(n, where, params, size + 1)
    more = len(found) > size
    found = found[:size]
    last = found[-1] if found else None
    return search.Page(found, f"{last.published_on.isoformat()}.{last.pk}"
                       if more and last else None)


def newest(data: dict, limit: int) -> list[DecisionRow]:
    """Up to ``limit`` of the published decisions matching ``data``, newest publication
    first, whatever the search (the CSV download: ``search.filtered(data)``
    ``.order_by("-published_on", "-id")[:limit]``)."""
    n = _names()
    conditions = _filters(n, data)
    if conditions is None:
        return []
    where, params = conditions
    if data.get("party"):
        _party_prefix(n, data["party"], where, params)
    return _newest(n, where, params, limit)


def _newest(n, where: list, params: list, limit: int) -> list[DecisionRow]:
    sql = (f"SELECT {', '.join(n[c] for c in _OWN)}, {n['body_name']}, "  # noqa: S608
           f"{n['body_code']} FROM {n['table']} "
           f"INNER JOIN {n['body']} ON ({n['body_fk']} = {n['body_id']}) "
           f"WHERE {' AND '.join(where)} "
           f"ORDER BY {n['published_on']} DESC, {n['id']} DESC LIMIT %s")
    with connection.cursor() as db:
        db.execute(sql, [*params, limit])
        return [DecisionRow(*row) for row in db.fetchall()]


def _party_prefix(n, prefix: str, where: list, params: list) -> None:
    """Names starting with ``prefix`` (``search._party_prefix``), added to ``where``."""
    if ord(prefix[-1]) >= search.MAX_CHAR:
        # No character follows the last one: the prefix as LIKE.
        condition, values = starts_with_sql(n["party_name"], prefix)
        where.append(condition)
        params += values
    else:
        key = _party_key(n)
        where.append(f"{key} >= %s AND {key} < %s")
        params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]


def _party_page(n, prefix: str, where: list, params: list, after: str | None,
                size: int) -> search.Page:
    key = _party_key(n)
    _party_prefix(n, prefix, where, params)
    if search.ID_CURSOR.fullmatch(after or ""):
        last = _party_resume_key(int(after))
        if last is not None:
            name, day, pk = last[0], _adapt(last[1]), last[2]
            where.append(f"({key} > %s OR ({key} = %s AND {n['published_on']} < %s) OR "
                         f"({key} = %s AND {n['published_on']} = %s AND {n['id']} < %s))")
            params += [name, name, day, name, day, pk]
    # No join (see search's docstring): the page from the index alone, then its bodies.
    sql = (f"SELECT {', '.join(n[c] for c in _OWN)}, {n['body_fk']} "  # noqa: S608
           f"FROM {n['table']} WHERE {' AND '.join(where)} "
           f"ORDER BY {key} ASC, {n['published_on']} DESC, {n['id']} DESC LIMIT %s")
    with connection.cursor() as db:
        db.execute(sql, [*params, size + 1])
        found = db.fetchall()
        more = len(found) > size
        found = found[:size]
        bodies = {}
        if found:
            ids = sorted({row[-1] for row in found})
            db.execute(f"SELECT {n['body_id']}, {n['body_name']}, {n['body_code']} "  # noqa: S608
                       f"FROM {n['body']} WHERE {n['body_id']} IN "
                       f"({', '.join(['%s'] * len(ids))})", ids)
            bodies = {pk: (name, code) for pk, name, code in db.fetchall()}
    rows = [DecisionRow(*row[:-1], *bodies.get(row[-1], ("", ""))) for row in found]
    return search.Page(rows, str(rows[-1].pk) if more and rows else None)


# --- a decision's own page (docs/adr/0050-statistics-snapshot.md) --------------------------

# The decision's columns its page, text and withdrawal notice read.
_PAGE = ("id", "state", "title", "party_name", "party_kind", "party_code", "category",
         "document_number", "decided_on", "published_on", "conclusion", "masked_text",
         "redactions", "published_digest", "published_seq", "withdrawn_on",
         "withdrawal_grounds", "withdrawal_reason", "body")


class Entry(NamedTuple):
    seq: int


class CheckpointRow(NamedTuple):
    tree_size: int
    signed_at: object


@functools.cache
def _decision_sql() -> str:
    from sanxiang.core.models import Checkpoint, LedgerEvent
    from sanxiang.disclosure.models import DecisionPage

    quote = connection.ops.quote_name
    d, b, e, c = (m._meta for m in (Disclosure, Body, LedgerEvent, Checkpoint))
    p = DecisionPage._meta

    def col(meta, alias, name):
        return f"{alias}.{quote(meta.get_field(name).column)}"

    seq, published_seq = col(e, "e", "seq"), col(d, "d", "published_seq")
    # ``canonical.publication_entry``: the entry the decision names, else the newest
    # DISCLOSURE_PUBLISHED entry about it. ``canonical.covering_checkpoint``: the newest
    # checkpoint, when its tree holds that entry (the newest is the largest tree).
    return (
        f"SELECT {', '.join(col(d, 'd', name) for name in _PAGE)}, "  # noqa: S608
        f"{col(b, 'b', 'name')}, {col(b, 'b', 'credit_code')}, "
        f"CASE WHEN COALESCE({published_seq}, 0) > 0 "
        f"THEN (SELECT {seq} FROM {quote(e.db_table)} e WHERE {seq} = {published_seq}) "
        f"ELSE (SELECT MAX({seq}) FROM {quote(e.db_table)} e WHERE {col(e, 'e', 'kind')} = %s "
        f"AND {col(e, 'e', 'subject_type')} = %s AND {col(e, 'e', 'subject_id')} = %s) END, "
        f"c.tree_size, c.signed_at, {col(p, 'p', 'html')} "
        f"FROM {quote(d.db_table)} d JOIN {quote(b.db_table)} b "
        f"ON {col(b, 'b', 'id')} = {col(d, 'd', 'body')} "
        f"LEFT JOIN {quote(p.db_table)} p ON {col(p, 'p', 'disclosure')} = {col(d, 'd', 'id')} "
        f"LEFT JOIN (SELECT {quote(c.get_field('tree_size').column)} AS tree_size, "
        f"{quote(c.get_field('signed_at').column)} AS signed_at FROM {quote(c.db_table)} "
        f"ORDER BY {quote(c.get_field('tree_size').column)} DESC LIMIT 1) c ON 1 = 1 "
        f"WHERE {col(d, 'd', 'id')} = %s AND {col(d, 'd', 'state')} IN (%s, %s) "
        f"AND {col(d, 'd', 'published_on')} IS NOT NULL")


def decision(pk: int, states=(Disclosure.State.PUBLISHED, Disclosure.State.WITHDRAWN)):
    """(decision, its ledger entry or None, the checkpoint covering it or None) of a
    decision the public may see — PUBLISHED, or WITHDRAWN after it went public — or None.

    One written-out statement in place of the ORM's three (the decision with its body,
    ``canonical.publication_entry``, ``canonical.covering_checkpoint``), whose building
    and compiling cost more than running them; with it the page its publication stored
    (``stored_html``, None when there is none). The decision is an unsaved ``Disclosure``
    holding the columns its pages show (and its ``Body``'s name and credit code), so the
    pages render exactly what they rendered from the ORM's instance."""
    from sanxiang.ledger.events import EventKind

    states = [str(s) for s in states]
    states = states * 2 if len(states) == 1 else states  # the statement has IN (%s, %s)
    with connection.cursor() as cursor:
        cursor.execute(_decision_sql(), [
            int(EventKind.DISCLOSURE_PUBLISHED), Disclosure._meta.label_lower, str(pk),
            pk, *states])
        row = cursor.fetchone()
    if row is None:
        return None
    own = dict(zip(_PAGE, row[:len(_PAGE)], strict=True))
    body_name, body_code, seq, tree_size, signed_at, stored_html = row[len(_PAGE):]
    ops = connection.ops
    for name in ("decided_on", "published_on", "withdrawn_on"):
        if isinstance(own[name], str):  # a driver that returns the text
            own[name] = date.fromisoformat(own[name])
    if isinstance(own["redactions"], str):
        own["redactions"] = json.loads(own["redactions"])
    body_id = own.pop("body")
    disclosure = Disclosure(**own, body_id=body_id)
    disclosure.body = Body(pk=body_id, name=body_name, credit_code=body_code)
    # The page's own part as its publication stored it (public_pages, ADR 0074), or None.
    disclosure.stored_html = stored_html
    entry = Entry(seq) if seq is not None else None
    checkpoint = None
    if entry is not None and tree_size is not None and tree_size >= seq:
        if connection.vendor == "sqlite":
            signed_at = ops.convert_datetimefield_value(signed_at, None, connection)
        checkpoint = CheckpointRow(tree_size, signed_at)
    return disclosure, entry, checkpoint
