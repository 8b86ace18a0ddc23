"""Sparse term vectors with inverse document frequencies learnt as items arrive.

A vector is a dict term → weight. An item's weight for a term is (1 + ln count) × idf,
scaled to unit length; idf is taken when the item arrives (single pass: nothing is
re-weighted later), smoothed as ln((1 + n) / (1 + df)) + 1, so early items — when every
term is still rare — are compared on plain term frequencies.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat
from operator import mul

Vector = dict[str, float]
# ln(1 + df) for df up to _LOGS; terms in more items than that all count as that common.
_LOGS = 1 << 16
_LOG1P = tuple(math.log1p(k) for k in range(_LOGS + 1))


class DocumentFrequencies:
    """How many items contained each term; `n` items in all."""

    __slots__ = ("df", "n")

    def __init__(self) -> None:
        self.n = 0
        self.df: Counter[str] = Counter()

    def add(self, terms: Iterable[str]) -> None:
        """Count one item containing these (distinct) terms (not a mapping: a Counter
        would add a mapping's values)."""
        self.n += 1
        self.df.update(iter(terms))

    def idf(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0

    def share(self, term: str) -> float:
        """Share of items that contain `term`."""
        return self.df.get(term, 0) / self.n if self.n else 0.0


def weigh(counts: Mapping[str, float], df: DocumentFrequencies, keep: int = 0) -> Vector:
    """Unit-length tf-idf vector of weighted term counts; with `keep`, of the `keep`
    heaviest terms only (a long text's tail of rare words costs time and says little
    about its matter)."""
    log, table = math.log, df.df
    base = log(1 + df.n) + 1.0
    logs = _LOG1P
    vector = {
        term: (1.0 + log(c) if c > 1.0 else c) * (base - logs[min(table.get(term, 0), _LOGS)])
        for term, c in counts.items()
    }
    if keep and len(vector) > keep:
        vector = {t: vector[t] for t in sorted(vector, key=vector.__getitem__, reverse=True)[:keep]}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    if norm:
        inv = 1.0 / norm
        for term in vector:
            vector[term] *= inv
    return vector


def dot(small: Mapping[str, float], large: Mapping[str, float]) -> float:
    """Dot product; iterate over the smaller vector."""
    if len(small) > len(large):
        small, large = large, small
    # map() instead of a generator: no Python frame per term, about twice as fast.
    return float(sum(map(mul, small.values(), map(large.get, small.keys(), repeat(0.0)))))


def norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def top_terms(vector: Mapping[str, float], k: int) -> list[str]:
    return sorted(vector, key=vector.__getitem__, reverse=True)[:k]


def add_into(target: Vector, vector: Mapping[str, float], scale: float = 1.0) -> None:
    for term, w in vector.items():
        target[term] = target.get(term, 0.0) + scale * w


def prune(vector: Vector, keep: int) -> Vector:
    """The `keep` heaviest terms (a centroid's size stays bounded)."""
    if len(vector) <= keep:
        return vector
    return {t: vector[t] for t in top_terms(vector, keep)}
