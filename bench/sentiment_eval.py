"""Sentiment: quality on our labelled sets and speed on ~300-character texts.

    taskset -c 0 .venv/bin/python bench/sentiment_eval.py [--docs 3000]

Prints macro-F1 per subset and split (test is the figure we report; train and dev were
used to build the model), the rules-only ablation, test F1 by script and by origin
(hand-written vs template), and docs/s for SentimentModel.score_many against bare
segmentation of the same texts measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from huiying.core.segment import Segmenter
from huiying.core.sentiment import SentimentModel
from huiying.core.sentiment.metrics import Labelled, macro_f1, read_labelled
from huiying.core.text import fold

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sentiment"
SUBSETS = {"public": ("pos", "neg"), "hotel": ("pos", "neg"), "three": ("pos", "neg", "neu")}
NAMES = {
    "public": "(a) Weibo-style posts on public matters, pos/neg",
    "hotel": "(b) hotel and service reviews, pos/neg",
    "three": "(c) Weibo-style posts, pos/neg/neu",
}


def f1_of(model: SentimentModel, rows: list[Labelled], labels: tuple[str, ...]) -> float:
    predicted = [s.label for s in model.score_many(r.text for r in rows)]
    return macro_f1([r.label for r in rows], predicted, labels)


def quality(model: SentimentModel, rules: SentimentModel) -> None:
    print("macro-F1 (pos/neg sets count a 'neu' answer as wrong)")
    print(f"{'subset':52} {'n':>4} {'test':>6} {'rules':>6} {'dev':>6} {'train':>6}")
    means = {"test": 0.0, "rules": 0.0, "dev": 0.0, "train": 0.0}
    for subset, labels in SUBSETS.items():
        rows = {
            s: read_labelled(FIXTURES / f"{subset}.jsonl", [s]) for s in ("train", "dev", "test")
        }
        row = {
            "test": f1_of(model, rows["test"], labels),
            "rules": f1_of(rules, rows["test"], labels),
            "dev": f1_of(model, rows["dev"], labels),
            "train": f1_of(model, rows["train"], labels),
        }
        for k, v in row.items():
            means[k] += v / len(SUBSETS)
        print(
            f"{NAMES[subset]:52} {len(rows['test']):>4} {row['test']:>6.3f} {row['rules']:>6.3f}"
            f" {row['dev']:>6.3f} {row['train']:>6.3f}"
        )
    print(
        f"{'mean':52} {'':>4} {means['test']:>6.3f} {means['rules']:>6.3f}"
        f" {means['dev']:>6.3f} {means['train']:>6.3f}"
    )
    print("\ntest split by kind of text")
    for subset, labels in SUBSETS.items():
        rows = read_labelled(FIXTURES / f"{subset}.jsonl", ["test"])
        parts = {
            "hand-written": [r for r in rows if r.origin == "hand"],
            "templates": [r for r in rows if r.origin != "hand"],
            "Simplified": [r for r in rows if r.script == "hans"],
            "Traditional": [r for r in rows if r.script == "hant"],
        }
        cells = "  ".join(
            f"{name} {f1_of(model, part, labels):.3f} (n={len(part)})"
            for name, part in parts.items()
        )
        print(f"  {subset:7} {cells}")


def corpus(n: int) -> list[str]:
    texts = [r.text for s in SUBSETS for r in read_labelled(FIXTURES / f"{s}.jsonl")]
    rng = random.Random(7)
    docs = []
    for i in range(n):
        doc = ""
        while len(doc) < 300:
            doc += rng.choice(texts)
        docs.append(f"{doc[:300]}{i}")
    return docs


def speed(model: SentimentModel, n: int) -> None:
    docs = corpus(n)
    model.score_many(docs[:200])  # warm the token memo as a long-running worker would have
    segmenter = Segmenter()
    best_model = best_seg = 0.0
    for _ in range(3):
        t = time.perf_counter()
        model.score_many(docs)
        best_model = max(best_model, n / (time.perf_counter() - t))
        t = time.perf_counter()
        for doc in docs:
            segmenter.cut(fold(doc))
        best_seg = max(best_seg, n / (time.perf_counter() - t))
    chars = sum(map(len, docs)) / n
    print(f"\nspeed on {n} texts of ~{chars:.0f} characters, one process, best of 3")
    print(f"  sentiment (fold + parts + segment + rules + linear): {best_model:8.0f} docs/s")
    print(f"  bare fold + segmentation of the same texts:          {best_seg:8.0f} docs/s")
    print(f"  ratio sentiment / bare segmentation:                 {best_model / best_seg:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    args = parser.parse_args()
    t = time.perf_counter()
    model = SentimentModel.load()
    print(f"model loaded in {time.perf_counter() - t:.2f} s")
    quality(model, SentimentModel.load(rules_only=True))
    speed(model, args.docs)


if __name__ == "__main__":
    main()
