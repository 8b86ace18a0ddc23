"""Incremental event grouping: each new item joins an existing event or opens one.

How an item finds its event (single pass; history is never re-clustered, so an event
never changes its id or dissolves because of a new item):

1. A near-duplicate joins the event its family's first item is in now (after any
   correction), unless the two name different places — a template message with another
   place filled in is another matter.
2. Otherwise, candidates come from an inverted index: each live event posts its
   heaviest terms; the item looks up its own heaviest terms. Events whose last item is
   older than the window (`window`, `window_items`) are not candidates.
3. Each candidate is scored: cosine similarity of the item's tf-idf vector to the
   event's centroid, plus a bonus when both name the same place and when both name the
   same problem concept, minus a penalty when both name problems and share none. When
   both name places and share none at the most specific level both have (site, then
   town, then district), the candidate is excluded outright: the same problem at
   another place is another matter. So is an event whose items name several places,
   none of them often (a topic many places share), for an item at yet another place.
   Cities, organisations and places that occur in too many items are not used for this.
4. The best candidate at or above `threshold` takes the item; otherwise a new event
   opens, with the next id (e1, e2, …).

Corrections (`Merge`, `Split`, `Move`) are applied with `apply` and kept: nothing
automatic moves an item afterwards, split-off items stay apart, and later
near-duplicates follow the item they copy wherever a person put it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import chain, islice

from huiying.core.events.lexicon import Level
from huiying.core.events.model import Correction, Event, EventItem, Merge, Move, Split
from huiying.core.events.params import EventParams
from huiying.core.events.places import same_place
from huiying.core.events.state import EventState, ItemRecord
from huiying.core.events.terms import PLACE_MARK, Terms
from huiying.core.events.vectors import DocumentFrequencies, Vector, top_terms, weigh

# Most specific first. Organisations (供水公司) are named by many matters, and a whole
# batch often lies in one city: neither tells matters apart.
_VETO_LEVELS: tuple[Level, ...] = ("site", "town", "district")


class EventClusterer:
    """Groups items into events as they arrive. Not thread-safe: one writer."""

    def __init__(self, params: EventParams | None = None) -> None:
        self.params = params or EventParams()
        self.df = DocumentFrequencies()
        self._events: list[EventState] = []
        self._items: dict[str, ItemRecord] = {}
        self._postings: dict[str, dict[int, None]] = {}
        self._place_levels: dict[str, Level] = {}
        self._recent_vectors: list[str] = []  # keys whose record holds a vector, oldest first
        self._vector_start = 0
        self._clock = float("-inf")
        self._timed = False
        self._seq = 0

    # -- public -------------------------------------------------------------------------

    def add(self, item: EventItem) -> str:
        """Assign a new item to an event; its event id."""
        if item.key in self._items:
            raise ValueError(f"item {item.key!r} was already added")
        if item.at is not None:
            if item.at.tzinfo is None:
                raise ValueError("EventItem.at must be an aware datetime")
            ts = item.at.timestamp()
            self._clock = max(self._clock, ts)
            self._timed = True
        else:
            ts = self._clock if self._timed else 0.0
        self._seq += 1
        terms = item.terms
        self.df.add(terms.counts.keys())
        vector = weigh(terms.counts, self.df, self.params.item_terms)
        named = self._places_of(terms)
        places = self._distinct_places(named)

        event = self._family_event(item, places)
        if event is None:
            event = self._best_event(vector, places, terms.problems)
        if event is None:
            event = self._open()
        record = ItemRecord(
            key=item.key,
            event=event.index,
            ts=ts,
            source=item.source,
            negative=item.negative,
            title=item.title[:120],
            vector=vector,
            places=named,
            problems=terms.problems,
        )
        self._items[item.key] = record
        self._remember_vector(item.key)
        self._join(event, record, vector, is_copy=item.family is not None)
        return self._id(event.index)

    def apply(self, correction: Correction) -> str:
        """Apply a person's correction; the id of the event the items are now in."""
        if isinstance(correction, Merge):
            into, other = self._state(correction.into), self._state(correction.other)
            if into is not other:
                for key in other.members:
                    self._items[key].event = into.index
                into.absorb(other, self.params.centroid_terms)
                other.alias_of = into.index
                other.members = []
                self._post(into)
            return self._id(into.index)
        if isinstance(correction, Split):
            records = [self._items[key] for key in correction.items]
            new = self._open()
            for record in records:
                old = self._events[record.event]
                old.apart.add(new.index)
                new.apart.add(old.index)
                self._relocate(record, new)
            return self._id(new.index)
        if isinstance(correction, Move):
            record = self._items[correction.item]
            target = self._state(correction.to)
            if record.event != target.index:
                self._relocate(record, target)
            return self._id(target.index)
        raise TypeError(f"not a correction: {correction!r}")

    def event_of(self, key: str) -> str:
        return self._id(self._items[key].event)

    def event(self, event_id: str) -> Event | None:
        """Snapshot of a live event (a merged-away id gives the event it joined)."""
        try:
            state = self._state(event_id)
        except KeyError:
            return None
        return state.snapshot(self._id(state.index), self._timed) if state.alive else None

    def events(self) -> Iterator[Event]:
        for state in self._events:
            if state.alive:
                yield state.snapshot(self._id(state.index), self._timed)

    def is_pinned(self, key: str) -> bool:
        return self._items[key].pinned

    def apart(self, event_id: str) -> set[str]:
        """Events that a person split off from this one (or it from them)."""
        return {self._id(i) for i in self._state(event_id).apart}

    def __len__(self) -> int:
        return len(self._items)

    # -- assignment -------------------------------------------------------------------

    def _family_event(self, item: EventItem, places: dict[Level, set[str]]) -> EventState | None:
        if item.family is None:
            return None
        record = self._items.get(item.family)
        if record is None:
            return None
        event = self._events[self._resolve(record.event)]
        if not event.alive:
            return None
        theirs = self._distinct_places(record.places)
        mine, other = places.get("site"), theirs.get("site")
        if mine and other and not same_place(mine, other):
            return None
        return event

    def _best_event(
        self, vector: Vector, places: dict[Level, set[str]], problems: frozenset[str]
    ) -> EventState | None:
        p = self.params
        best: EventState | None = None
        best_score = p.threshold
        reach = p.place_bonus + p.problem_bonus  # the most the checks can add
        for event in self._candidates(vector):
            similarity = event.similarity(vector)
            if similarity + reach < best_score:
                continue
            score = self._score(event, similarity, places, problems)
            if score is not None and score >= best_score:
                best, best_score = event, score
        return best

    def _score(
        self,
        event: EventState,
        similarity: float,
        places: dict[Level, set[str]],
        problems: frozenset[str],
    ) -> float | None:
        """The calibrated score (None: the event names other places)."""
        p = self.params
        score = similarity
        if places:
            core = event.core_places(p.core_share)
            for level in _VETO_LEVELS:
                mine = places.get(level)
                if not mine:
                    continue
                theirs = core.get(level)
                if theirs:
                    if not same_place(mine, theirs):
                        return None
                    score += p.place_bonus
                    break
                named = event.places_at(level)
                if len(named) >= p.diverse_places and not same_place(mine, named):
                    # An event whose items name several places, none of them often (a
                    # topic that many places share): an item at yet another place is
                    # another matter, not one more piece of that topic.
                    return None
        if problems and event.problems:
            core_problems = event.core_problems(p.core_share)
            if core_problems:
                if problems.isdisjoint(core_problems):
                    score -= p.problem_penalty
                else:
                    score += p.problem_bonus
        return score

    def _candidates(self, vector: Vector) -> list[EventState]:
        """Open events sharing the most of the item's heaviest terms (counted in C:
        this runs for every item over up to query_terms × max_postings entries)."""
        p = self.params
        postings, events = self._postings, self._events
        terms = [t for t in top_terms(vector, p.query_terms) if t in postings]
        shared = Counter(
            chain.from_iterable(islice(reversed(postings[t]), p.max_postings) for t in terms)
        )
        oldest_ts = self._clock - p.window.total_seconds()
        oldest_seq = self._seq - p.window_items
        found: list[EventState] = []
        for index, _ in shared.most_common():
            event = events[index]
            if (
                event.alias_of is not None
                or not event.members
                or event.last_ts < oldest_ts
                or event.last_seq < oldest_seq
            ):
                for term in terms:  # closed for good: stop finding it
                    if postings[term].pop(index, 0) is None:
                        event.posted.discard(term)
                continue
            found.append(event)
            if len(found) == p.max_candidates:
                break
        return found

    # -- bookkeeping --------------------------------------------------------------------

    def _places_of(self, terms: Terms) -> dict[str, Level]:
        """The places an item names: those its terms found, and words that earlier items
        named as places (东方红 after 东方红小区, when jieba cut the name differently)."""
        known = self._place_levels
        places = dict(terms.places)
        for key, level in terms.places.items():
            known.setdefault(key, level)
        for word in terms.counts:
            seen = known.get(word)
            if seen is not None and word not in places:
                places[word] = seen
        return places

    def _distinct_places(self, places: dict[str, Level]) -> dict[Level, set[str]]:
        """Places by level, leaving out generic ones (named in too many items)."""
        p = self.params
        limit = max(p.generic_place_min, p.generic_place_share * self.df.n)
        by_level: dict[Level, set[str]] = {}
        df = self.df.df
        for key, level in places.items():
            if df.get(PLACE_MARK + key, 0) <= limit:
                by_level.setdefault(level, set()).add(key)
        return by_level

    def _open(self) -> EventState:
        state = EventState(len(self._events))
        self._events.append(state)
        return state

    def _join(
        self, event: EventState, record: ItemRecord, vector: Vector, *, is_copy: bool
    ) -> None:
        event.add(record, vector, self.params.centroid_terms)
        event.last_seq = self._seq
        if not event.title_item:
            event.title, event.title_item, event.title_vector = record.title, record.key, vector
        elif not is_copy and event.title_vector is not None:
            mine = event.similarity(vector)
            current = event.similarity(event.title_vector)
            if mine > current + self.params.title_margin:
                event.title, event.title_item, event.title_vector = record.title, record.key, vector
        # A large event's heaviest terms change slowly: refresh its postings now and then.
        size = len(event.members)
        if size <= 8 or size % 4 == 0:
            self._post(event)

    def _relocate(self, record: ItemRecord, target: EventState) -> None:
        old = self._events[record.event]
        old.remove(record)
        if old.title_item == record.key:
            self._retitle(old)
        record.event = target.index
        record.pinned = True
        target.add(record, record.vector, self.params.centroid_terms)
        target.last_seq = max(target.last_seq, old.last_seq)
        if not target.title_item or target.title_item not in target.members:
            self._retitle(target)
        self._post(old)
        self._post(target)

    def _retitle(self, event: EventState) -> None:
        best_key, best_score, best_vector = "", -1.0, None
        for key in event.members:
            record = self._items[key]
            score = event.similarity(record.vector) if record.vector is not None else 0.0
            if score > best_score:
                best_key, best_score, best_vector = key, score, record.vector
        event.title_item = best_key
        event.title = self._items[best_key].title if best_key else ""
        event.title_vector = best_vector

    def _post(self, event: EventState) -> None:
        """Post the event's heaviest terms, most recently touched last in each list."""
        if not event.alive:
            return
        postings = self._postings
        for term in top_terms(event.centroid, self.params.index_terms):
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = {}
            else:
                posting.pop(event.index, None)
            posting[event.index] = None
            event.posted.add(term)

    def _remember_vector(self, key: str) -> None:
        self._recent_vectors.append(key)
        if len(self._recent_vectors) - self._vector_start > self.params.keep_vectors:
            old = self._items.get(self._recent_vectors[self._vector_start])
            if old is not None:
                old.vector = None
            self._vector_start += 1
            if self._vector_start > 65536:
                del self._recent_vectors[: self._vector_start]
                self._vector_start = 0

    def _resolve(self, index: int) -> int:
        while (alias := self._events[index].alias_of) is not None:
            index = alias
        return index

    def _state(self, event_id: str) -> EventState:
        prefix = self.params.prefix
        if not event_id.startswith(prefix) or not event_id[len(prefix) :].isdigit():
            raise KeyError(event_id)
        index = int(event_id[len(prefix) :]) - 1
        if not 0 <= index < len(self._events):
            raise KeyError(event_id)
        return self._events[self._resolve(index)]

    def _id(self, index: int) -> str:
        return f"{self.params.prefix}{index + 1}"
