"""Offline Chinese sentiment for every item: a label (pos/neg/neu) and a score in [-1, 1].

    model = SentimentModel.load()
    model.score("恳请有关部门尽快解决") -> Sentiment(label="neg", score=-0.8…)

Pure Python (no Django); the lexicon and weights ship under `data/`. See docs/sentiment.md.
"""

from huiying.core.sentiment.features import Evidence
from huiying.core.sentiment.model import Sentiment, SentimentModel

__all__ = ["Evidence", "Sentiment", "SentimentModel"]
