"""What the public register's lists show of officers, read as plain rows
(docs/adr/0035-portal-page-cost.md).

A page of results is a ``values()`` page of officers (no model instances), their
enforcement categories in one query of the officer–category table, and their certificates
with the stored validity in one more (``workbench.staffing.public_statuses``): three
queries whatever the page's length, and nothing built per row that the page does not show.
"""

import functools
from typing import NamedTuple

from django.db import connection

from sanxiang.core.lookups import starts_with_sql
from sanxiang.org.models import Body, Certificate, EnforcementField, Officer
from sanxiang.workbench.staffing import public_statuses

# The officer columns a public list reads (never ``phone``: R-ORG-06).
OFFICER_VALUES = ("pk", "name", "post", "areas", "body__name", "body__credit_code")


class BodyRef(NamedTuple):
    """What a list of officers shows of the body it is restricted to."""

    pk: int
    name: str
    credit_code: str


def _names():
    """Quoted table and column names of the models these readers use (per process)."""
    quote = connection.ops.quote_name
    officer, body, certificate = Officer._meta, Body._meta, Certificate._meta

    def columns(meta, *names):
        return {name: quote(meta.get_field(name).column) for name in names}

    return {
        "officer": quote(officer.db_table), "body": quote(body.db_table),
        "certificate": quote(certificate.db_table),
        "o": columns(officer, "id", "name", "post", "areas", "status", "body"),
        "b": columns(body, "id", "name", "credit_code"),
        "c": columns(certificate, "officer", "number"),
    }


_NAMES = functools.cache(_names)


def body_ref(credit_code: str) -> BodyRef | None:
    """The body of ``credit_code`` (the ORM's ``.only("name", "credit_code").first()``)."""
    n = _NAMES()
    b = n["b"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {b['id']}, {b['name']}, {b['credit_code']} "  # noqa: S608
                       f"FROM {n['body']} WHERE {b['credit_code']} = %s "
                       f"ORDER BY {b['id']} ASC LIMIT 1",
                       [credit_code])
        row = cursor.fetchone()
    return BodyRef(*row) if row else None


def officer_key(officer_id: int) -> tuple[str, int] | None:
    """(name, id) of an officer, in service or not: where a keyset page resumes."""
    n = _NAMES()
    o = n["o"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {o['name']}, {o['id']} FROM {n['officer']} "  # noqa: S608
                       f"WHERE {o['id']} = %s", [officer_id])
        row = cursor.fetchone()
    return tuple(row) if row else None


def officers_page(*, limit: int, body_id: int | None = None, body_code: str | None = None,
                 number: str | None = None, prefix: str | None = None,
                 after: tuple[str, int] | None = None) -> list[dict]:
    """Up to ``limit`` officers in service as ``OFFICER_VALUES`` rows, ordered by name and
    id, after the key ``after``: of one body (by id or credit code), by certificate number
    (exact) or name prefix (``core.lookups.starts_with``).

    The statement the ORM wrote for ``Officer.objects.active().values(*OFFICER_VALUES)``
    with those filters, written out: building and compiling it cost four times running it
    on every officer search and every page of the officers API
    (docs/adr/0038-portal-cache-hit-cost.md).
    """
    n = _NAMES()

    def o(column):
        return f"{n['officer']}.{n['o'][column]}"

    def b(column):
        return f"{n['body']}.{n['b'][column]}"

    def c(column):
        return f"{n['certificate']}.{n['c'][column]}"

    sql = (f"SELECT {o('id')}, {o('name')}, {o('post')}, {o('areas')}, {b('name')}, "  # noqa: S608
           f"{b('credit_code')} FROM {n['officer']} "
           f"INNER JOIN {n['body']} ON ({o('body')} = {b('id')})")
    where, params = [f"{o('status')} = %s"], [str(Officer.Status.ACTIVE)]
    if number is not None:
        sql += f" INNER JOIN {n['certificate']} ON ({o('id')} = {c('officer')})"
        where.append(f"{c('number')} = %s")
        params.append(number)
    if body_id is not None:
        where.append(f"{o('body')} = %s")
        params.append(body_id)
    if body_code is not None:
        where.append(f"{b('credit_code')} = %s")
        params.append(body_code)
    if prefix is not None:
        condition, values = starts_with_sql(o("name"), prefix)
        where.append(condition)
        params += values
    if after is not None:
        where.append(f"({o('name')} > %s OR ({o('name')} = %s AND {o('id')} > %s))")
        params += [after[0], after[0], after[1]]
    sql += f" WHERE {' AND '.join(where)} ORDER BY {o('name')} ASC, {o('id')} ASC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(OFFICER_VALUES, row, strict=True)) for row in cursor.fetchall()]


def categories_of(officer_ids) -> dict[int, list[str]]:
    """The names of each officer's enforcement categories, in the order of their codes
    (that of ``officer.fields.all()``).

    Raw SQL, built once from the models' metadata: compiling the ORM's join and ordering
    cost several times running it, on every page that lists officers
    (docs/adr/0038-portal-cache-hit-cost.md)."""
    found = {pk: [] for pk in officer_ids}
    if not found:
        return found
    sql = _categories_sql().format(marks=", ".join(["%s"] * len(found)))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(found))
        for officer_id, name in cursor.fetchall():
            found[officer_id].append(name)
    return found


@functools.cache
def _categories_sql() -> str:
    through, field = Officer.fields.through._meta, EnforcementField._meta
    officer_column = through.get_field("officer").column
    field_column = through.get_field("enforcementfield").column
    quote = connection.ops.quote_name
    # Table and column names from the models' metadata; every value is a parameter.
    return (f"SELECT t.{quote(officer_column)}, f.{quote(field.get_field('name').column)} "  # noqa: S608
            f"FROM {quote(through.db_table)} t INNER JOIN {quote(field.db_table)} f "
            f"ON f.{quote(field.pk.column)} = t.{quote(field_column)} "
            f"WHERE t.{quote(officer_column)} IN ({{marks}}) "
            f"ORDER BY f.{quote(field.get_field('code').column)} ASC, "
            f"f.{quote(field.pk.column)} ASC")


class _OfficerId(NamedTuple):
    """All ``public_statuses`` reads of an officer it did not prefetch: its id (a model
    instance per row cost more than the query)."""

    pk: int


def statuses_of(officer_ids, on) -> dict:
    """``PublicStatus`` per officer id (``public_statuses``) from ids alone."""
    return public_statuses([_OfficerId(pk) for pk in officer_ids], on)
