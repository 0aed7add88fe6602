# The outcome's body, copied from its case, so the dashboard counts outcomes per body
# without joining the cases (ADR 0028).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_case_body(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Outcome = apps.get_model("supervision", "Outcome")
    Outcome.objects.update(body_id=Subquery(
        Case.objects.filter(pk=OuterRef("case_id")).values("body_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_number_reservations'),
        ('org', '0006_certificate_validity'),
        ('supervision', '0005_case_tallies'),
    ]

    operations = [
        migrations.AddField(
            model_name='outcome',
            name='body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.body', verbose_name='body'),
        ),
        migrations.RunPython(copy_case_body, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='outcome',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.body', verbose_name='body'),
        ),
    ]
