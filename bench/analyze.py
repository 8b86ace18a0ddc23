"""`huiying analyze` throughput: items per second through the whole batch pipeline
(JSON in, near-duplicates, events, sentiment, 3 watch rules, JSON out) on one core,
against bare segmentation of the same texts in the same run.

    .venv/bin/python bench/analyze.py [--items 20000] [--seed 1]

Items are synthetic ~300-character news and posts from `huiying.demo.corpus` (reposts,
Traditional script and site boilerplate included). The baseline is jieba segmentation
(`Segmenter.words`) of each item's folded title and text; folding is timed separately.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from huiying.batch import Analyzer, run
from huiying.core.events import EventItem
from huiying.core.fingerprint import fingerprint
from huiying.core.rules import CompiledRule, FoldedDocument, parse_rule
from huiying.core.segment import Segmenter
from huiying.core.text import fold, normalise, to_simplified
from huiying.demo.corpus import SyntheticItem, generate_items

_T = TypeVar("_T")
RULES = {
    "电梯": "加装电梯 & (停工 | 噪音 | 投诉)",
    "积水": "(积水 | 内涝 | 淹) -演练",
    "学校食品": "(食堂 | 饭菜 | 食品) & (学校 | 中学 | 小学) -广告",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stages", action="store_true", help="also time each stage alone")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    start = datetime(2025, 3, 1, tzinfo=UTC)
    items = list(generate_items(args.items, seed=args.seed, start=start, length=(250, 350)))
    lines = [
        json.dumps(
            {
                "id": it.id,
                "title": it.title,
                "text": it.text,
                "source": it.source_name,
                "url": it.url,
                "published_at": it.published_at.isoformat(),
            },
            ensure_ascii=False,
        )
        for it in items
    ]
    chars = sum(len(it.title) + len(it.text) for it in items) / len(items)
    rules = [(name, CompiledRule(parse_rule(query))) for name, query in RULES.items()]

    segmenter = Segmenter()
    segmenter.words("预热")  # load the dictionary outside the timings
    t0 = time.perf_counter()
    folded = [fold(f"{it.title}\n\n{it.text}") for it in items]
    t1 = time.perf_counter()
    for text in folded:
        segmenter.words(text)
    t2 = time.perf_counter()
    fold_s, segment_s = t1 - t0, t2 - t1

    out, err = io.StringIO(), io.StringIO()
    t3 = time.perf_counter()
    good, bad = run(lines, out, err, rules, progress_every=0)
    analyze_s = time.perf_counter() - t3
    assert good == len(items) and bad == 0, err.getvalue()

    results = [json.loads(line) for line in out.getvalue().splitlines()]
    events = len({r["event"] for r in results})
    dups = sum(r["dup_of"] is not None for r in results)
    matched = sum(bool(r["rules"]) for r in results)
    n = len(items)
    print(f"items: {n}, mean length {chars:.0f} characters, one core")
    print(f"events: {events}, near-duplicates: {dups}, items matching a rule: {matched}")
    print(f"analyze (full pipeline):  {n / analyze_s:8.0f} items/s")
    print(f"bare segmentation:        {n / segment_s:8.0f} items/s")
    print(f"fold + segmentation:      {n / (fold_s + segment_s):8.0f} items/s")
    print(f"analyze time / segmentation time:        {analyze_s / segment_s:.2f}")
    print(f"analyze time / (fold + segmentation):    {analyze_s / (fold_s + segment_s):.2f}")
    if args.stages:
        for name, micros in stage_times(items, rules).items():
            print(f"  {name:<28} {micros:7.1f} µs/item")


def stage_times(
    items: list[SyntheticItem], rules: list[tuple[str, CompiledRule]]
) -> dict[str, float]:
    """Each stage of Analyzer.analyze run alone over all items (CPU time per item)."""
    analyzer = Analyzer(rules)
    times: dict[str, float] = {}

    def timed(name: str, step: Callable[[], list[_T]]) -> list[_T]:
        start = time.process_time()
        result = step()
        times[name] = (time.process_time() - start) / len(items) * 1e6
        return result

    titles = timed("fold title", lambda: [to_simplified(normalise(i.title)).lower() for i in items])
    texts = timed("fold text", lambda: [to_simplified(normalise(i.text)).lower() for i in items])
    both = [f"{a}\n\n{b}" for a, b in zip(titles, texts, strict=True)]
    prints = timed("fingerprint", lambda: [fingerprint(t) for t in both])
    timed(
        "near-duplicate index", lambda: [analyzer.neardup.add(k, f) for k, f in enumerate(prints)]
    )
    timed("sentiment", lambda: [analyzer.sentiment.score(f"{i.title}\n{i.text}") for i in items])
    terms = timed(
        "event terms",
        lambda: [analyzer.terms.extract(a, b) for a, b in zip(titles, texts, strict=True)],
    )
    timed(
        "event assignment",
        lambda: [
            analyzer.events.add(EventItem(i.id, t, i.title, i.published_at, i.source_name))
            for i, t in zip(items, terms, strict=True)
        ],
    )
    docs = [
        FoldedDocument(a, b, fold(i.source_name))
        for a, b, i in zip(titles, texts, items, strict=True)
    ]
    timed("3 rules", lambda: [[r.matches(d) for _, r in rules] for d in docs])
    return times


if __name__ == "__main__":
    main()
