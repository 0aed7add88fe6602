"""Query helpers shared by the portal, the workbench and the API."""

from django.db import connection
from django.db.models import Q


def starts_with(field: str, prefix: str) -> Q:
    """``field`` starts with ``prefix``, in a form the database can answer from an index.

    SQLite never uses an index for ``LIKE 'x%'`` (its LIKE ignores ASCII case), so the
    100 000-officer name search scanned the table; the equivalent range ``x <= field <
    x'`` (x with its last character incremented) is an index search, and with SQLite's
    binary collation it selects exactly the same rows. On PostgreSQL the range would be
    wrong under a linguistic collation, so only LIKE is used there: it needs a
    ``varchar_pattern_ops`` index (or a "C" collation) to be fast — org migration 0004 creates it.
    """
    condition = Q(**{f"{field}__startswith": prefix})
    if connection.vendor == "sqlite" and prefix and ord(prefix[-1]) < 0x10FFFF:
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        condition &= Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    return condition


def starts_with_sql(column: str, prefix: str) -> tuple[str, list]:
    """``starts_with`` for raw SQL: the condition on the quoted ``column`` and its
    parameters, the same the ORM writes for ``starts_with(field, prefix)``."""
    lhs = connection.ops.lookup_cast("startswith", "CharField") % column
    sql = f"{lhs} {connection.operators['startswith'] % '%s'}"
    params = [connection.ops.prep_for_like_query(prefix) + "%"]
    if connection.vendor == "sqlite" and prefix and ord(prefix[-1]) < 0x10FFFF:
        sql += f" AND {column} >= %s AND {column} < %s"
        params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
    return sql, params
