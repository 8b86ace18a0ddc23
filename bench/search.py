"""Search latency over N stored items on SQLite (default 1,000,000).

Fills a fresh SQLite database in a temporary data folder with generated items (tokens
made by the real segmenter, rows inserted in bulk so the FTS5 triggers index them),
then times two-word queries through `search_items()` (index + confirmation + highlight)
against the bare FTS5 MATCH of the same tokens, measured in the same run.

    .venv/bin/python bench/search.py --n 1000000 --queries 200
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", help="reuse a data folder filled by an earlier run")
    args = parser.parse_args()

    os.environ["HUIYING_DATA_DIR"] = args.data_dir or tempfile.mkdtemp(prefix="huiying-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from huiying.core.query import parse_search
    from huiying.core.text import fold
    from huiying.demo.corpus import generate_items
    from huiying.items.ingest import default_context
    from huiying.items.models import Item
    from huiying.items.search import search_items
    from huiying.items.search.sqlite import match_expression
    from huiying.org.models import Unit
    from huiying.sources.models import Source

    call_command("migrate", verbosity=0)
    seg = default_context().segmenter
    unit, _ = Unit.objects.get_or_create(code="bench", defaults={"name": "基准测试"})
    source, _ = Source.objects.get_or_create(name="bench", defaults={"kind": "feed", "unit": unit})
    have = Item.objects.count()
    if have < args.n:
        print(f"filling {args.n - have:,} items …", file=sys.stderr)
        started = time.perf_counter()
        now = datetime.now(tz=UTC)
        batch: list[Item] = []
        items = generate_items(args.n, seed=args.seed, start=datetime(2026, 1, 1, tzinfo=UTC))
        for i, item in enumerate(items):
            if i < have:
                continue
            folded = fold(f"{item.title}\n\n{item.text}")
            batch.append(
                Item(
                    source=source,
                    guid=f"{item.id}-{i}",
                    url="",
                    title=item.title,
                    text=item.text,
                    fetched_at=now,
                    published_at=item.published_at,
                    content_hash=f"{item.id}-{i}",
                    tokens=" ".join(seg.search_words(folded)),
                )
            )
            if len(batch) == 5000:
                with transaction.atomic():
                    Item.objects.bulk_create(batch)
                batch.clear()
                done = i + 1
                rate = (done - have) / (time.perf_counter() - started)
                print(f"  {done:,} items ({rate:,.0f}/s)", file=sys.stderr)
        if batch:
            with transaction.atomic():
                Item.objects.bulk_create(batch)
    total = Item.objects.count()

    rng = random.Random(args.seed)
    sample = list(Item.objects.order_by("?").values_list("tokens", flat=True)[:500])
    queries = []
    for tokens in sample:
        words = [w for w in tokens.split() if len(w) >= 2]
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, 2)))
    queries = queries[: args.queries]

    def timed(fn) -> list[float]:  # type: ignore[no-untyped-def]
        out = []
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - t0) * 1000)
        return out

    def bare(q: str) -> None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT rowid FROM items_fts WHERE items_fts MATCH %s ORDER BY rowid DESC LIMIT 50",
                [match_expression(parse_search(q, seg))],
            )
            cur.fetchall()

    timed(lambda q: search_items(q, limit=50, segmenter=seg))  # warm the page cache
    full = timed(lambda q: search_items(q, limit=50, segmenter=seg))
    base = timed(bare)

    def pct(xs: list[float], p: float) -> float:
        return sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]

    print(f"items stored: {total:,}; two-word queries: {len(queries)}")
    print(f"search_items  p50 {statistics.median(full):.1f} ms  p95 {pct(full, 0.95):.1f} ms")
    print(f"bare FTS5     p50 {statistics.median(base):.1f} ms  p95 {pct(base, 0.95):.1f} ms")
    print(f"ratio p95 search_items / bare FTS5: {pct(full, 0.95) / max(pct(base, 0.95), 1e-6):.2f}")
    print(f"data folder: {os.environ['HUIYING_DATA_DIR']}")


if __name__ == "__main__":
    main()
