"""Ingest benchmark: the per-item text pipeline against bare segmentation, on one core.

    .venv/bin/python bench/ingest.py --n 100000 --seed 1

(a) bare segmentation: rjieba through Segmenter.words on already folded text;
(b) the core pipeline: normalise → fold → script → segment → fingerprint → near-dup index.
Both run on the same synthetic items (huiying.demo.corpus) in the same process, so the
ratio (b)/(a) says what the pipeline costs on top of segmentation on this machine.
Rates are per second of this process's CPU time (one thread, pinned to one core), so
other load on the machine does not count; wall-clock rates are printed beside them.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huiying.core.neardup import NearDupIndex
from huiying.core.pipeline import ProcessedText, process_text
from huiying.core.segment import Segmenter
from huiying.core.text import fold
from huiying.demo.corpus import SyntheticItem, generate_items


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


Seconds = tuple[float, float]  # CPU, wall


def bare_segmentation(folded: Sequence[str], segmenter: Segmenter) -> Seconds:
    cpu, wall = time.process_time(), time.perf_counter()
    for text in folded:
        segmenter.words(text)
    return time.process_time() - cpu, time.perf_counter() - wall


def core_pipeline(
    items: Sequence[SyntheticItem], segmenter: Segmenter
) -> tuple[Seconds, list[ProcessedText], list[int]]:
    """Seconds, the processed texts, and each item's family (its own index if it starts one)."""
    index = NearDupIndex()
    processed: list[ProcessedText] = []
    families: list[int] = []
    # The results are kept for the storage stage; a worker would not hold 100k of them,
    # so the garbage collector's passes over them are not part of the pipeline's cost.
    gc.disable()
    cpu, wall = time.process_time(), time.perf_counter()
    for key, item in enumerate(items):
        proc = process_text(item.title, item.text, segmenter)
        family = index.add(key, proc.fingerprint)
        processed.append(proc)
        families.append(key if family is None else family)
    seconds = time.process_time() - cpu, time.perf_counter() - wall
    gc.enable()
    print(f"near-dup index: {len(index):,} items, {index.memory_bytes() / 2**20:.1f} MiB")
    return seconds, processed, families


# Storing is measured on a prefix: 100,000 rows would take minutes and say nothing more.
STORE_LIMIT = 20_000


def store_stage(items: Sequence[SyntheticItem], processed: Sequence[ProcessedText]) -> None:
    """The same items through the real write path (store_entries) on a fresh SQLite
    database: duplicate checks, near-duplicate families, FTS5 index, rule matching."""
    from bench.storage import measure_storage

    measure_storage(items[:STORE_LIMIT])


def pairwise(truth: Sequence[str], predicted: Sequence[int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of predicted families against the true ones."""

    def pairs(labels: Sequence[object]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    both = pairs(list(zip(truth, predicted, strict=True)))
    precision = both / max(pairs(predicted), 1)
    recall = both / max(pairs(truth), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="items (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    print(pin_to_one_core())
    start = datetime(2024, 5, 1, tzinfo=UTC)
    items = list(generate_items(args.n, seed=args.seed, start=start, length=(200, 800)))
    chars = sum(len(item.title) + len(item.text) for item in items)
    print(f"{len(items):,} items, {chars / len(items):.0f} characters on average")

    segmenter = Segmenter()
    folded = [fold(f"{item.title}\n\n{item.text}") for item in items]
    segmenter.words(folded[0])  # load the dictionary outside the timings

    bare = bare_segmentation(folded, segmenter)
    full, processed, families = core_pipeline(items, segmenter)
    for name, (cpu, wall) in (("(a) bare segmentation", bare), ("(b) core pipeline", full)):
        print(
            f"{name:22s} {len(items) / cpu:7,.0f} items/s {chars / cpu / 1e6:5.2f} M chars/s"
            f"   (wall clock: {len(items) / wall:,.0f} items/s)"
        )
    print(f"ratio (b)/(a): {bare[0] / full[0]:.2f}   (wall clock: {bare[1] / full[1]:.2f})")

    sizes = Counter(families)
    joined = sum(size - 1 for size in sizes.values())
    multi = sum(1 for size in sizes.values() if size > 1)
    truth = [item.family_id for item in items]
    precision, recall, f1 = pairwise(truth, families)
    print(f"duplicate families found: {multi:,} ({joined:,} items joined one)")
    print(f"pairwise precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    store_stage(items, processed)


if __name__ == "__main__":
    main()
