"""Events (事件) by tier: events first seen in the period, each at the tier it had at
the end of the period (its last tier change before then; 一般 when none), so a later
rise does not change an old report's figures."""

from __future__ import annotations

from typing import Any

from huiying.alerts.models import TierChange
from huiying.core.tiers import Tier
from huiying.events.models import Event, EventMembership
from huiying.reports.figures.base import Ctx, count_fig


def scoped_events(ctx: Ctx) -> Any:
    qs = Event.objects.filter(merged_into=None)
    if ctx.scope.unit_ids is not None:
        members = EventMembership.objects.filter(item__source__unit_id__in=ctx.scope.unit_ids)
        qs = qs.filter(pk__in=members.values("event_id"))
    return qs


def new_events(ctx: Ctx) -> Any:
    return scoped_events(ctx).filter(first_seen__gte=ctx.start, first_seen__lt=ctx.end)


def tiers_at(event_ids: Any, end: Any) -> dict[int, int]:
    """Each event's tier as of `end`: the last change before it; 一般 otherwise."""
    tiers: dict[int, int] = {}
    changes = (
        TierChange.objects.filter(event_id__in=event_ids, at__lt=end)
        .order_by("at", "id")
        .values_list("event_id", "to_tier")
    )
    for event_id, tier in changes:
        tiers[event_id] = tier
    return tiers


def events_by_tier(ctx: Ctx) -> dict[str, Any]:
    ids = list(new_events(ctx).values_list("pk", flat=True))
    tiers = tiers_at(new_events(ctx).values("pk"), ctx.end)
    counts = {t: 0 for t in Tier}
    for pk in ids:
        counts[Tier(tiers.get(pk, Tier.GENERAL))] += 1
    out: dict[str, Any] = {
        "total": count_fig(
            len(ids),
            f"事件表（Event）中首次出现时间（first_seen）在{ctx.where}的事件数（不含已并入其他事件者）",
            ctx.href("/events/", "first_seen_from", "first_seen_to"),
            "起",
        )
    }
    for tier in Tier:
        out[f"tier_{tier.value}"] = count_fig(
            counts[tier],
            f"上述事件中，按级别变更记录（TierChange）截至期末的级别为“{tier.label}”的事件数"
            "（无变更记录者计为一般）",
            # as_of: the tier at the period's end, not today's (a later rise would differ).
            ctx.href(
                "/events/",
                "first_seen_from",
                "first_seen_to",
                tier=tier.value,
                as_of=ctx.period.last_day.isoformat(),
            ),
            "起",
        )
    return out


def rising_events(ctx: Ctx, limit: int = 20) -> list[dict[str, Any]]:
    """Events whose tier rose in the period (for the daily brief), newest rise first."""
    changes = TierChange.objects.filter(
        at__gte=ctx.start, at__lt=ctx.end, event__in=scoped_events(ctx)
    ).select_related("event")
    rows: dict[int, dict[str, Any]] = {}
    for change in changes.order_by("-at", "-id"):
        if change.from_tier is not None and change.to_tier <= change.from_tier:
            continue
        if change.event_id in rows:
            continue
        rows[change.event_id] = {
            "id": change.event_id,
            "title": change.event.title or f"#{change.event_id}",
            "tier": Tier(change.to_tier).label,
            "from": Tier(change.from_tier).label if change.from_tier else "",
            "at": change.at.isoformat(),
            "href": f"/events/{change.event_id}/",
        }
        if len(rows) >= limit:
            break
    return list(rows.values())


def new_event_rows(ctx: Ctx, limit: int = 20) -> list[dict[str, Any]]:
    events = list(new_events(ctx).order_by("-item_count", "pk")[:limit])
    tiers = tiers_at([e.pk for e in events], ctx.end)
    return [
        {
            "id": e.pk,
            "title": e.title or f"#{e.pk}",
            "tier": Tier(tiers.get(e.pk, Tier.GENERAL)).label,
            "items": e.item_count,
            "href": f"/events/{e.pk}/",
        }
        for e in events
    ]
