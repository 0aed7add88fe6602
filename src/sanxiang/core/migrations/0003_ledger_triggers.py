"""Make the ledger append-only with database triggers (R-REC-02); see ledger/triggers.py."""

from django.db import migrations

from sanxiang.ledger import triggers as ledger_triggers


def install(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    ledger_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
