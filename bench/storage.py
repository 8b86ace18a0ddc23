"""The storage half of bench/ingest.py: items through the real write path on SQLite.

`store_entries()` is what every refresh and import calls: text pipeline, duplicate
checks, near-duplicate families, the items table and its FTS5 index, in batches of one
transaction each (as a feed refresh would commit them).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def measure_storage(items: Sequence[Any], *, batch: int = 200) -> float:
    """Store `items` (SyntheticItem) into a fresh SQLite database; print and return items/s."""
    os.environ["HUIYING_DATA_DIR"] = tempfile.mkdtemp(prefix="huiying-bench-store-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from huiying.core.entries import RawEntry
    from huiying.items.ingest import IngestContext, load_segmenter, store_entries
    from huiying.items.models import Item
    from huiying.org.models import Unit
    from huiying.sources.models import Source

    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(code="bench", name="基准测试")
    source = Source.objects.create(
        name="bench", kind="feed", url="http://bench.invalid/", unit=unit
    )
    entries = [
        RawEntry(
            url=it.url,
            title=it.title,
            text=it.text,
            html="",
            published_at=it.published_at,
            author=it.author,
            guid=it.id,
        )
        for it in items
    ]
    now = datetime.now(tz=UTC)
    rates = []
    for analyse, label in ((False, "storage path only"), (True, "storage + analysis stages")):
        Item.objects.all().delete()
        ctx = IngestContext(segmenter=load_segmenter())
        started = time.perf_counter()
        for start in range(0, len(entries), batch):
            store_entries(source, entries[start : start + batch], now=now, ctx=ctx, analyse=analyse)
        elapsed = time.perf_counter() - started
        stored = Item.objects.count()
        rate = len(entries) / elapsed
        rates.append(rate)
        families = Item.objects.filter(dup_of__isnull=False).count()
        print(
            f"stored through SQLite ({label}): {stored:,} items "
            f"({len(entries) - stored:,} same content), {families:,} in near-duplicate "
            f"families, {rate:,.0f} items/s"
        )
    return rates[0]
