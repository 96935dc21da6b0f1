"""GIN indexes for full-text search on PostgreSQL, one per language, on the expressions that
practices.search.vector() builds. Nothing to do on other databases."""

from django.db import migrations

CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}


def expression(language):
    config = CONFIGS[language]
    columns = " || ' ' || ".join(f"COALESCE({f}_{language}, '')" for f in ("name", "definition", "description"))
    return f"to_tsvector('{config}'::regconfig, {columns})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in CONFIGS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS practice_fts_{language} ON practices_practice USING GIN ({expression(language)})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS practice_fts_{language}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_load_vocabularies")]

    operations = [migrations.RunPython(create, drop)]
