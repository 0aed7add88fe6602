"""Name-prefix search on PostgreSQL: LIKE 'x%' uses an index only with pattern opclasses.

SQLite answers the same search from the ordinary name index through the range form in
``sanxiang.core.lookups.starts_with``, so nothing is created there.
"""

from django.db import migrations

INDEX = "org_officer_name_pattern_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON org_officer (name varchar_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("org", "0003_officer_full_name")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
