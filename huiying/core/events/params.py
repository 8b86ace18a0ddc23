"""The knobs of event grouping, with the values docs/events.md explains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class EventParams:
    threshold: float = 0.30  # score an item needs to join an event
    place_bonus: float = 0.15  # both name the same place
    problem_bonus: float = 0.05  # both name the same problem concept
    problem_penalty: float = 0.50  # both name problems, none the same
    core_share: float = 0.2  # an event's places/problems: those in this share of its items
    generic_place_share: float = 0.05  # a place in more items than this share is generic …
    generic_place_min: int = 50  # … once it is in at least this many items
    diverse_places: int = 2  # an event naming this many places, none core, has no place
    window: timedelta = timedelta(days=30)  # events idle longer take no new items
    window_items: int = 500_000  # … nor events idle for this many arrivals
    item_terms: int = 40  # heaviest terms of an item that are compared
    centroid_terms: int = 64  # terms an event's centroid keeps
    index_terms: int = 12  # heaviest centroid terms an event posts to the index
    query_terms: int = 10  # heaviest item terms looked up
    max_candidates: int = 8  # events scored in full per item
    max_postings: int = 100  # most recently active events read from one posting list
    keep_vectors: int = 100_000  # items whose vectors are kept for corrections
    title_margin: float = 0.05  # how much closer to the centroid a new title must be
    prefix: str = "e"  # event ids are prefix + number
