"""Per-item sentiment (正面 / 负面 / 中性 and a score in [-1, 1]), scored when stored."""

from __future__ import annotations

from collections.abc import Sequence

from huiying.core.sentiment import Sentiment, SentimentModel
from huiying.events.rows import update_rows
from huiying.items.models import Item


def score_text(title: str, text: str) -> Sentiment:
    """Title and text together, as the batch command scores them."""
    # SentimentModel.load() is cached per process: the lexicon is read once.
    return SentimentModel.load().score(f"{title}\n{text}" if title else text)


def score_items(items: Sequence[Item]) -> None:
    """Score stored items and save the two fields (one bulk update). Runs inside the
    caller's transaction."""
    for item in items:
        mood = score_text(item.title, item.text)
        item.sentiment_label = mood.label
        item.sentiment_score = float(mood.score)
    update_rows(Item, items, ["sentiment_label", "sentiment_score"])
