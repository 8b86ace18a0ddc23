"""Proofreading speed: `huiying.core.proofread.check` on one ~5,000-character draft, the
size of a long statement, as the editor runs it on every save; one core, compared with
bare segmentation of the same text (`Segmenter.words`) in the same run.

    .venv/bin/python bench/proofread.py [--chars 5000] [--runs 50] [--seed 1]

The draft is built from the Simplified synthetic news and posts of `huiying.demo.corpus`
(some with full-width digits), so it carries realistic noise and findings; the starter term list and a few flagged phrases are on. The first call (regex
compilation, dictionary loading) is timed separately as the cold start.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from huiying.core.proofread import check, starter_terms
from huiying.core.segment import Segmenter
from huiying.core.text import detect_script
from huiying.demo.corpus import generate_items

FLAGGED = ["零容忍", "史上最严", "全力以赴", "高度重视", "第一时间"]


def draft(chars: int, seed: int) -> str:
    paragraphs: list[str] = []
    size = 0
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for item in generate_items(chars // 50 + 10, seed=seed, start=start, length=(250, 350)):
        if detect_script(item.text) == "hant":
            continue  # one draft is in one script
        for paragraph in item.text.split("\n"):
            if paragraph.strip() and size < chars:
                paragraphs.append(paragraph.strip())
                size += len(paragraph.strip()) + 1
    return "\n".join(paragraphs)[:chars]


def best_of(runs: int, step: Callable[[], object]) -> float:
    """Fastest of `runs` timings, in seconds: the least disturbed by other processes."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    text = draft(args.chars, args.seed)
    terms = starter_terms()
    t0 = time.perf_counter()
    findings = check(text, terms=terms, flagged=FLAGGED)
    cold = time.perf_counter() - t0
    segmenter = Segmenter()
    segmenter.words("预热")  # load the dictionary outside the timings

    check_s = best_of(args.runs, lambda: check(text, terms=terms, flagged=FLAGGED))
    segment_s = best_of(args.runs, lambda: segmenter.words(text))
    n = len(text)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(Counter(f.kind for f in findings).items()))
    print(f"text: {n} characters, {len(terms)} terms, {len(FLAGGED)} flagged phrases, one core")
    print(f"findings: {len(findings)} ({kinds})")
    print(f"cold first check:        {cold * 1e3:8.1f} ms")
    print(
        f"check:                   {check_s * 1e3:8.2f} ms  {n / check_s:10.0f} chars/s"
        f"  {check_s / n * 1e6:.2f} µs/char"
    )
    print(f"bare segmentation:       {segment_s * 1e3:8.2f} ms  {n / segment_s:10.0f} chars/s")
    print(f"check time / segmentation time: {check_s / segment_s:.2f}")


if __name__ == "__main__":
    main()
