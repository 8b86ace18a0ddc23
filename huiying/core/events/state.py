"""The mutable state of one event and of one item inside the clusterer."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TypeVar

from huiying.core.events.lexicon import Level
from huiying.core.events.model import Event
from huiying.core.events.terms import CONCEPT_MARK, PLACE_MARK
from huiying.core.events.vectors import Vector, add_into, dot, norm, prune

_HOUR = 3600
K = TypeVar("K", str, int)


class ItemRecord:
    """What the clusterer remembers of an item: enough to move it between events.
    `vector` is dropped for old items (see EventParams.keep_vectors)."""

    __slots__ = (
        "event",
        "key",
        "negative",
        "pinned",
        "places",
        "problems",
        "source",
        "title",
        "ts",
        "vector",
    )

    def __init__(
        self,
        key: str,
        event: int,
        ts: float,
        source: str,
        negative: bool,
        title: str,
        vector: Vector | None,
        places: dict[str, Level],
        problems: frozenset[str],
    ) -> None:
        self.key = key
        self.event = event
        self.ts = ts
        self.source = source
        self.negative = negative
        self.title = title
        self.vector = vector
        self.places = places
        self.problems = problems
        self.pinned = False  # placed by a person


class EventState:
    """Centroid (sum of member vectors, bounded), place and problem counts, and figures."""

    __slots__ = (
        "_core",
        "alias_of",
        "apart",
        "centroid",
        "first_ts",
        "hourly",
        "index",
        "last_seq",
        "last_ts",
        "members",
        "negatives",
        "norm",
        "place_levels",
        "places",
        "posted",
        "problems",
        "sources",
        "title",
        "title_item",
        "title_vector",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.centroid: Vector = {}
        self.norm = 0.0
        self.places: dict[str, int] = {}
        self.problems: dict[str, int] = {}
        self.members: list[str] = []
        self.sources: dict[str, int] = {}
        self.hourly: dict[int, int] = {}
        self.negatives = 0
        self.first_ts = float("inf")
        self.last_ts = float("-inf")
        self.last_seq = 0  # arrival number of its latest item
        self.title = ""
        self.title_item = ""
        self.title_vector: Vector | None = None
        self.posted: set[str] = set()
        self.alias_of: int | None = None
        self.apart: set[int] = set()
        self.place_levels: dict[str, Level] = {}
        self._core: tuple[dict[Level, set[str]], set[str]] | None = None  # cached

    @property
    def alive(self) -> bool:
        return self.alias_of is None and bool(self.members)

    def similarity(self, vector: Vector) -> float:
        return dot(vector, self.centroid) / self.norm if self.norm else 0.0

    def core_places(self, share: float) -> dict[Level, set[str]]:
        """Places named by at least `share` of the items (at least once), by level."""
        if self._core is None:
            self._refresh_core(share)
        assert self._core is not None
        return self._core[0]

    def core_problems(self, share: float) -> set[str]:
        """Problem concepts named by at least `share` of the items."""
        if self._core is None:
            self._refresh_core(share)
        assert self._core is not None
        return self._core[1]

    def places_at(self, level: Level) -> set[str]:
        """Every place of this level that any of its items named."""
        levels = self.place_levels
        return {k for k in self.places if levels[k] == level}

    def _refresh_core(self, share: float) -> None:
        least = max(1.0, share * len(self.members))
        by_level: dict[Level, set[str]] = {}
        for key, count in self.places.items():
            if count >= least:
                by_level.setdefault(self.place_levels[key], set()).add(key)
        problems = {k for k, c in self.problems.items() if c >= least}
        self._core = (by_level, problems)

    def add(self, record: ItemRecord, vector: Vector | None, keep_terms: int) -> None:
        self.members.append(record.key)
        self._count(record, +1)
        if vector is not None:
            # |c + v|² = |c|² + 2 c·v + |v|²: no pass over the whole centroid per item.
            square = self.norm * self.norm + 2.0 * dot(vector, self.centroid) + dot(vector, vector)
            add_into(self.centroid, vector)
            if len(self.centroid) > 2 * keep_terms:
                self.centroid = prune(self.centroid, keep_terms)
                self.norm = norm(self.centroid)
            else:
                self.norm = math.sqrt(max(square, 0.0))
        self.first_ts = min(self.first_ts, record.ts)
        self.last_ts = max(self.last_ts, record.ts)

    def remove(self, record: ItemRecord) -> None:
        self.members.remove(record.key)
        self._count(record, -1)
        if record.vector is not None:
            add_into(self.centroid, record.vector, -1.0)
            self.centroid = {t: w for t, w in self.centroid.items() if w > 1e-9}
            self.norm = norm(self.centroid)

    def absorb(self, other: EventState, keep_terms: int) -> None:
        self.members.extend(other.members)
        add_into(self.centroid, other.centroid)
        self.centroid = prune(self.centroid, keep_terms)
        self.norm = norm(self.centroid)
        for mine, theirs in (
            (self.places, other.places),
            (self.problems, other.problems),
            (self.sources, other.sources),
        ):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        for hour, count in other.hourly.items():
            self.hourly[hour] = self.hourly.get(hour, 0) + count
        self.negatives += other.negatives
        self.place_levels.update(other.place_levels)
        self._core = None
        self.last_seq = max(self.last_seq, other.last_seq)
        self.first_ts = min(self.first_ts, other.first_ts)
        self.last_ts = max(self.last_ts, other.last_ts)

    def _count(self, record: ItemRecord, sign: int) -> None:
        self._core = None
        self.place_levels.update(record.places)
        for table, keys in ((self.places, record.places), (self.problems, record.problems)):
            for key in keys:
                _bump(table, key, sign)
        _bump(self.sources, record.source, sign)
        _bump(self.hourly, int(record.ts // _HOUR) * _HOUR, sign)
        self.negatives += sign * record.negative

    def snapshot(self, event_id: str, timed: bool) -> Event:
        ranked = sorted(self.centroid, key=self.centroid.__getitem__, reverse=True)
        keywords = [t.lstrip(PLACE_MARK) for t in ranked if not t.startswith(CONCEPT_MARK)]
        unique = list(dict.fromkeys(keywords))
        places = sorted(self.places, key=lambda p: (-self.places[p], p))
        return Event(
            id=event_id,
            title=self.title,
            title_item=self.title_item,
            keywords=tuple(unique[:8]),
            places=tuple(places[:5]),
            first_seen=_time(self.first_ts) if timed else None,
            last_seen=_time(self.last_ts) if timed else None,
            items=len(self.members),
            sources=tuple(sorted(s for s in self.sources if s)),
            negative=self.negatives,
            hourly=dict(sorted(self.hourly.items())) if timed else {},
        )


def _bump(table: dict[K, int], key: K, sign: int) -> None:
    count = table.get(key, 0) + sign
    if count > 0:
        table[key] = count
    else:
        table.pop(key, None)


def _time(ts: float) -> datetime | None:
    if ts in (float("inf"), float("-inf")):
        return None
    return datetime.fromtimestamp(ts, tz=UTC)
