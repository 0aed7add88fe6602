"""Party-name prefix search and its order from one index (issue 17).

The search by the beginning of a party's name is ordered by the name, then newest first
(``disclosure.search``); this index holds exactly that order behind the state, so a page is
a range read of 21 entries however many names share the prefix. The name is compared in
binary (code point) order: SQLite's default; on PostgreSQL the "C" collation, whatever the
database's own, so that a prefix is one range of the index.
"""

from django.db import migrations

INDEX = "disclosure_party_ordered_idx"


def create(apps, schema_editor):
    name = ('(party_name COLLATE "C")' if schema_editor.connection.vendor == "postgresql"
            else "party_name")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON disclosure_disclosure "
                          f"(state, {name}, published_on DESC, id DESC)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_party_name_pattern_index")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
