"""Per-item sentiment (label and score), scored when an item is stored.

On SQLite, adding a NOT NULL column makes Django rebuild the items table, which drops
the triggers that keep the full-text index (0002) in step: they are created again."""

from django.db import migrations, models


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from huiying.items.search import sqlite as backend

    for statement in backend.SETUP_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('items', '0002_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='sentiment_label',
            field=models.CharField(choices=[('pos', '正面'), ('neg', '负面'), ('neu', '中性')], default='neu', max_length=3, verbose_name='情感'),
        ),
        migrations.AddField(
            model_name='item',
            name='sentiment_score',
            field=models.FloatField(default=0.0, verbose_name='情感分值'),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
