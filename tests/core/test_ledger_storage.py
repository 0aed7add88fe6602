"""How the ledger is stored and read for speed (ADR 0034), without weakening R-REC-02.

* SQLite keeps ``seq`` as the table's rowid (migration 0010): one B-tree per entry, not
  two; the rebuild keeps every row, the subject index and the append-only triggers.
* SQLite rebuilds an entry's canonical time from the stored text with ``replace``: no
  other spelling of the time rebuilds the original bytes, so verification's fast check
  never accepts a hand-edited time that the Python definition would not.
* PostgreSQL prepares an append's statements once per connection.
"""

import importlib

import pytest
from django.db import connection

from sanxiang import ledger
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger import triggers as ledger_triggers
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries

rowid = importlib.import_module("sanxiang.core.migrations.0010_ledger_seq_rowid")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'",
                                 reason="SQLite's storage; PostgreSQL keeps bigint")


def table_sql() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table'"
                       " AND name = 'core_ledgerevent'")
        return cursor.fetchone()[0]


def sql_bytes(seq: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ledger.entry_bytes_sql(connection.vendor)} "
                       "FROM core_ledgerevent WHERE seq = %s", [seq])
        return bytes(cursor.fetchone()[0])


@sqlite_only
@pytest.mark.django_db
def test_sqlite_seq_is_the_rowid_and_the_rebuild_keeps_rows_index_and_triggers():
    assert rowid.ROWID in table_sql()
    events = append_entries(20)
    root = ledger_verify.verify().root

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    rowid.to_bigint(None, editor)
    assert rowid.BIGINT in table_sql()
    rowid.to_rowid(None, editor)
    assert rowid.ROWID in table_sql()

    assert [e.digest for e in LedgerEvent.objects.filter(seq__gte=events[0].seq)
            .order_by("seq")] == [e.digest for e in events]
    assert ledger_verify.verify().root == root
    assert ledger_triggers.installed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                       " AND tbl_name = 'core_ledgerevent' AND sql IS NOT NULL")
        assert len(cursor.fetchall()) == 1  # the subject index
    ledger.append(kind=events[0].kind, subject=("org.body", 1), payload={})
    assert ledger_verify.verify().ok


@sqlite_only
@pytest.mark.parametrize("spelling", [
    lambda text: text.replace(" ", "T"),
    lambda text: text + "Z",
    lambda text: text + "+00:00",
    lambda text: " " + text,
    lambda text: text[:-1],
    lambda text: text.replace(" ", "  "),
    lambda text: text.replace("-", "/"),
])
def test_another_spelling_of_the_time_never_rebuilds_the_bytes_R_REC_02(
        ledger_entries, ledger_unguarded, spelling):
    seq = ledger_entries[len(ledger_entries) // 2].seq
    original = sql_bytes(seq)
    assert original == ledger.event_bytes(LedgerEvent.objects.get(seq=seq))
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(recorded_at AS TEXT) FROM core_ledgerevent WHERE seq = %s",
                       [seq])
        text = cursor.fetchone()[0]
        assert len(text) == 26 and text[10] == " "
        cursor.execute("UPDATE core_ledgerevent SET recorded_at = %s WHERE seq = %s",
                       [spelling(text), seq])
    assert sql_bytes(seq) != original


@sqlite_only
def test_a_time_stored_as_a_blob_never_rebuilds_the_bytes_R_REC_02(ledger_entries,
                                                                   ledger_unguarded):
    seq = ledger_entries[-1].seq
    original = sql_bytes(seq)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_ledgerevent SET recorded_at = CAST(recorded_at AS BLOB)"
                       " WHERE seq = %s", [seq])
    assert sql_bytes(seq) != original


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's statements")
@pytest.mark.django_db
def test_postgresql_appends_run_prepared_statements():
    append_entries(3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("INSERT INTO core_ledgerevent" in statement for statement in prepared)
