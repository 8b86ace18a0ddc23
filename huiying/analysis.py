"""The pipeline stages that run on items right after they are stored, inside the same
transaction, so an item's rule matches (and later its event and sentiment) are known the
moment it is visible. One place lists them, in pipeline order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any


def after_store(source: Any, items: Sequence[Any], *, now: datetime) -> None:
    from huiying.alerts.services import evaluate_events
    from huiying.complaints.services import ingest_complaint_items
    from huiying.events.models import Event
    from huiying.events.services import group_new_items, score_sentiment
    from huiying.watch.services import match_new_items

    score_sentiment(items)  # first: grouping counts each event's negative items
    placed = group_new_items(items, now=now)
    match_new_items(list(items), now=now)
    # Last: tiers and alerts read the figures and the rule matches (for who is told).
    evaluate_events(Event.objects.filter(pk__in=set(placed.values())), now)
    if source.kind == "complaints_import":
        ingest_complaint_items(list(items), now=now)
