"""Make the access records (调阅记录) append-only with database triggers (R-REC-06, ADR 0052);
see ledger/triggers.py."""

from django.db import migrations

from sanxiang.ledger import triggers as ledger_triggers

TABLES = ("core_accessentry",)  # the tables of this point in history


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection, TABLES, guard=ledger_triggers.ACCESS)


def uninstall(apps, schema_editor):
    ledger_triggers.uninstall(schema_editor.connection, TABLES, guard=ledger_triggers.ACCESS)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0011_access_entry"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
