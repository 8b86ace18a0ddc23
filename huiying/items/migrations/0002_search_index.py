"""Full-text search index over Item.tokens: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations


def _sql(schema_editor, attr):
    if schema_editor.connection.vendor == "postgresql":
        from huiying.items.search import postgres as backend
    elif schema_editor.connection.vendor == "sqlite":
        from huiying.items.search import sqlite as backend
    else:
        raise RuntimeError("huiying supports SQLite and PostgreSQL only")
    for statement in getattr(backend, attr):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _sql(schema_editor, "SETUP_SQL")


def backwards(apps, schema_editor):
    _sql(schema_editor, "TEARDOWN_SQL")


class Migration(migrations.Migration):
    dependencies = [("items", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
