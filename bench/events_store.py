"""What sentiment and event grouping add to storing items, through the real write path.

    .venv/bin/python bench/events_store.py --stored 10000 --batch 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/huiying_bench .venv/bin/python bench/events_store.py

Stores `--stored` synthetic items (huiying.demo.corpus, ~300 characters) with
store_entries in batches, then times further batches of `--batch` items: the whole
storing transaction, and inside it sentiment, event grouping and rule matching
(huiying.analysis.after_store). An item's event is written in that same transaction, so
the transaction's time bounds how long after storage its event is known. Finally the
process's grouping state is dropped, as in a freshly started worker: the next batch
pays for rebuilding it from the stored items, unless grouping.warm() built it first.
SQLite in a temporary folder by default; with DATABASE_URL the named PostgreSQL
database is dropped and created afresh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIMES: dict[str, float] = defaultdict(float)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - start

    return wrapper


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    TIMES.clear()
    result: dict[str, float] = {}
    start = time.perf_counter()
    yield result
    result["transaction"] = time.perf_counter() - start
    result.update(TIMES)


def fresh_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        os.environ["HUIYING_DATA_DIR"] = tempfile.mkdtemp(prefix="huiying-bench-events-")
        return "SQLite (WAL, temporary folder)"
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"PostgreSQL database {name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    where = fresh_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from huiying.core.entries import RawEntry
    from huiying.demo.corpus import generate_items
    from huiying.events import grouping, services
    from huiying.events.models import Event
    from huiying.items.ingest import store_entries
    from huiying.org.models import Unit
    from huiying.sources.models import Source
    from huiying.watch import services as watch_services
    from huiying.watch.services import create_rule

    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(code="bench", name="基准测试")
    source = Source.objects.create(
        name="bench", kind="feed", url="http://bench.invalid/", unit=unit
    )
    for n, query in enumerate(["电梯 | 积水", "学校 食品", "欠薪 | 拖欠工资", "噪音 NEAR/10 扰民"]):
        create_rule(unit=unit, name=f"规则{n}", query=query)

    total = args.stored + (args.repeat + 2) * args.batch
    now = datetime.now(tz=UTC)
    start = now - timedelta(seconds=30 * total)
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
        for it in generate_items(
            total, seed=args.seed, start=start, length=(250, 350), mean_gap_s=30.0
        )
    ]
    services.score_sentiment = timed("sentiment", services.score_sentiment)
    services.group_new_items = timed("events", services.group_new_items)
    services.refresh_events = timed("events: figures", services.refresh_events)
    grouping.GroupingContext.sync = timed("events: sync", grouping.GroupingContext.sync)
    watch_services.match_new_items = timed("rules", watch_services.match_new_items)

    print(f"{where}; {total:,} synthetic items of 250–350 characters")
    began = time.perf_counter()
    for lo in range(0, args.stored, args.batch):
        store_entries(source, entries[lo : lo + args.batch], now=now)
    took = time.perf_counter() - began
    print(
        f"stored {args.stored:,} items in {took:.1f} s ({args.stored / took:,.0f} items/s), "
        f"{Event.objects.count():,} events"
    )

    runs = []
    for k in range(args.repeat):
        lo = args.stored + k * args.batch
        with stopwatch() as run:
            result = store_entries(source, entries[lo : lo + args.batch], now=now)
        run["new"] = result.new
        runs.append(run)
    print(f"\n{args.repeat} batches of {args.batch} entries with ~{args.stored:,} items stored:")
    for key in ("transaction", "sentiment", "events", "events: sync", "events: figures", "rules"):
        values = [r.get(key, 0.0) for r in runs]
        per_item = 1000 * statistics.median(
            v / r["new"] for v, r in zip(values, runs, strict=False)
        )
        print(
            f"  {key:16} median {statistics.median(values) * 1000:7.1f} ms/batch  "
            f"max {max(values) * 1000:7.1f} ms  ({per_item:.2f} ms/item)"
        )
    added = [(r["sentiment"] + r["events"]) / r["new"] for r in runs]
    print(
        f"  sentiment + events add {1000 * statistics.median(added):.2f} ms per item; "
        f"the slowest transaction took {max(r['transaction'] for r in runs):.2f} s "
        "(an item's event is known when its transaction commits)"
    )

    grouping.default_grouping.cache_clear()  # as in a newly started worker
    lo = args.stored + args.repeat * args.batch
    with stopwatch() as run:
        store_entries(source, entries[lo : lo + args.batch], now=now)
    replayed = len(grouping.default_grouping().clusterer or [])
    print(
        f"\nfirst batch of a new process, rebuilding grouping from {replayed:,} stored "
        f"items under the writer lock: {run['transaction']:.2f} s "
        f"(sync/rebuild {run['events: sync']:.2f} s)"
    )
    grouping.default_grouping.cache_clear()
    began = time.perf_counter()
    grouping.warm(now)
    warmed = time.perf_counter() - began
    lo += args.batch
    with stopwatch() as run:
        store_entries(source, entries[lo : lo + args.batch], now=now)
    print(
        f"with grouping.warm() at start instead ({warmed:.2f} s, no lock held): first batch "
        f"{run['transaction']:.2f} s (sync {run['events: sync'] * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
