"""What the event pages show, read from the database over the items a user may see:
the timeline by sentiment, the sources that carried the event, and its items with
near-duplicates folded into their family."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huiying.events.figures import HOUR, hour_of
from huiying.events.models import Event, EventMembership
from huiying.items.models import Item, Sighting

LABELS = ("pos", "neu", "neg")
MAX_HOURS = 14 * 24  # the timeline shows at most the last 14 days, hour by hour
FAMILIES = 100  # item families listed on the page


def members_of(event: Event, source_ids: Any) -> QuerySet[EventMembership]:
    """The event's memberships, of items of these sources (None: every source)."""
    members = EventMembership.objects.filter(event=event)
    if source_ids is not None:
        members = members.filter(item__source_id__in=source_ids)
    return members


def timeline(members: QuerySet[EventMembership]) -> dict[str, Any]:
    """Items per clock hour, by sentiment, from the first to the last hour with items
    (at most MAX_HOURS): chart data for events.js."""
    counts: dict[int, dict[str, int]] = {}
    for at, label in members.values_list("item_at", "item__sentiment_label"):
        row = counts.setdefault(hour_of(at), dict.fromkeys(LABELS, 0))
        row[label] = row.get(label, 0) + 1
    chart: dict[str, Any] = {
        "hours": [],
        "labels": [],
        "series": {label: [] for label in LABELS},
        "names": {"pos": _("正面"), "neu": _("中性"), "neg": _("负面")},
        "truncated": False,
    }
    if not counts:
        return chart
    last = max(counts)
    first = max(min(counts), last - (MAX_HOURS - 1) * HOUR)
    chart["truncated"] = first > min(counts)
    tz = timezone.get_current_timezone()
    for hour in range(first, last + HOUR, HOUR):
        local = datetime.fromtimestamp(hour, tz=UTC).astimezone(tz)
        chart["hours"].append(local.isoformat())
        chart["labels"].append(local.strftime("%m-%d %H:00"))
        row = counts.get(hour, {})
        for label in LABELS:
            chart["series"][label].append(row.get(label, 0))
    return chart


@dataclass
class CarriedBy:
    name: str
    items: int = 0
    sightings: int = 0  # the same content seen again there (huiying.items.Sighting)


def carried_by(
    event: Event, members: QuerySet[EventMembership], source_ids: Any
) -> list[CarriedBy]:
    """Sources with the event's items, and sources where the same content was seen."""
    rows: dict[int, CarriedBy] = {}
    for pk, name, n in (
        members.values("item__source_id", "item__source__name")
        .annotate(n=Count("id"))
        .values_list("item__source_id", "item__source__name", "n")
    ):
        rows[pk] = CarriedBy(name, items=n)
    seen = Sighting.objects.filter(item__event_membership__event=event)
    if source_ids is not None:
        seen = seen.filter(source_id__in=source_ids)
    for pk, name, n in (
        seen.values("source_id", "source__name")
        .annotate(n=Count("id"))
        .values_list("source_id", "source__name", "n")
    ):
        rows.setdefault(pk, CarriedBy(name)).sightings = n
    return sorted(rows.values(), key=lambda r: (-r.items - r.sightings, r.name))


@dataclass
class Family:
    """A near-duplicate family within the event: its representative (the family's
    first item when it is in the event, else its earliest item here) and the rest."""

    head: Item
    others: list[Item] = field(default_factory=list)

    @property
    def similar(self) -> int:
        return len(self.others)


def families(members: QuerySet[EventMembership], limit: int = FAMILIES) -> tuple[list[Family], int]:
    """The event's items folded by family, newest family first; (families, how many)."""
    grouped: dict[int, list[int]] = {}
    for item_id, dup_of in members.order_by("-item_at", "-item_id").values_list(
        "item_id", "item__dup_of_id"
    ):
        grouped.setdefault(dup_of or item_id, []).append(item_id)
    shown = list(grouped.items())[:limit]
    wanted = [pk for _head, ids in shown for pk in ids]
    items = Item.objects.select_related("source").defer("html", "tokens", "fingerprint")
    by_id = items.in_bulk(wanted)
    result = []
    for head, ids in shown:
        head_id = head if head in ids else ids[-1]  # ids are newest first
        others = [by_id[pk] for pk in reversed(ids) if pk != head_id]
        result.append(Family(by_id[head_id], others))
    return result, len(grouped)


def visible_titles(events: Sequence[Event], source_ids: Any) -> None:
    """For a user who may not see every source: an event whose title item is not
    theirs is titled by its earliest item that is."""
    if source_ids is None:
        return
    allowed = set(source_ids)
    owners = dict(
        Item.objects.filter(
            pk__in=[e.title_item_id for e in events if e.title_item_id]
        ).values_list("id", "source_id")
    )
    hidden = [e for e in events if owners.get(e.title_item_id) not in allowed]
    if not hidden:
        return
    first: dict[int, int] = {}
    for event_id, item_id in (
        EventMembership.objects.filter(event__in=hidden, item__source_id__in=allowed)
        .order_by("event_id", "item_at", "item_id")
        .values_list("event_id", "item_id")
    ):
        first.setdefault(event_id, item_id)
    items = Item.objects.only("title", "text").in_bulk(first.values())
    for event in hidden:
        item = items.get(first.get(event.pk, 0))
        if item is not None:
            event.title = item.title.strip() or item.text.strip()[:60]
