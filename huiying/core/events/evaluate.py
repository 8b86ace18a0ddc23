"""Pairwise precision, recall and F1 of a grouping against labelled truth.

Over all pairs of items: a pair is predicted together when both got the same event, and
truly together when both carry the same label. Counted from the contingency table, so
it is linear in the number of items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> PairScores:
    if len(truth) != len(predicted):
        raise ValueError("truth and predicted differ in length")
    both = sum(_pairs(n) for n in Counter(zip(truth, predicted, strict=True)).values())
    true_pairs = sum(_pairs(n) for n in Counter(truth).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted).values())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, true_pairs, predicted_pairs, both)
