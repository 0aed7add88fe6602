"""Party-name prefix search on PostgreSQL: LIKE 'x%' uses an index only with pattern
opclasses. SQLite uses the ordinary index through ``core.lookups.starts_with``."""

from django.db import migrations

INDEX = "disclosure_party_name_pattern_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON disclosure_disclosure "
                              "(party_name varchar_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
