"""The special report (专报) on one event: its figures, items per day, tier history,
and the cases about it with their steps and the office's statement."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from huiying.alerts.models import TierChange
from huiying.cases.models import Case, CaseStep, Statement
from huiying.core.tiers import Tier
from huiying.events.models import Event, EventMembership
from huiying.reports.figures.base import Ctx, count_fig, local_day, rate_fig
from huiying.reports.figures.items import buckets
from huiying.reports.figures.period import Period


def event_period(event: Event) -> Period:
    """From the day the event was first seen to the day it was last seen."""
    first = event.first_seen or event.created_at
    last = event.last_seen or first
    start, end = local_day(first), local_day(last)
    return Period(start, end + timedelta(days=1), f"{start.isoformat()}/{end.isoformat()}")


def special_figures(ctx: Ctx, event: Event) -> dict[str, Any]:
    members = EventMembership.objects.filter(
        event=event, item_at__gte=ctx.start, item_at__lt=ctx.end
    )
    n = members.count()
    negative = members.filter(item__sentiment_label="neg").count()
    sources = members.values("item__source_id").distinct().count()
    base = f"事件成员表（EventMembership）中属于事件 #{event.pk}、信息时间（item_at）在{ctx.period.human()}的信息"
    href = f"/events/{event.pk}/"
    figures = {
        "items": count_fig(n, base + "条数", href, "条"),
        "sources": count_fig(sources, base + "的不同信息源个数", href, "个"),
        "negative_share": rate_fig(
            negative, n, base + f"中情感为负面的比例（{negative}/{n}）", href
        ),
    }
    tz = ctx.start.tzinfo
    labels, values = [], []
    for label, a, b in buckets(ctx.period):
        s, e = Period(a, b, "").bounds(str(tz))
        labels.append(label)
        values.append(members.filter(item_at__gte=s, item_at__lt=e).count())
    history = [
        {
            "at": c.at.isoformat(),
            "from": Tier(c.from_tier).label if c.from_tier else "",
            "to": Tier(c.to_tier).label,
            "reasons": "；".join(str(r) for r in c.reasons),
            "manual": c.actor_id is not None,
        }
        for c in TierChange.objects.filter(event=event, at__lt=ctx.end).order_by("at", "id")
    ]
    cases = Case.objects.filter(event=event).order_by("pk")
    case_rows = []
    for case in cases:
        steps = CaseStep.objects.filter(case=case, at__lt=ctx.end).order_by("at", "id")
        statement = (
            Statement.objects.filter(case=case, approved_at__isnull=False, approved_at__lt=ctx.end)
            .order_by("-approved_at", "-id")
            .first()
        )
        case_rows.append(
            {
                "id": case.pk,
                "title": case.title,
                "tier": Tier(case.tier).label,
                "href": f"/cases/{case.pk}/",
                "steps": [
                    {"step": s.get_step_display(), "at": s.at.isoformat(), "note": s.note}
                    for s in steps
                ],
                "statement": statement.text if statement else "",
            }
        )
    return {
        "event": {"id": event.pk, "title": event.title or f"#{event.pk}", "href": href},
        "figures": figures,
        "timeline": {"labels": labels, "series": {"信息条数": values}},
        "tier_history": history,
        "cases": case_rows,
    }
