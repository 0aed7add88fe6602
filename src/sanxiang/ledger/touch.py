"""Which bound rows did *this* database session write? (``sanxiang.ledger.state``)

An action's ledger event binds the rows of its aggregate that differ from their last
binding. Without more, a row edited by hand would be bound (laundered) by the next action
on the same case. So only rows the platform's own session wrote are bound: a trigger on
every bound table notes (table, id) of each row inserted, updated or deleted into a
session-local temporary table, ``sanxiang_touched``. Another session — ``sqlite3`` or
``psql`` in the hands of whoever edits the database — has no such table, its writes are
noted nowhere, and the row stays different from its binding until ``ledger verify
--state`` names it.

SQLite: temporary triggers, created on each connection (they live and die with it).
PostgreSQL: ordinary triggers (installed after ``migrate``) that write only when the
session has created the temporary table, which every platform connection does.

Updates are noted per column: a row edited by hand and then written by an action (which
bumps the case's version, say) is still not bound, because the hand-edited column was
not one the action wrote.
"""

from __future__ import annotations

from functools import cache

from django.db import connection as default_connection

TOUCHED = "sanxiang_touched"
_READY = "_sanxiang_touch_ready"
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sanxiang_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_id bigint;
BEGIN
    IF to_regclass('pg_temp.sanxiang_touched') IS NULL THEN
        RETURN NULL;
    END IF;
    row_id := ((to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END))
               ->> TG_ARGV[1])::bigint;
    IF TG_OP = 'UPDATE' AND TG_ARGV[2] = '' THEN
        EXECUTE 'INSERT INTO pg_temp.sanxiang_touched (tbl, id, col) SELECT $1, $2, n.key'
                ' FROM jsonb_each($3) n WHERE n.value IS DISTINCT FROM $4 -> n.key'
                ' AND n.key NOT IN (''ledger_seq'', ''published_seq'')'
            USING TG_ARGV[0], row_id, to_jsonb(NEW), to_jsonb(OLD);
    ELSE
        EXECUTE 'INSERT INTO pg_temp.sanxiang_touched (tbl, id, col) VALUES ($1, $2, $3)'
            USING TG_ARGV[0], row_id, CASE WHEN TG_ARGV[2] = '' THEN '*' ELSE TG_ARGV[2] END;
    END IF;
    RETURN NULL;
END
$$
"""


@cache
def watched() -> tuple[tuple[str, str, str, str, tuple[str, ...]], ...]:
    """(table, owner table, owner id column, m2m name or "", columns) for every bound
    table and its many-to-many tables."""
    from sanxiang.ledger import state

    found = []
    for label in state.bound_labels():
        meta = state.model_of(label)._meta
        # A ledger pointer, set right after the event, is in no digest: a note of it
        # would only wait, unbound, until the session ends (on SQLite, a long load's
        # thousands of notes read again at every append).
        found.append((meta.db_table, meta.db_table, meta.pk.column, "",
                      tuple(f.column for f in meta.concrete_fields
                            if f.column not in state.LEDGER_POINTERS)))
        for field in meta.local_many_to_many:
            found.append((field.remote_field.through._meta.db_table, meta.db_table,
                          field.m2m_column_name(), field.name, ()))
    return tuple(found)


def _sqlite_statements() -> list[str]:
    # Only names from the models' own metadata go into this SQL. An update notes each
    # column it changed; an insert or delete notes the whole row ("*") or, for a
    # many-to-many table, the relation's name on its owner.
    statements = [f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (tbl TEXT, id INTEGER, col TEXT)"]
    for table, owner, column, m2m, columns in watched():
        whole = m2m or "*"
        for op, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW")):
            if op == "UPDATE" and not m2m:
                body = " UNION ALL ".join(
                    f"SELECT '{owner}', NEW.\"{column}\", '{c}'"
                    f" WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\"" for c in columns)
                body = f"INSERT INTO {TOUCHED} (tbl, id, col) {body}"
            else:
                body = (f"INSERT INTO {TOUCHED} (tbl, id, col) "  # noqa: S608
                        f"VALUES ('{owner}', {row}.\"{column}\", '{whole}')")
            name = f"sanxiang_touch_{table}_{op.lower()}"
            statements.append(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {op} "
                              f"ON main.\"{table}\" BEGIN {body}; END")
    return statements


def _tables_exist(connection) -> bool:
    existing = set(connection.introspection.table_names())
    return all(table in existing for table, *_rest in watched())


def prepare_session(connection=None) -> bool:
    """Make this session note its writes; True when it does. Idempotent and cheap."""
    connection = connection or default_connection
    if getattr(connection, _READY, False):
        return True
    if connection.vendor == "sqlite":
        if not _tables_exist(connection):  # before migrate: again after it
            return False
        statements = _sqlite_statements()
    elif connection.vendor == "postgresql":
        # The transaction is noted too: a note left by an earlier transaction of this
        # session (a write after its last event) must not vouch for a row now.
        statements = [f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (tbl text, id bigint,"
                      f" col text, tx bigint DEFAULT txid_current())"]
    else:
        return False
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    # Made inside a transaction that is rolled back, they would vanish with it.
    if not connection.in_atomic_block:
        setattr(connection, _READY, True)
    return True


def install_triggers(connection=None) -> None:
    """PostgreSQL: the permanent triggers (idempotent; run after every migrate)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql" or not _tables_exist(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(_PG_FUNCTION)
        for table, owner, column, m2m, _columns in watched():
            cursor.execute(f"DROP TRIGGER IF EXISTS sanxiang_touch ON {table}")
            cursor.execute(f"CREATE TRIGGER sanxiang_touch AFTER INSERT OR UPDATE OR DELETE "
                           f"ON {table} FOR EACH ROW EXECUTE FUNCTION "
                           f"sanxiang_touch('{owner}', '{column}', '{m2m}')")


def touched(cursor) -> dict[tuple[str, int], set[str]]:
    """{(table, id): columns written by this session} ("*": the whole row); on
    PostgreSQL, by this transaction."""
    if cursor.db.vendor == "postgresql":
        # One round trip: notes of earlier transactions are dropped as this one's are read
        # (the SELECT sees the table as before the DELETE, hence its own filter).
        cursor.execute(f"WITH old AS (DELETE FROM {TOUCHED} WHERE tx <> txid_current())"  # noqa: S608
                       f" SELECT DISTINCT tbl, id, col FROM {TOUCHED}"
                       f" WHERE tx = txid_current()")
    else:
        cursor.execute(f"SELECT DISTINCT tbl, id, col FROM {TOUCHED}")  # noqa: S608
    found: dict[tuple[str, int], set[str]] = {}
    for table, row_id, column in cursor.fetchall():
        found.setdefault((table, int(row_id)), set()).add(column)
    return found


def forget(cursor, rows) -> None:
    cursor.executemany(f"DELETE FROM {TOUCHED} WHERE tbl = %s AND id = %s",  # noqa: S608
                       list(rows))


def on_connection_created(sender, connection, **kwargs) -> None:
    # A new session of the same wrapper (after a reconnect) has no temporary objects.
    setattr(connection, _READY, False)
    prepare_session(connection)


def on_post_migrate(sender, using=None, **kwargs) -> None:
    from django.db import connections

    connection = connections[using or "default"]
    install_triggers(connection)
    setattr(connection, _READY, False)
    prepare_session(connection)
