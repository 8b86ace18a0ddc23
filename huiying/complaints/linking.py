"""Which event a complaint belongs to (相关诉求关联事件).

- A complaint imported from a stored item (a complaint-import source) belongs to the
  event that item was grouped into when it was stored.
- A complaint pushed through the API (no item) belongs to the event its text would join
  by the event grouping's own similarity (huiying.events.grouping: the same terms,
  tf-idf weights, place and problem checks and threshold). The look-up is read-only: the
  grouping state is not changed and no event is made; below the threshold the complaint
  stays unlinked.
"""

from __future__ import annotations

from datetime import datetime

from huiying.core.events.vectors import weigh
from huiying.core.text import fold
from huiying.events.grouping import GroupingContext, default_grouping
from huiying.events.models import Event, EventMembership
from huiying.items.ingest import _lock_writers as lock_writers
from huiying.items.models import Item


def event_of_item(item: Item) -> Event | None:
    membership = EventMembership.objects.select_related("event").filter(item=item).first()
    return _live(membership.event) if membership is not None else None


def _live(event: Event | None) -> Event | None:
    """The event, or the one a person merged it into."""
    seen: set[int] = set()
    while event is not None and event.merged_into_id is not None and event.pk not in seen:
        seen.add(event.pk)
        event = Event.objects.filter(pk=event.merged_into_id).first()
    return event


def _nearest(ctx: GroupingContext, title: str, content: str) -> str | None:
    """The clusterer event the text would join, without adding it. Mirrors
    EventClusterer.add minus its writes (document frequencies, learnt place names)."""
    clusterer = ctx.clusterer
    if clusterer is None:
        return None
    terms = ctx.terms.extract(fold(title), fold(content))
    vector = weigh(terms.counts, clusterer.df, clusterer.params.item_terms)
    named = dict(terms.places)
    known = clusterer._place_levels
    for word in terms.counts:
        if word in known:
            named.setdefault(word, known[word])
    places = clusterer._distinct_places(named)
    state = clusterer._best_event(vector, places, terms.problems)
    return clusterer._id(state.index) if state is not None else None


def matching_event(title: str, content: str, *, now: datetime) -> Event | None:
    """The stored event this text is about, if the grouping would put it in one. Call
    inside the transaction that stores the complaint: like storing an item, it holds the
    writer lock while the grouping catches up with the database."""
    if not (title or content).strip() or not Event.objects.exists():
        return None
    ctx = default_grouping()
    lock_writers()
    with ctx.writing():
        if ctx.sync(now=now):
            # Items stored before events existed: placing them is the pipeline's job,
            # not a read-only look-up's. Drop the state as huiying.events.grouping.warm does.
            ctx.invalidate()
            return None
        local = _nearest(ctx, title, content)
        event_id = ctx.db_of.get(local) if local is not None else None
    if event_id is None:
        return None
    return _live(Event.objects.filter(pk=event_id).first())
