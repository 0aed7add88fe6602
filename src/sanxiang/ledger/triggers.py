"""Database triggers that make the ledger append-only (R-REC-02), and the access records
(调阅记录, ``core.AccessEntry``, R-REC-06) too.

They refuse UPDATE and DELETE on ledger entries and checkpoints (and on access records),
and on PostgreSQL also TRUNCATE of a table that holds rows. They guard against mistakes
and casual edits; they do not stop the database owner, who can drop them — that is what
the hash chain, the Merkle tree and the signed checkpoints are for.

Emptying an empty table is allowed, so that a test database can still be flushed once its
ledger has been cleared with ``clear_for_tests``.
"""

from typing import NamedTuple

from django.db import connection as default_connection

TABLES = ("core_ledgerevent", "core_checkpoint", "core_rowbinding", "core_ledgernode")
MESSAGE = "台账记录只能追加，不能修改或删除（R-REC-02）"
_PG_FUNCTION = "sanxiang_ledger_refuse_change"


class Guard(NamedTuple):
    """Append-only tables refused with one message (one PostgreSQL function)."""
    tables: tuple[str, ...]
    message: str
    function: str


LEDGER = Guard(TABLES, MESSAGE, _PG_FUNCTION)
# 调阅记录: who read which record is kept as it was written (ADR 0048, 0052).
ACCESS = Guard(("core_accessentry",), "调阅记录只能追加，不能修改或删除（R-REC-06）",
               "sanxiang_access_refuse_change")


def _sqlite_install(table: str, message: str = MESSAGE) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


def _sqlite_uninstall(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete"]


# Literal SQL (the message is a Guard's constant text): only constants ever go into
# trigger code.
_PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION '{message}'
        USING ERRCODE = 'integrity_constraint_violation',
              DETAIL = format('%s on %s', TG_OP, TG_TABLE_NAME);
END
$$
"""


def _pg_function_sql(guard: Guard) -> str:
    return _PG_FUNCTION_SQL.replace("{function}", guard.function).replace(
        "{message}", guard.message)


def _pg_install(table: str, function: str = _PG_FUNCTION) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _pg_uninstall(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]


def install_statements(vendor: str, tables=None, guard: Guard = LEDGER) -> list[str]:
    tables = guard.tables if tables is None else tables
    if vendor == "sqlite":
        return [sql for table in tables for sql in _sqlite_install(table, guard.message)]
    if vendor == "postgresql":
        return [_pg_function_sql(guard)] + [
            sql for table in tables for sql in _pg_install(table, guard.function)]
    raise NotImplementedError(f"no append-only triggers for {vendor}; use PostgreSQL or SQLite")


def uninstall_statements(vendor: str, tables=None, guard: Guard = LEDGER) -> list[str]:
    tables = guard.tables if tables is None else tables
    if vendor == "sqlite":
        return [sql for table in tables for sql in _sqlite_uninstall(table)]
    if vendor == "postgresql":
        return [sql for table in tables for sql in _pg_uninstall(table)] + [
            f"DROP FUNCTION IF EXISTS {guard.function}()"
        ]
    raise NotImplementedError(f"no append-only triggers for {vendor}; use PostgreSQL or SQLite")


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection=None, tables=None, guard: Guard = LEDGER) -> None:
    """Create the triggers (idempotent). ``tables``: for a migration, the tables it knows."""
    connection = connection or default_connection
    _run(connection, install_statements(connection.vendor, tables, guard))


def uninstall(connection=None, tables=None, guard: Guard = LEDGER) -> None:
    connection = connection or default_connection
    _run(connection, uninstall_statements(connection.vendor, tables, guard))


def installed(connection=None, guard: Guard = LEDGER) -> bool:
    """Whether every trigger of ``guard`` (the ledger's by default) is in place."""
    connection = connection or default_connection
    tables = guard.tables
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            names = [f"{t}_{s}" for t in tables for s in ("no_update", "no_delete")]
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return len(set(names) & {row[0] for row in cursor.fetchall()}) == len(names)
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)",
            [[f"{t}_{s}" for t in tables for s in ("append_only", "no_truncate")]],
        )
        return cursor.fetchone()[0] == 2 * len(tables)


def clear_for_tests(connection=None) -> None:
    """Empty the ledger tables and the access records with the triggers briefly lifted, in
    one transaction.

    Only for test teardown: a transactional test's flush (DELETE on SQLite, TRUNCATE on
    PostgreSQL) would otherwise be refused. Other connections never see the triggers
    missing, because DDL is transactional on both databases.
    """
    from django.db import transaction

    connection = connection or default_connection
    with transaction.atomic(using=connection.alias):
        uninstall(connection)
        uninstall(connection, guard=ACCESS)
        _run(connection, ["DELETE FROM core_ledgerevent", "DELETE FROM core_checkpoint",
                          "DELETE FROM core_rowbinding", "DELETE FROM core_ledgernode",
                          "DELETE FROM core_ledgerhead", "DELETE FROM core_accessentry"])
        install(connection)
        install(connection, guard=ACCESS)
