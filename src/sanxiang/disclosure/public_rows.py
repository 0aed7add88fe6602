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
