"""Document-number patterns become the safe template language of ``cases.numbering``.

The placeholders {prefix} {type} {year} {serial} keep their meaning; a Python width such as
{serial:04d} or {serial:4d} becomes {serial:4}. Rows are only rewritten, never removed, and
the ledger keeps the pattern that was in force when each number was issued.
"""

import re

from django.db import migrations

_PY_WIDTH = re.compile(r"\{serial:0?([0-9]{1,2})d?\}", re.ASCII)


def convert(pattern: str) -> str:
    return _PY_WIDTH.sub(lambda m: "{serial:%d}" % min(8, max(1, int(m.group(1)))), pattern)


def forwards(apps, schema_editor):
    numbering = apps.get_model("cases", "DocumentNumbering")
    for row in numbering.objects.all().only("pk", "pattern").iterator():
        pattern = convert(row.pattern)
        if pattern != row.pattern:
            numbering.objects.filter(pk=row.pk).update(pattern=pattern)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_party_minority_facts")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
