"""Events by tier over the last seven days and the hottest growing events of the last
24 hours: the same selection and figures as the events list (`tier=`, `sort=growth`),
over the items the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huiying.core.events import EventFigures
from huiying.core.events.heat import RATE_HOURS, heat_index
from huiying.core.tiers import Tier
from huiying.events.figures import HOUR, Totals, hour_of, stored_totals, totals
from huiying.events.models import Event, EventMembership
from huiying.events.pages import visible_titles
from huiying.items.models import Item
from huiying.web.dashboard.scope import Scope

TIER_PERIOD = "7d"
GROWTH_PERIOD = "24h"
PERIOD_HOURS = {"24h": 24, "7d": 24 * 7}
GROWING = 5
# The core's labels are plain Chinese; these are the translatable ones.
TIER_NAMES = {
    Tier.GENERAL: _("一般"),
    Tier.SIGNIFICANT: _("较大"),
    Tier.MAJOR: _("重大"),
    Tier.EXTRAORDINARY: _("特别重大"),
}


@dataclass(frozen=True)
class TierCount:
    tier: int
    label: str
    n: int
    url: str


@dataclass(frozen=True)
class Growing:
    event: Event
    totals: Totals
    fig: EventFigures


def _live(since: datetime) -> QuerySet[Event]:
    return Event.objects.filter(merged_into=None, item_count__gt=0, last_seen__gte=since)


def list_url(**params: Any) -> str:
    return f"{reverse('events:list')}?{urlencode(params)}"


def by_tier(scope: Scope, now: datetime) -> list[TierCount]:
    """Events with an item the user sees in the last seven days, per tier (an event
    never tiered is 一般, as on the list)."""
    since = now - timedelta(hours=PERIOD_HOURS[TIER_PERIOD])
    if scope.source_ids is None:
        rows = _live(since).values("tier_state__tier").annotate(n=Count("id")).order_by()
        found = {r["tier_state__tier"]: r["n"] for r in rows}
    else:
        # From the user's items of the week (the items' source/fetched_at index; an
        # item's time is never after its fetch) to their events.
        recent = Item.objects.filter(source_id__in=scope.source_ids, fetched_at__gte=since)
        rows = (
            EventMembership.objects.filter(
                item_id__in=recent.values("id"), item_at__gte=since, event__in=_live(since)
            )
            .values("event__tier_state__tier")
            .annotate(n=Count("event_id", distinct=True))
            .order_by()
        )
        found = {r["event__tier_state__tier"]: r["n"] for r in rows}
    found[Tier.GENERAL] = found.get(Tier.GENERAL, 0) + found.pop(None, 0)
    return [
        TierCount(
            t.value,
            str(TIER_NAMES[t]),
            found.get(t.value, 0),
            list_url(tier=t.value, period=TIER_PERIOD),
        )
        for t in Tier
    ]


def growing(scope: Scope, now: datetime, limit: int = GROWING) -> list[Growing]:
    """The events of the last 24 hours that grow fastest, as the list sorted by growth
    shows them first: the core's figures (huiying.core.events.heat) on the same numbers.

    Only an event with items in the clock hours of its current rate can grow, so only
    those are read, and their two rate windows are counted in SQL rather than hour by
    hour in Python: per hour now = items of the last RATE_HOURS clock hours (this one
    included) / RATE_HOURS, trend = that minus the same over the RATE_HOURS before."""
    hour = hour_of(now)
    rate_start = datetime.fromtimestamp(hour - (RATE_HOURS - 1) * HOUR, tz=UTC)
    before_start = datetime.fromtimestamp(hour - (2 * RATE_HOURS - 1) * HOUR, tz=UTC)
    members = EventMembership.objects.filter(event__in=_live(rate_start), item_at__gte=before_start)
    if scope.source_ids is not None:
        members = members.filter(item__source_id__in=scope.source_ids)
    counts = {
        r["event_id"]: (r["now"], r["before"])
        for r in members.values("event_id")
        .annotate(
            now=Count("id", filter=Q(item_at__gte=rate_start)),
            before=Count("id", filter=Q(item_at__lt=rate_start)),
        )
        .order_by()
    }
    rising = [pk for pk, (n, b) in counts.items() if n > b]
    if scope.source_ids is None:
        counted = {e.pk: stored_totals(e) for e in Event.objects.filter(pk__in=rising)}
    else:
        counted = totals(rising, scope.source_ids)
    rows = []
    for pk, t in counted.items():
        n, b = counts[pk]
        per_hour = n / RATE_HOURS
        idle = (now - t.last_seen).total_seconds() / HOUR if t.last_seen else 0.0
        heat = heat_index(t.items, t.sources, per_hour, t.negative_share, idle)
        fig = EventFigures(t.items, t.sources, per_hour, per_hour - b / RATE_HOURS,
                           t.negative_share, heat)  # fmt: skip
        rows.append((pk, t, fig))
    ordered = sorted(rows, key=lambda r: (r[2].trend, r[2].heat, r[0]), reverse=True)[:limit]
    by_pk = Event.objects.in_bulk([pk for pk, _t, _f in ordered])
    visible_titles(list(by_pk.values()), scope.source_ids)
    return [Growing(by_pk[pk], t, fig) for pk, t, fig in ordered]


def growing_url() -> str:
    return list_url(sort="growth", period=GROWTH_PERIOD)
