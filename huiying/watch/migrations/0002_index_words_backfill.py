"""Fill the vocabulary (IndexWord) from the items already stored; from then on the
ingest hook (huiying.watch.services.match_new_items) adds the words of new items.
About a minute per million items."""

from django.db import migrations

CHUNK = 2000


def forwards(apps, schema_editor):
    Item = apps.get_model("items", "Item")
    IndexWord = apps.get_model("watch", "IndexWord")
    words: set[str] = set()
    for tokens in Item.objects.values_list("tokens", flat=True).iterator(chunk_size=CHUNK):
        words.update(w for w in tokens.split() if len(w) <= 100)
    ordered = sorted(words)
    for start in range(0, len(ordered), CHUNK):
        IndexWord.objects.bulk_create(
            [IndexWord(word=w) for w in ordered[start : start + CHUNK]], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [("watch", "0001_initial"), ("items", "0002_search_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
