"""An event's figures at a given moment, and its heat index (热度).

    volume    V = ln(1 + items)
    velocity  R = ln(1 + items per hour now)
    spread    S = ln(1 + distinct sources)
    raw       = (V + 2·R + S) × (1 + 0.5 × negative share)
    decay     D = 0.5 ^ (hours since the last item / 24)
    heat      = 100 × (1 − e^(−raw × D / 10)),  0 ≤ heat < 100

Items per hour now is the number of items in the current and the two previous clock
hours, divided by three; its trend is that rate minus the rate of the three hours
before. Logarithms keep one huge event from flattening the rest of the list; velocity
counts double because a growing event needs attention before a large, finished one;
negativity raises heat by up to half; an event nobody writes about halves its heat
every day. Examples (all at their last item): one item from one source ≈ 18; 20 items,
3 an hour, 5 sources, 40 % negative ≈ 60; 200 items, 30 an hour, 12 sources, 60 %
negative ≈ 85. The same formula is in docs/events.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from huiying.core.events.model import Event

_HOUR = 3600
RATE_HOURS = 3
HALF_LIFE_HOURS = 24.0
SCALE = 10.0


@dataclass(frozen=True)
class EventFigures:
    items: int
    sources: int
    per_hour: float  # items per hour now
    trend: float  # change of per_hour against the three hours before
    negative_share: float
    heat: float


def _rate(hourly: dict[int, int], last_hour: int) -> float:
    first = last_hour - (RATE_HOURS - 1) * _HOUR
    return sum(hourly.get(h, 0) for h in range(first, last_hour + 1, _HOUR)) / RATE_HOURS


def heat_index(
    items: int, sources: int, per_hour: float, negative_share: float, idle_hours: float
) -> float:
    """The heat formula on plain numbers (see the module docstring)."""
    if items <= 0:
        return 0.0
    raw = math.log1p(items) + 2.0 * math.log1p(max(per_hour, 0.0)) + math.log1p(sources)
    raw *= 1.0 + 0.5 * min(max(negative_share, 0.0), 1.0)
    decay = 0.5 ** (max(idle_hours, 0.0) / HALF_LIFE_HOURS)
    return 100.0 * (1.0 - math.exp(-raw * decay / SCALE))


def figures(event: Event, now: datetime) -> EventFigures:
    """An event's figures as of `now` (aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    hour = int(now.timestamp() // _HOUR) * _HOUR
    per_hour = _rate(event.hourly, hour)
    before = _rate(event.hourly, hour - RATE_HOURS * _HOUR)
    idle = (now - event.last_seen).total_seconds() / _HOUR if event.last_seen else 0.0
    sources = len(event.sources)
    return EventFigures(
        items=event.items,
        sources=sources,
        per_hour=per_hour,
        trend=per_hour - before,
        negative_share=event.negative_share,
        heat=heat_index(event.items, sources, per_hour, event.negative_share, idle),
    )


def heat(event: Event, now: datetime) -> float:
    """The event's heat index (热度) at `now`, in [0, 100)."""
    return figures(event, now).heat
