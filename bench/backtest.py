"""Rule preview (backtest) over a large stored corpus on SQLite: seconds per preview.

Opens a data folder filled by bench/search.py (default /tmp/bench1m, 1,000,000 items)
READ-ONLY (`mode=ro`): the vocabulary the preview widens rule words with
(watch.IndexWord, kept by the ingest hook in production) is built in a TEMP table from
the FTS5 index, so nothing is ever written to the data folder's database.

For each of five typical rules over the whole stored period it prints the time of
`huiying.watch.backtest.preview()` (vocabulary lookup + index pre-filter + matcher on
every candidate + per-day counts + highlighted samples) and the time of a bare FTS5
count of the same index expression, measured in the same run, and their ratio.
`--check` also runs every rule over every item with the matcher alone (one pass, each
item folded once) and reports what the index pre-filter missed.

    .venv/bin/python bench/backtest.py [--data-dir /tmp/bench1m] [--repeat 3] [--check]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RULES = [
    "加装电梯 (停工 | 噪音) -补贴",
    "(食品 | 食堂) & 安全 & 学校",
    '"12345热线" NEAR/10 (回复 | 反映)',
    "title:(积水 | 内涝) -招聘",
    "（暖气、供暖）不热 -title:好消息",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default="/tmp/bench1m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="also scan every item (slow)")
    args = parser.parse_args()

    database = Path(args.data_dir) / "huiying.sqlite3"
    if not database.exists():
        sys.exit(f"{database} not found: fill it first with bench/search.py --data-dir …")
    os.environ["HUIYING_DATA_DIR"] = args.data_dir
    # Settings create the static folder: keep that out of the data folder.
    os.environ["HUIYING_STATIC_ROOT"] = tempfile.mkdtemp(prefix="huiying-bench-static-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiying.settings")
    import django

    django.setup()
    from django.db import connection

    # Read-only: SQLite refuses every write to the file; TEMP tables live elsewhere.
    connection.settings_dict["NAME"] = f"file:{database}?mode=ro"
    options = connection.settings_dict["OPTIONS"]
    options.pop("transaction_mode", None)
    options["init_command"] = "PRAGMA busy_timeout=30000; PRAGMA cache_size=-262144;"

    from huiying.core.rules import CompiledRule, Document, FoldedDocument, parse_rule
    from huiying.items.ingest import default_context
    from huiying.items.models import Item
    from huiying.watch.backtest import preview
    from huiying.watch.prefilter import build_prefilter

    segmenter = default_context().segmenter
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE watch_indexword (word varchar(100) NOT NULL PRIMARY KEY)")
        cur.execute("CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, items_fts, 'row')")
        cur.execute(
            "INSERT INTO temp.watch_indexword SELECT term FROM temp.bench_vocab "
            "WHERE length(term) <= 100"
        )
        cur.execute("SELECT count(*) FROM temp.watch_indexword")
        words = cur.fetchone()[0]
        cur.execute("SELECT count(*), min(published_at), max(published_at) FROM items_item")
        total, first, last = cur.fetchone()
    print(f"items stored: {total:,} ({first[:10]} … {last[:10]})")
    print(f"vocabulary: {words:,} index words (temp table, {time.perf_counter() - started:.1f} s)")

    # The whole stored period, day by day.
    since = datetime.fromisoformat(first[:10]).replace(tzinfo=UTC)
    until = datetime.fromisoformat(last[:10]).replace(tzinfo=UTC) + timedelta(days=2)

    def bare_count(expression: str) -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH %s", [expression])
            return int(cur.fetchone()[0])

    def timed(fn):  # type: ignore[no-untyped-def]
        fn()  # warm the page cache
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            value = fn()
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs), value

    results = {}
    print()
    print(
        f"{'rule':<34} {'matches':>8} {'candidates':>10} {'preview s':>9} {'FTS5 s':>7} {'ratio':>6}"
    )
    for query in RULES:
        prefilter = build_prefilter(parse_rule(query), segmenter)
        assert prefilter is not None and not prefilter.impossible
        expression = prefilter.fts5()
        seconds, result = timed(lambda q=query: preview(q, since=since, until=until))
        base, _count = timed(lambda e=expression: bare_count(e))
        results[query] = result
        print(
            f"{query:<34} {result.total:>8,} {result.stats.candidates:>10,} "
            f"{seconds:>9.2f} {base:>7.3f} {seconds / base:>6.1f}"
        )
    slowest = max(r.seconds for r in results.values())
    print(f"\nslowest preview over {total:,} items: {slowest:.2f} s")

    if args.check:
        matchers = [CompiledRule(q) for q in RULES]
        found = [0] * len(RULES)
        t0 = time.perf_counter()
        rows = Item.objects.order_by().values_list("title", "text").iterator(chunk_size=5000)
        for title, text in rows:
            doc = FoldedDocument.of(Document(title, text, "bench"))
            for k, matcher in enumerate(matchers):
                found[k] += matcher.matches(doc)
        scan = time.perf_counter() - t0
        print(f"\nmatcher alone over every item (one pass, 5 rules): {scan:.1f} s")
        for k, query in enumerate(RULES):
            missed = found[k] - results[query].total
            print(
                f"{query:<34} matcher {found[k]:>8,}  preview {results[query].total:>8,}  missed {missed}"
            )


if __name__ == "__main__":
    main()
