"""Rows changed outside the actions, as an attacker with the database's password would, and
what ``ledger verify --state`` names (R-REC-02): shared by the state-binding tests."""

from django.db import connection

from sanxiang.ledger import state_verify, touch


def sql(statement, params=()):
    """A write by another database session (sqlite3, psql): only the platform's own session
    notes its writes (``ledger.touch``), so the note is cleared here."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        cursor.execute(f"DELETE FROM {touch.TOUCHED}")


def named():
    """``verify_state``'s result and its problems as (problem, table, row id, fields)."""
    result = state_verify.verify_state()
    return result, [(p.problem, p.table, p.row_id, p.fields) for p in result.problems]


def assert_edits_named(rows: dict, edits) -> None:
    """Each of ``edits`` — (key in ``rows``, table, column, value) — written by hand is
    named, and nothing else."""
    for key, table, column, value in edits:
        sql(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, rows[key].pk])
    result, found = named()
    assert not result.ok
    assert sorted(found) == sorted(("changed", table, rows[key].pk, (column,))
                                   for key, table, column, _value in edits)
