"""Event grouping over the database: one EventClusterer per process, kept in step with
the database, so that every process assigns a new item as if it had seen every item.

- The database is the truth. An item's event is its EventMembership, written in the
  transaction that stores the item; only a person's correction changes it.
- A process's clusterer ids (e1, e2, …) are its own. `db_of` / `local_of` map them to
  Event rows: a clusterer event takes the Event of the first item placed in it that
  already has one, so a rebuilt process reuses the stored events; a clusterer event
  holding only new items gets a new Event row.
- Before each write (inside the writer-locked transaction) `sync` replays, in item-id
  order, the items other processes stored since the last sync — each put where its
  membership says, whatever the clusterer would have chosen — and the corrections
  recorded since, in order of `after_item_id`. A new process, or one whose state may
  hold rows that were rolled back, rebuilds from the items of the last
  HUIYING_EVENTS_REPLAY_DAYS days (default 14).
- Rolled back writes are detected, not assumed away: the items and corrections this
  process wrote are remembered until their transaction commits (on_commit); if any of
  them is missing from the database at the next sync, the state is rebuilt.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, QuerySet

from huiying.core.events import (
    Event as Snapshot,
)
from huiying.core.events import (
    EventClusterer,
    EventItem,
    EventParams,
    Merge,
    Move,
    Split,
    TermExtractor,
    correction_from_dict,
)
from huiying.core.text import fold
from huiying.events.models import EventCorrection, EventMembership, item_time
from huiying.events.sentiment import score_text
from huiying.items.models import Item

log = logging.getLogger(__name__)

DEFAULT_REPLAY_DAYS = 14
CHUNK = 500  # ids per IN (...) list
_REPLAY_FIELDS = (
    "id",
    "title",
    "text",
    "source_id",
    "published_at",
    "fetched_at",
    "dup_of_id",
    "sentiment_label",
    "event_membership__event_id",
)


@dataclass(frozen=True)
class Orphan:
    """A replayed item that had no event (stored before events existed): scored and
    placed by the replay; the caller stores its sentiment and membership."""

    item_id: int
    at: datetime
    label: str
    score: float


class GroupingContext:
    """Per-process grouping state. Use it only inside `writing()`, in a transaction
    that holds the writer lock (huiying.items.ingest)."""

    def __init__(
        self,
        terms: TermExtractor,
        *,
        replay_days: int = DEFAULT_REPLAY_DAYS,
        params: EventParams | None = None,
    ) -> None:
        self.terms = terms
        self.replay_days = replay_days
        self.params = params
        self.lock = threading.RLock()
        self.generation = 0
        self.rebuilds = 0
        self._reset()

    def _reset(self) -> None:
        self.generation += 1
        # A new token per state: the new clusterer's ids start again at e1.
        self.token = secrets.token_hex(4)
        self.clusterer: EventClusterer | None = None
        self.last_item_id = 0
        self.last_correction_id = 0
        self.db_of: dict[str, int] = {}  # clusterer event id → Event.pk
        self.local_of: dict[int, str] = {}  # Event.pk → clusterer event id
        self._written: set[int] = set()  # items placed here whose commit is not yet seen
        self._corrections: dict[int, tuple[str, int]] = {}  # likewise corrections

    def invalidate(self) -> None:
        with self.lock:
            self._reset()

    @contextmanager
    def writing(self) -> Iterator[GroupingContext]:
        """Hold the lock; a failure inside forgets the in-memory state, because the
        transaction will roll back what it was built from."""
        with self.lock:
            try:
                yield self
            except BaseException:
                self._reset()
                raise

    # -- keeping in step with the database ----------------------------------------------

    def sync(self, *, now: datetime, exclude: Collection[int] = ()) -> list[Orphan]:
        """Bring the clusterer up to date with the database. `exclude`: the items being
        stored right now (already inserted, not yet placed)."""
        if self.clusterer is not None and not self._still_stored():
            log.warning("event grouping state held rolled-back rows; rebuilding")
            self._reset()
        items = Item.objects.exclude(id__in=list(exclude))
        watermark = items.aggregate(m=Max("id"))["m"] or 0
        last_correction = EventCorrection.objects.aggregate(m=Max("id"))["m"] or 0
        if self.clusterer is None:
            self.rebuilds += 1
            self.clusterer = EventClusterer(self.params)
            since = now - timedelta(days=self.replay_days)
            first = Item.objects.filter(fetched_at__gte=since).aggregate(m=Min("id"))["m"]
            first = watermark + 1 if first is None else first
            items = items.filter(id__gte=first, id__lte=watermark)
            corrections = EventCorrection.objects.filter(
                after_item_id__gte=first, id__lte=last_correction
            )
        else:
            items = items.filter(id__gt=self.last_item_id, id__lte=watermark)
            corrections = EventCorrection.objects.filter(
                id__gt=self.last_correction_id, id__lte=last_correction
            )
        orphans = self._replay(items, list(corrections.order_by("after_item_id", "id")))
        self.last_item_id = max(self.last_item_id, watermark)
        self.last_correction_id = max(self.last_correction_id, last_correction)
        return orphans

    def _still_stored(self) -> bool:
        """Whether everything this process wrote is still in the database (not rolled
        back). Ids alone are not proof: SQLite hands a rolled-back id out again."""
        written = list(self._written)
        found = 0
        for start in range(0, len(written), CHUNK):
            found += EventMembership.objects.filter(
                item_id__in=written[start : start + CHUNK]
            ).count()
        if found != len(written):
            return False
        if self._corrections:
            stored = {
                pk: (kind, after)
                for pk, kind, after in EventCorrection.objects.filter(
                    id__in=list(self._corrections)
                ).values_list("id", "kind", "after_item_id")
            }
            if stored != self._corrections:
                return False
        return True

    def wrote(
        self, item_ids: Iterable[int] = (), correction: EventCorrection | None = None
    ) -> None:
        """Remember what this process wrote until its transaction commits."""
        ids = set(item_ids)
        self._written |= ids
        if ids:
            self.last_item_id = max(self.last_item_id, max(ids))
        cid = None
        if correction is not None:
            cid = correction.pk
            self._corrections[cid] = (correction.kind, correction.after_item_id)
            self.last_correction_id = max(self.last_correction_id, cid)
        generation = self.generation
        transaction.on_commit(lambda: self._confirm(generation, ids, cid))

    def _confirm(self, generation: int, ids: set[int], cid: int | None) -> None:
        with self.lock:
            if self.generation == generation:
                self._written -= ids
                if cid is not None:
                    self._corrections.pop(cid, None)

    def _replay(self, items: QuerySet[Item], corrections: list[EventCorrection]) -> list[Orphan]:
        orphans: list[Orphan] = []
        pending = iter(corrections)
        correction = next(pending, None)
        rows = items.order_by("id").values_list(*_REPLAY_FIELDS)
        for (
            pk,
            title,
            text,
            source_id,
            published,
            fetched,
            dup_of,
            label,
            event_id,
        ) in rows.iterator(chunk_size=2000):
            while correction is not None and correction.after_item_id < pk:
                self.replay_correction(correction)
                correction = next(pending, None)
            at = item_time(published, fetched)
            if event_id is None:
                mood = score_text(title, text)
                label = mood.label
                orphans.append(Orphan(pk, at, mood.label, float(mood.score)))
            local = self.add(pk, title, text, source_id, at, dup_of, label == "neg")
            if event_id is not None:
                self.place(str(pk), local, event_id)
        while correction is not None:
            self.replay_correction(correction)
            correction = next(pending, None)
        return orphans

    # -- the clusterer ------------------------------------------------------------------

    def add(
        self,
        pk: int,
        title: str,
        text: str,
        source_id: int,
        at: datetime,
        dup_of: int | None,
        negative: bool,
    ) -> str:
        """Let the clusterer place one item; its clusterer event id."""
        assert self.clusterer is not None
        terms = self.terms.extract(fold(title), fold(text))
        return self.clusterer.add(
            EventItem(
                key=str(pk),
                terms=terms,
                title=title.strip() or text.strip()[:60],
                at=at,
                source=str(source_id),
                family=None if dup_of is None else str(dup_of),
                negative=negative,
            )
        )

    def knows(self, pk: int) -> bool:
        assert self.clusterer is not None
        try:
            self.clusterer.event_of(str(pk))
        except KeyError:
            return False
        return True

    def event_of(self, pk: int) -> str:
        assert self.clusterer is not None
        return self.clusterer.event_of(str(pk))

    def snapshot(self, event_id: int) -> Snapshot | None:
        """The clusterer's view of a stored event, if it holds it."""
        local = self.local_of.get(event_id)
        if local is None or self.clusterer is None:
            return None
        snap = self.clusterer.event(local)
        if snap is None or self.db_of.get(snap.id) != event_id:
            return None
        return snap

    def map(self, local: str, event_id: int) -> None:
        self.db_of[local] = event_id
        self.local_of[event_id] = local

    def place(self, key: str, local: str, event_id: int) -> None:
        """Make the clusterer hold item `key` (which it put in `local`) in the stored
        event `event_id`, as the database says."""
        mapped = self.db_of.get(local)
        if mapped == event_id:
            return
        if mapped is None and event_id not in self.local_of:
            self.map(local, event_id)  # the first stored item of this clusterer event
            return
        self.gather([key], event_id)

    def gather(self, keys: Iterable[str], event_id: int) -> None:
        """Put these items (those the clusterer holds) into the counterpart of
        `event_id`, opening one (a split) if it has none."""
        assert self.clusterer is not None
        present = [key for key in keys if self.knows(int(key))]
        if not present:
            return
        target = self.local_of.get(event_id)
        if target is None:
            target = self.clusterer.apply(Split(tuple(present)))
        else:
            for key in present:
                target = self.clusterer.apply(Move(key, target))
        self.map(target, event_id)

    def merge(self, into: int, other: int) -> None:
        assert self.clusterer is not None
        theirs = self.local_of.pop(other, None)
        if theirs is None:
            return
        ours = self.local_of.get(into)
        if ours is None:
            self.map(theirs, into)  # `other`'s items now stand for `into`
        else:
            self.map(self.clusterer.apply(Merge(ours, theirs)), into)

    def replay_correction(self, correction: EventCorrection) -> None:
        """Apply a stored correction (database ids) to this process's clusterer."""
        done = correction_from_dict(correction.data)
        if isinstance(done, Merge):
            self.merge(int(done.into), int(done.other))
        elif isinstance(done, Move):
            self.gather([done.item], int(done.to))
        elif correction.event_id is not None:
            self.gather(done.items, correction.event_id)


def warm(now: datetime) -> None:
    """Build this process's grouping state now, outside any write transaction (at
    worker start), so that the first store does not rebuild it while holding the writer
    lock; that store then only catches up. Items without an event (stored before events
    existed) must be placed under the lock: if there are any, the state is dropped."""
    ctx = default_grouping()
    with ctx.lock:
        if ctx.clusterer is not None:
            return
        try:
            orphans = ctx.sync(now=now)
        except BaseException:
            ctx.invalidate()
            raise
        if orphans:
            ctx.invalidate()


@lru_cache(maxsize=1)
def default_grouping() -> GroupingContext:
    """This process's grouping state. Tests clear it with default_grouping.cache_clear()."""
    from huiying.items.ingest import default_context

    return GroupingContext(
        TermExtractor(default_context().segmenter),
        replay_days=int(getattr(settings, "HUIYING_EVENTS_REPLAY_DAYS", DEFAULT_REPLAY_DAYS)),
    )
