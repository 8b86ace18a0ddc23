"""Macro-F1 and the labelled-set reader shared by the tests, the benchmark and training."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    label: str
    split: str
    origin: str
    script: str


def read_labelled(path: Path, splits: Iterable[str] = ("train", "dev", "test")) -> list[Labelled]:
    wanted = set(splits)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = Labelled(**json.loads(line))
            if row.split in wanted:
                rows.append(row)
    return rows


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Mean F1 over `labels`. A prediction outside `labels` (neu on a pos/neg set)
    is simply wrong: it lowers recall of the gold class and helps no class."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)
