"""SQLite: the ledger's seq becomes the table's rowid (ADR 0034).

Django declares ``seq`` (a BigIntegerField primary key) as ``bigint NOT NULL PRIMARY KEY``,
which SQLite keeps as a second B-tree beside the table's own rowid: every append wrote both.
Declared ``integer NOT NULL PRIMARY KEY`` it is the rowid itself, so an append writes one
B-tree page fewer and verification reads the entries in seq order without an index.

The table is rebuilt with its rows, in seq order, and its indexes; its append-only
triggers (R-REC-02) are put back. The model does not change (PostgreSQL keeps bigint);
should a later migration alter this table on SQLite, Django rebuilds it as ``bigint``
again, which costs speed, not correctness, until this is run again (``to_rowid``).
Nothing to do on PostgreSQL. Reversible: the backwards step rebuilds it as ``bigint``.
"""

from django.db import migrations

from sanxiang.ledger import triggers as ledger_triggers

TABLE = "core_ledgerevent"
BIGINT = '"seq" bigint NOT NULL PRIMARY KEY'
ROWID = '"seq" integer NOT NULL PRIMARY KEY'


def _rebuild(connection, old: str, new: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                       [TABLE])
        row = cursor.fetchone()
        if row is None or old not in row[0]:
            return  # already in the wanted form (or not made by Django's migrations)
        create = row[0].replace(old, new, 1).replace(
            f'CREATE TABLE "{TABLE}"', f'CREATE TABLE "new__{TABLE}"', 1)
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                       " AND sql IS NOT NULL", [TABLE])
        indexes = [sql for (sql,) in cursor.fetchall()]
        cursor.execute(f'PRAGMA table_info("{TABLE}")')
        columns = ", ".join(f'"{name}"' for _cid, name, *_rest in cursor.fetchall())
        ledger_triggers.uninstall(connection, (TABLE,))
        cursor.execute(create)
        # Names from the table's own schema only.
        cursor.execute(f'INSERT INTO "new__{TABLE}" ({columns})'  # noqa: S608
                       f' SELECT {columns} FROM "{TABLE}" ORDER BY "seq"')
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(f'ALTER TABLE "new__{TABLE}" RENAME TO "{TABLE}"')
        for sql in indexes:
            cursor.execute(sql)
    ledger_triggers.install(connection, (TABLE,))


def to_rowid(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild(schema_editor.connection, BIGINT, ROWID)


def to_bigint(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild(schema_editor.connection, ROWID, BIGINT)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_checkpoint_note'),
    ]

    operations = [
        migrations.RunPython(to_rowid, to_bigint, elidable=False),
    ]
