"""Checkpoints as C2SP signed notes (ADR 0032): the note stored with each new checkpoint.

SQLite adds a column by rebuilding the table, which drops its triggers: the append-only
triggers of core_checkpoint (R-REC-02) are put back after the change, either way.
"""

from django.db import migrations, models

from sanxiang.ledger import triggers as ledger_triggers


def reinstall(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection, ("core_checkpoint",))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_checkpoint_signatures'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall, elidable=False),
        migrations.AddField(
            model_name='checkpoint',
            name='note',
            field=models.TextField(blank=True, default='', verbose_name='signed note'),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop, elidable=False),
    ]
