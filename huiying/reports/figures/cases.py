"""Cases (处置): opened and closed in the period, time to first public response and
the share answered within the response clock, per tier."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Min, Q

from huiying.cases.models import Case, CaseClock
from huiying.core.tiers import Tier
from huiying.reports.figures.base import (
    Ctx,
    count_fig,
    hours_between,
    hours_fig,
    median,
    percentile,
    rate_fig,
)

RESPOND = "respond"  # the response clock's step (huiying.core.clock.deadlines)


def opened(ctx: Ctx) -> Any:
    qs = Case.objects.filter(opened_at__gte=ctx.start, opened_at__lt=ctx.end)
    return ctx.scope.filter(qs, "unit_id")


def closed(ctx: Ctx) -> Any:
    qs = Case.objects.filter(closed_at__gte=ctx.start, closed_at__lt=ctx.end)
    return ctx.scope.filter(qs, "unit_id")


def _cases_href(ctx: Ctx, **extra: Any) -> str:
    return ctx.href("/cases/", "opened_from", "opened_to", scope="all", **extra)


def response_rows(ctx: Ctx) -> list[tuple[int, int, Any, Any, Any]]:
    """(case id, tier, opened_at, first_response_at, response deadline) of the cases
    opened in the period, ordered by id."""
    deadlines = dict(
        CaseClock.objects.filter(step=RESPOND, case__in=opened(ctx)).values_list(
            "case_id", "deadline"
        )
    )
    rows = opened(ctx).order_by("pk").values_list("pk", "tier", "opened_at", "first_response_at")
    return [(pk, tier, at, first, deadlines.get(pk)) for pk, tier, at, first in rows]


def case_figures(ctx: Ctx) -> dict[str, Any]:
    rows = response_rows(ctx)
    n_closed = closed(ctx).count()
    hours = [hours_between(at, first) for _pk, _t, at, first, _d in rows if first is not None]
    where = ctx.where
    base = f"案件表（Case）中立案时间（opened_at）在{where}、主管单位在范围内的案件"
    out: dict[str, Any] = {
        "opened": count_fig(len(rows), base + "数", _cases_href(ctx), "件"),
        "closed": count_fig(
            n_closed,
            f"案件表（Case）中办结时间（closed_at）在{where}、主管单位在范围内的案件数",
            ctx.href("/cases/", "closed_from", "closed_to", scope="all"),
            "件",
        ),
        "responded": count_fig(
            len(hours),
            base + "中已有首次公开回应时间（first_response_at）的件数",
            _cases_href(ctx, responded="1"),
            "件",
        ),
        "median_hours": hours_fig(
            median(hours),
            base + "中，从立案到首次公开回应（first_response_at − opened_at）的小时数中位数",
            _cases_href(ctx, responded="1"),
        ),
        "p90_hours": hours_fig(
            percentile(hours, 90),
            base + "中，从立案到首次公开回应的小时数第90百分位（最近秩法）",
            _cases_href(ctx, responded="1"),
        ),
    }
    out["within"] = within_deadline(ctx, rows, None)
    for tier in Tier:
        out[f"within_{tier.value}"] = within_deadline(ctx, rows, tier)
    return out


def within_deadline(ctx: Ctx, rows: list[Any], tier: Tier | None) -> dict[str, Any]:
    """Share of cases answered by their response clock's deadline, over the cases with
    such a clock that were answered or whose deadline passed before the period ended."""
    due = [
        (first, deadline)
        for _pk, t, _at, first, deadline in rows
        if deadline is not None
        and (tier is None or t == tier)
        and (first is not None or deadline < ctx.end)
    ]
    met = sum(1 for first, deadline in due if first is not None and first <= deadline)
    which = "全部级别" if tier is None else f"级别为“{tier.label}”"
    note = (
        f"案件表（Case）中立案时间在{ctx.where}、{which}、设有回应时限（CaseClock step=respond）"
        "且已回应或期末前已到期的案件中，首次公开回应时间不晚于回应时限（deadline）的比例"
        f"（{met}/{len(due)}）"
    )
    extra = {"tier": tier.value} if tier is not None else {}
    # The link lists the denominator: the cases with a clock answered or due by period end.
    href = _cases_href(ctx, respond_due="1", as_of=ctx.period.last_day.isoformat(), **extra)
    return rate_fig(met, len(due), note, href)


def open_case_rows(ctx: Ctx, limit: int = 30) -> list[dict[str, Any]]:
    """Cases open at the end of the period with their running clocks (daily brief)."""
    qs = ctx.scope.filter(Case.objects.filter(opened_at__lt=ctx.end), "unit_id").exclude(
        closed_at__lt=ctx.end
    )
    # Nearest running deadline first, so late cases lead the list.
    running_q = Q(clocks__done_at__isnull=True) | Q(clocks__done_at__gte=ctx.end)
    qs = qs.annotate(next_deadline=Min("clocks__deadline", filter=running_q))
    ordered = qs.order_by(F("next_deadline").asc(nulls_last=True), "opened_at", "pk")
    cases = list(ordered.select_related("unit")[:limit])
    clocks: dict[int, list[CaseClock]] = {}
    for clock in CaseClock.objects.filter(case__in=[c.pk for c in cases]).order_by("deadline"):
        clocks.setdefault(clock.case_id, []).append(clock)
    rows = []
    for case in cases:
        running = [c for c in clocks.get(case.pk, []) if c.done_at is None or c.done_at >= ctx.end]
        rows.append(
            {
                "id": case.pk,
                "title": case.title,
                "tier": Tier(case.tier).label,
                "unit": case.unit.name,
                "clocks": [
                    {
                        "label": c.label or c.step,
                        "deadline": c.deadline.isoformat(),
                        "late": c.deadline < ctx.end,
                    }
                    for c in running
                ],
                "href": f"/cases/{case.pk}/",
            }
        )
    return rows
