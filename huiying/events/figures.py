"""An event's figures from the database: totals over its items and items per hour in
the last hours, fed to the heat formula of huiying.core.events.heat (docs/events.md).

The same functions serve two uses: the stored figures (all items, refreshed whenever
an event changes) and the figures a user sees, counted over the items of the sources
that user may see. Heat, items per hour now and trend depend on the moment; pages
compute them for the moment they are shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet

from huiying.core.events import Event as Snapshot
from huiying.core.events import EventFigures, figures
from huiying.core.events.heat import HALF_LIFE_HOURS, RATE_HOURS, SCALE
from huiying.events.models import Event, EventMembership

HOUR = 3600
CHUNK = 500


@dataclass(frozen=True)
class Totals:
    items: int = 0
    sources: int = 0
    negative: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def negative_share(self) -> float:
        return self.negative / self.items if self.items else 0.0


def hour_of(when: datetime) -> int:
    """Start of the clock hour (epoch seconds), as the core's hourly counts use."""
    return int(when.timestamp() // HOUR) * HOUR


def _memberships(events: Iterable[int] | QuerySet[Event], source_ids: Any) -> list[QuerySet[Any]]:
    """Membership querysets covering the events (chunked id lists, or one subquery),
    limited to items of the given sources (None: every source)."""
    base = EventMembership.objects.all()
    if source_ids is not None:
        base = base.filter(item__source_id__in=source_ids)
    if isinstance(events, QuerySet):
        return [base.filter(event__in=events)]
    ids = sorted(set(events))
    return [base.filter(event_id__in=ids[s : s + CHUNK]) for s in range(0, len(ids), CHUNK)]


def totals(events: Iterable[int] | QuerySet[Event], source_ids: Any = None) -> dict[int, Totals]:
    """Items, distinct sources, negative items, first and last item time per event."""
    found: dict[int, Totals] = {}
    for qs in _memberships(events, source_ids):
        rows = (
            qs.values("event_id")
            .annotate(
                n=Count("id"),
                neg=Count("id", filter=Q(item__sentiment_label="neg")),
                src=Count("item__source_id", distinct=True),
                first=Min("item_at"),
                last=Max("item_at"),
            )
            .values_list("event_id", "n", "src", "neg", "first", "last")
        )
        for pk, n, src, neg, first, last in rows:
            found[pk] = Totals(n, src, neg, first, last)
    return found


def recent_hourly(
    events: Iterable[int] | QuerySet[Event], now: datetime, source_ids: Any = None
) -> dict[int, dict[int, int]]:
    """Items per clock hour over the hours the rate and its trend look at."""
    since = hour_of(now) - (2 * RATE_HOURS - 1) * HOUR
    start = datetime.fromtimestamp(since, tz=now.tzinfo)
    hourly: dict[int, dict[int, int]] = {}
    for qs in _memberships(events, source_ids):
        for pk, at in qs.filter(item_at__gte=start).values_list("event_id", "item_at"):
            hours = hourly.setdefault(pk, {})
            hour = hour_of(at)
            hours[hour] = hours.get(hour, 0) + 1
    return hourly


def current(t: Totals, hourly: dict[int, int], now: datetime) -> EventFigures:
    """Figures at `now` by the core's formula (items per hour now, trend, heat)."""
    snapshot = Snapshot(
        id="",
        title="",
        title_item="",
        keywords=(),
        places=(),
        first_seen=t.first_seen,
        last_seen=t.last_seen,
        items=t.items,
        sources=tuple(str(n) for n in range(t.sources)),  # only their number counts
        negative=t.negative,
        hourly=hourly,
    )
    return figures(snapshot, now)


def stored_totals(event: Event) -> Totals:
    return Totals(
        event.item_count,
        event.source_count,
        event.negative_count,
        event.first_seen,
        event.last_seen,
    )


def figures_for(
    events: QuerySet[Event], now: datetime, source_ids: Any = None
) -> dict[int, tuple[Totals, EventFigures]]:
    """Current figures of the events, over all their items (source_ids None: from the
    stored totals) or over the items of these sources (events without any left out)."""
    if source_ids is None:
        counted = {e.pk: stored_totals(e) for e in events.only(*TOTAL_FIELDS)}
    else:
        counted = totals(events, source_ids)
    hourly = recent_hourly(events, now, source_ids)
    return {pk: (t, current(t, hourly.get(pk, {}), now)) for pk, t in counted.items()}


TOTAL_FIELDS = ("id", "item_count", "source_count", "negative_count", "first_seen", "last_seen")


def explain(t: Totals, fig: EventFigures, now: datetime) -> dict[str, float]:
    """The heat formula's parts with this event's numbers, for the event page."""
    volume = math.log1p(t.items)
    velocity = math.log1p(max(fig.per_hour, 0.0))
    spread = math.log1p(t.sources)
    boost = 1.0 + 0.5 * t.negative_share
    idle = max((now - t.last_seen).total_seconds() / HOUR, 0.0) if t.last_seen else 0.0
    decay = 0.5 ** (idle / HALF_LIFE_HOURS)
    raw = (volume + 2.0 * velocity + spread) * boost
    return {
        "volume": volume,
        "velocity": velocity,
        "spread": spread,
        "boost": boost,
        "idle": idle,
        "decay": decay,
        "raw": raw,
        "heat": 100.0 * (1.0 - math.exp(-raw * decay / SCALE)),
    }
