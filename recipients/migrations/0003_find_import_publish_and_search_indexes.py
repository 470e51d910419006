"""Finding people and imports.

- `ImportRun.published_at` (the sweep hands over again a run never started)
  and `failure_reason` (what stopped a failed run, for the person).
- An index to list people by name, a page at a time.
- On PostgreSQL only: trigram indexes (pg_trgm) so that "part of a name,
  reference or postcode" is found without reading every row. The staff
  search uses Django's icontains / istartswith, which PostgreSQL runs as
  UPPER(column::text) LIKE UPPER(...): the indexes are on that expression.
  SQLite has no such index and needs none at its scale: nothing happens there.
"""

from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "recipient_name_trgm": "full_name",
    "recipient_reference_trgm": "council_reference",
    "recipient_postcode_trgm": "postcode",
}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON recipients_recipient "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("recipients", "0002_documents_checkups_support_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="failure_reason",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="importrun",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="recipient",
            index=models.Index(fields=["full_name", "id"], name="recipient_name_order"),
        ),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
