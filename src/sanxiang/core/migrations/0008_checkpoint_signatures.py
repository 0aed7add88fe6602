"""Every signature of a checkpoint: Ed25519 and SM2 (ADR 0022).

SQLite adds a column by rebuilding the table, which drops its triggers: the append-only
triggers of core_checkpoint (R-REC-02) are put back after the change, either way.
"""

from django.db import migrations, models

from sanxiang.ledger import triggers as ledger_triggers


def reinstall(apps, schema_editor):
    ledger_triggers.install(schema_editor.connection, ("core_checkpoint",))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_public_area_versions'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall, elidable=False),
        migrations.AddField(
            model_name='checkpoint',
            name='signatures',
            field=models.JSONField(blank=True, default=list, verbose_name='signatures'),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop, elidable=False),
    ]
