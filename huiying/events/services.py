"""Use-cases for events: the only code that changes events, memberships and sentiment.

`score_sentiment` and `group_new_items` are the ingest hooks (huiying.analysis): they
run inside the transaction that stores the items, which holds the writer lock. The
corrections (`merge_events`, `split_items`, `move_item`) own their transaction, take
the same writer lock, record an EventCorrection and an audit entry, and apply the
correction to this process's clusterer so that later items respect it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from huiying.audit.services import record
from huiying.core.events import Correction, Merge, Move, Split, correction_to_dict
from huiying.events.figures import current, recent_hourly, totals
from huiying.events.grouping import GroupingContext, default_grouping
from huiying.events.models import Event, EventCorrection, EventMembership, item_time
from huiying.events.rows import update_rows
from huiying.events.sentiment import score_items
from huiying.items.ingest import _lock_writers as lock_writers
from huiying.items.models import Item

BATCH = 500
FIGURE_FIELDS = [
    "title",
    "title_item",
    "keywords",
    "places",
    "first_seen",
    "last_seen",
    "item_count",
    "source_count",
    "negative_count",
    "heat",
    "per_hour_now",
    "trend",
    "updated_at",
]


# --- Ingest hooks --------------------------------------------------------------------


def score_sentiment(items: Sequence[Item]) -> None:
    """Sentiment of items just stored (title and text), saved on the items."""
    items = [item for item in items if item.pk is not None]
    if items:
        score_items(items)


def group_new_items(items: Sequence[Item], *, now: datetime) -> dict[int, int]:
    """Place items just stored (sentiment already scored) in events: item id → Event id.

    Runs in the storing transaction. The process's clusterer first catches up with the
    database, then places each item; a clusterer event without a stored counterpart
    becomes a new Event. Figures of every event that gained items are refreshed."""
    items = sorted((item for item in items if item.pk is not None), key=lambda i: i.pk)
    if not items:
        return {}
    ctx = default_grouping()
    new_ids = [item.pk for item in items]
    with ctx.writing():
        _catch_up(ctx, now, exclude=new_ids)
        if any(ctx.knows(pk) for pk in new_ids):
            # The state holds these ids from a write the database does not have:
            # start again from the database.
            ctx.invalidate()
            _catch_up(ctx, now, exclude=new_ids)
        times: dict[int, datetime] = {}
        for item in items:
            at = times[item.pk] = item_time(item.published_at, item.fetched_at)
            ctx.add(
                item.pk,
                item.title,
                item.text,
                item.source_id,
                at,
                item.dup_of_id,
                item.sentiment_label == "neg",
            )
        placed = _store_memberships(ctx, times, now)
        ctx.wrote(placed)
        refresh_events(set(placed.values()), now=now, ctx=ctx)
    return placed


def _catch_up(ctx: GroupingContext, now: datetime, exclude: Sequence[int] = ()) -> None:
    """Sync the clusterer with the database; items it found without an event (stored
    before events existed) get their sentiment and event now."""
    orphans = ctx.sync(now=now, exclude=exclude)
    if not orphans:
        return
    update_rows(
        Item,
        [Item(pk=o.item_id, sentiment_label=o.label, sentiment_score=o.score) for o in orphans],
        ["sentiment_label", "sentiment_score"],
    )
    placed = _store_memberships(ctx, {o.item_id: o.at for o in orphans}, now)
    ctx.wrote(placed)
    refresh_events(set(placed.values()), now=now, ctx=ctx)


def _store_memberships(
    ctx: GroupingContext, times: dict[int, datetime], now: datetime
) -> dict[int, int]:
    local = {pk: ctx.event_of(pk) for pk in times}
    opened = list(dict.fromkeys(x for x in local.values() if x not in ctx.db_of))
    created = Event.objects.bulk_create(
        [Event(key=f"{ctx.token}:{x}", updated_at=now) for x in opened], batch_size=BATCH
    )
    for x, event in zip(opened, created, strict=True):
        ctx.map(x, event.pk)
    placed = {pk: ctx.db_of[x] for pk, x in local.items()}
    EventMembership.objects.bulk_create(
        [
            EventMembership(item_id=pk, event_id=event_id, item_at=times[pk])
            for pk, event_id in placed.items()
        ],
        batch_size=BATCH,
    )
    return placed


def refresh_events(event_ids: Iterable[int], *, now: datetime, ctx: GroupingContext) -> None:
    """Recount the events' stored figures from their memberships; title, keywords and
    places come from the clusterer when it holds the event."""
    ids = sorted(set(event_ids))
    if not ids:
        return
    counted = totals(ids)
    hourly = recent_hourly(ids, now)
    events = list(Event.objects.filter(pk__in=ids))
    for event in events:
        t = counted.get(event.pk)
        if t is None:  # every item moved away
            event.item_count = event.source_count = event.negative_count = 0
            event.heat = event.per_hour_now = event.trend = 0.0
            event.updated_at = now
            continue
        fig = current(t, hourly.get(event.pk, {}), now)
        event.item_count, event.source_count, event.negative_count = t.items, t.sources, t.negative
        event.first_seen, event.last_seen = t.first_seen, t.last_seen
        event.heat, event.per_hour_now, event.trend = fig.heat, fig.per_hour, fig.trend
        event.updated_at = now
        snap = ctx.snapshot(event.pk)
        if snap is not None and snap.title_item:
            event.title, event.title_item_id = snap.title[:1000], int(snap.title_item)
            event.keywords, event.places = list(snap.keywords), list(snap.places)
        elif not EventMembership.objects.filter(event=event, item_id=event.title_item_id).exists():
            _title_from_first_item(event)
    update_rows(Event, events, FIGURE_FIELDS)


def _title_from_first_item(event: Event) -> None:
    first = (
        EventMembership.objects.filter(event=event)
        .select_related("item")
        .only("item__title", "item__text", "item_id")
        .order_by("item_at", "item_id")
        .first()
    )
    if first is not None:
        event.title_item_id = first.item_id
        event.title = (first.item.title.strip() or first.item.text.strip()[:60])[:1000]


# --- Corrections by a person -----------------------------------------------------------


def _live(event: Event) -> Event:
    event = Event.objects.get(pk=event.pk)
    if event.merged_into_id is not None:
        raise ValidationError(f"事件 #{event.pk} 已并入其他事件。")
    return event


def _record(
    ctx: GroupingContext,
    correction: Correction,
    result: Event,
    actor: Any,
    now: datetime,
) -> EventCorrection:
    stored = EventCorrection.objects.create(
        kind=correction.kind,
        data=correction_to_dict(correction),
        event=result,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=now,
        after_item_id=Item.objects.aggregate(m=Max("id"))["m"] or 0,
    )
    ctx.replay_correction(stored)
    ctx.wrote(correction=stored)
    return stored


@transaction.atomic
def merge_events(into: Event, other: Event, actor: Any = None) -> Event:
    """Every item of `other` joins `into`; `other` then leads to `into`."""
    lock_writers()
    now = timezone.now()
    ctx = default_grouping()
    with ctx.writing():
        _catch_up(ctx, now)
        into, other = _live(into), _live(other)
        if into.pk == other.pk:
            raise ValidationError("不能把事件并入它自己。")
        moved = EventMembership.objects.filter(event=other).update(event=into)
        Event.objects.filter(merged_into=other).update(merged_into=into)
        Event.objects.filter(pk=other.pk).update(merged_into=into)
        stored = _record(ctx, Merge(into=str(into.pk), other=str(other.pk)), into, actor, now)
        refresh_events([into.pk, other.pk], now=now, ctx=ctx)
        record(
            "event.merge",
            into,
            actor=actor,
            before={"into": into.pk, "other": other.pk, "other_title": other.title},
            after={"items_moved": moved, "correction": stored.pk},
        )
    into.refresh_from_db()
    return into


@transaction.atomic
def split_items(items: Sequence[Item], actor: Any = None) -> Event:
    """These items leave their events and form a new event."""
    lock_writers()
    now = timezone.now()
    ctx = default_grouping()
    with ctx.writing():
        _catch_up(ctx, now)
        ids = sorted({item.pk for item in items})
        members = list(EventMembership.objects.filter(item_id__in=ids))
        if not ids:
            raise ValidationError("请选择要拆分出去的信息。")
        if len(members) != len(ids):
            raise ValidationError("所选信息中有尚未归入事件的。")
        origins = sorted({m.event_id for m in members})
        left = EventMembership.objects.filter(event_id__in=origins).exclude(item_id__in=ids)
        if len(origins) == 1 and not left.exists():
            raise ValidationError("不能把事件的全部信息拆分出去。")
        event = Event.objects.create(
            key=f"{ctx.token}:split-{secrets.token_hex(4)}", updated_at=now
        )
        EventMembership.objects.filter(item_id__in=ids).update(event=event, pinned=True)
        stored = _record(ctx, Split(items=tuple(str(pk) for pk in ids)), event, actor, now)
        refresh_events([*origins, event.pk], now=now, ctx=ctx)
        record(
            "event.split",
            event,
            actor=actor,
            before={"events": origins},
            after={"items": ids, "correction": stored.pk},
        )
    event.refresh_from_db()
    return event


@transaction.atomic
def move_item(item: Item, to_event: Event, actor: Any = None) -> Event:
    """The item goes to `to_event` and stays there."""
    lock_writers()
    now = timezone.now()
    ctx = default_grouping()
    with ctx.writing():
        _catch_up(ctx, now)
        to_event = _live(to_event)
        member = EventMembership.objects.filter(item_id=item.pk).first()
        if member is None:
            raise ValidationError("该信息尚未归入事件。")
        origin = member.event_id
        if origin == to_event.pk:
            raise ValidationError("该信息已在这个事件中。")
        EventMembership.objects.filter(pk=member.pk).update(event=to_event, pinned=True)
        stored = _record(ctx, Move(item=str(item.pk), to=str(to_event.pk)), to_event, actor, now)
        refresh_events([origin, to_event.pk], now=now, ctx=ctx)
        record(
            "event.move",
            to_event,
            actor=actor,
            before={"item": item.pk, "event": origin},
            after={"event": to_event.pk, "correction": stored.pk},
        )
    to_event.refresh_from_db()
    return to_event
