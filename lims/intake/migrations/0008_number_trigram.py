"""Application search matches any part of a number (`ApplicationFilter.search`: `number__icontains`, which
PostgreSQL runs as `UPPER(number) LIKE UPPER('%…%')`). On PostgreSQL a trigram index on `UPPER(number)`
serves it, so the search does not read every application of the laboratory (docs/BENCHMARKS.md, L3).
SQLite, the embedded database, has no such index and needs none at a laboratory's size."""

from django.db import migrations

INDEX = "application_number_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON intake_application USING gin (UPPER("number"::text) gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
