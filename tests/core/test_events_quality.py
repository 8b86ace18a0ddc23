"""Event grouping quality on labelled data: pairwise precision, recall and F1.

Labelled sets (tests/fixtures/events/): hand-written and templated citizen messages and
local news, one label per concrete matter (place + problem), and a held-out set written
after the method was designed. The figures below are the ones reported in docs/events.md;
a test fails when a figure drops more than MARGIN below them. Runs the real batch path
(`huiying.batch.run`), near-duplicates and sentiment included.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from datetime import UTC, datetime

import pytest

from huiying.batch import run
from huiying.core.events import PairScores, pairwise_scores
from huiying.core.segment import Segmenter
from huiying.core.text import fold
from huiying.demo.corpus import generate_items
from tests.fixtures.events.labelled import LabelledItem, load

MARGIN = 0.02
REPORTED = {  # F1 as reported in docs/events.md
    "labelled": 0.926,  # handwritten.tsv + templated.tsv, 310 items
    "heldout": 0.863,  # heldout.tsv, 115 items
}


def _events(rows: Iterable[dict[str, str]]) -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    _, bad = run([json.dumps(r, ensure_ascii=False) for r in rows], out, err)
    assert bad == 0, err.getvalue()
    return [json.loads(line)["event"] for line in out.getvalue().splitlines()]


def _rows(items: list[LabelledItem]) -> list[dict[str, str]]:
    return [
        {
            "id": i.id,
            "title": i.title,
            "text": i.text,
            "source": i.source,
            "published_at": i.published_at.isoformat(),
        }
        for i in items
    ]


def _score(items: list[LabelledItem]) -> PairScores:
    return pairwise_scores([i.label for i in items], _events(_rows(items)))


def tfidf_single_pass(items: list[LabelledItem], threshold: float) -> list[int]:
    """The plain baseline: tf-idf of jieba words, each item joins the most similar
    centroid at or above `threshold` or opens a new one."""
    segmenter = Segmenter()
    df: dict[str, int] = {}
    centroids: list[dict[str, float]] = []
    labels = []
    for n, item in enumerate(items, 1):
        counts: dict[str, int] = {}
        for word in segmenter.words(fold(f"{item.title}\n{item.text}")):
            if not word.isdigit():
                counts[word] = counts.get(word, 0) + 1
        for word in counts:
            df[word] = df.get(word, 0) + 1
        vector = {
            w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in counts.items()
        }
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vector = {w: v / length for w, v in vector.items()}
        best, best_score = -1, threshold
        for k, centroid in enumerate(centroids):
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            score = sum(v * centroid.get(w, 0.0) for w, v in vector.items()) / norm
            if score >= best_score:
                best, best_score = k, score
        if best < 0:
            centroids.append(dict(vector))
            best = len(centroids) - 1
        else:
            for w, v in vector.items():
                centroids[best][w] = centroids[best].get(w, 0.0) + v
        labels.append(best)
    return labels


@pytest.fixture(scope="module")
def labelled() -> list[LabelledItem]:
    items = load(("handwritten.tsv", "templated.tsv"))
    assert len(items) >= 300
    assert len({i.label for i in items}) >= 80
    return items


def test_labelled_set_f1(labelled):
    scores = _score(labelled)
    assert scores.f1 >= REPORTED["labelled"] - MARGIN, scores


def test_heldout_set_f1():
    scores = _score(load(("heldout.tsv",)))
    assert scores.f1 >= REPORTED["heldout"] - MARGIN, scores


def test_better_than_plain_tfidf_at_its_best_threshold(labelled):
    ours = _score(labelled).f1
    truth = [i.label for i in labelled]
    best = max(
        pairwise_scores(truth, tfidf_single_pass(labelled, t)).f1 for t in (0.2, 0.3, 0.4, 0.5)
    )
    assert ours >= best + 0.2, (ours, best)


@pytest.mark.slow
def test_generator_better_than_plain_tfidf():
    """The demo generator changes as the demo grows, so this one is relative: on its
    ground truth (story_id) we beat plain tf-idf at that set's best threshold."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    items = [
        LabelledItem(i.id, i.story_id, i.published_at, i.source_name, i.title, i.text)
        for i in generate_items(1000, seed=7, start=start)
    ]
    ours = _score(items)
    truth = [i.label for i in items]
    best = max(pairwise_scores(truth, tfidf_single_pass(items, t)).f1 for t in (0.4, 0.5, 0.6))
    assert ours.f1 >= best + 0.05, (ours, best)
