"""Incremental event grouping (事件聚合): items about one concrete matter become one event.

    extractor = TermExtractor(segmenter)
    clusterer = EventClusterer()
    event_id = clusterer.add(EventItem(key, extractor.extract(folded_title, folded_text), …))
    clusterer.apply(Move(item=key, to="e7"))      # a person's correction, kept from then on
    heat(clusterer.event("e7"), now)              # 热度, documented in docs/events.md

How grouping decides is described in cluster.py and docs/events.md.
"""

from huiying.core.events.cluster import EventClusterer
from huiying.core.events.evaluate import PairScores, pairwise_scores
from huiying.core.events.heat import EventFigures, figures, heat
from huiying.core.events.model import (
    Correction,
    Event,
    EventItem,
    Merge,
    Move,
    Split,
    correction_from_dict,
    correction_to_dict,
)
from huiying.core.events.params import EventParams
from huiying.core.events.terms import TermExtractor, Terms

__all__ = [
    "Correction",
    "Event",
    "EventClusterer",
    "EventFigures",
    "EventItem",
    "EventParams",
    "Merge",
    "Move",
    "PairScores",
    "Split",
    "TermExtractor",
    "Terms",
    "correction_from_dict",
    "correction_to_dict",
    "figures",
    "heat",
    "pairwise_scores",
]
