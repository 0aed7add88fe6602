"""The full-text index (docs/adr/0005-search.md); see core/search_schema.py."""

import django.db.models.deletion
from django.db import migrations, models

from sanxiang.core import search_schema


def install(apps, schema_editor):
    search_schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_ledger_triggers'),
        ('org', '0003_officer_full_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='search kind')),
                ('key', models.CharField(max_length=64, verbose_name='object key')),
                ('body', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.body', verbose_name='body')),
                ('boost', models.FloatField(default=1.0, verbose_name='rank boost')),
                ('updated_at', models.DateTimeField(verbose_name='indexed at')),
                ('title', models.CharField(max_length=300, verbose_name='result title')),
                ('url', models.CharField(max_length=500, verbose_name='result address')),
                ('text', models.TextField(blank=True, verbose_name='indexed text')),
                ('title_tokens', models.TextField(blank=True, verbose_name='indexed title tokens')),
                ('tokens', models.TextField(blank=True, verbose_name='indexed text tokens')),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'key'), name='search_entry_kind_key')],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
