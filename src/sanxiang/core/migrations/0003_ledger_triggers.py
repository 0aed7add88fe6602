"""Make the ledger append-only with database triggers (R-REC-02); see ledger/triggers.py."""

from django.db import migrations

from sanxiang.ledger import triggers as ledger_triggers


TABLES = ("core_ledgerevent", "core_checkpoint")  # the tables of this point in history


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection, TABLES)


def uninstall(apps, schema_editor):
    ledger_triggers.uninstall(schema_editor.connection, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
