"""Seed the office's term list from the neutral starter list (outdated official names)."""

from django.db import migrations


def seed(apps, schema_editor):
    from huiying.core.proofread import starter_terms

    term = apps.get_model("reviews", "Term")
    have = set(term.objects.values_list("wrong", flat=True))
    term.objects.bulk_create(
        term(wrong=rule.wrong, right=rule.right, note=rule.note[:300])
        for rule in starter_terms()
        if rule.wrong not in have
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
