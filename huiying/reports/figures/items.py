"""Items watched (采集信息): items of the scope's sources fetched in the period, and
their spread over the period for the trend chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from huiying.items.models import Item
from huiying.reports.figures.base import Ctx, count_fig
from huiying.reports.figures.period import Period


def items_qs(ctx: Ctx, start: Any = None, end: Any = None) -> Any:
    qs = Item.objects.filter(fetched_at__gte=start or ctx.start, fetched_at__lt=end or ctx.end)
    return ctx.scope.filter(qs, "source__unit_id")


def items_figure(ctx: Ctx) -> dict[str, Any]:
    n = items_qs(ctx).count()
    note = (
        f"信息表（Item）中采集时间（fetched_at）在{ctx.where}的信息条数，"
        "仅计该范围单位所属信息源的信息"
    )
    return count_fig(n, note, ctx.href("/items/", "fetched_from", "fetched_to"), "条")


def buckets(period: Period) -> list[tuple[str, date, date]]:
    """Chart buckets: days for a period up to 31 days, else months."""
    out: list[tuple[str, date, date]] = []
    if (period.end - period.start).days <= 31:
        d = period.start
        while d < period.end:
            out.append((f"{d.month}月{d.day}日", d, d + timedelta(days=1)))
            d += timedelta(days=1)
        return out
    d = period.start
    while d < period.end:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        out.append((f"{d.month}月", d, min(nxt, period.end)))
        d = nxt
    return out


def items_trend(ctx: Ctx) -> dict[str, Any]:
    """Items per bucket; one indexed range count per bucket, which stays fast on
    millions of rows where grouping by a local date would not."""
    tz = ctx.start.tzinfo
    labels: list[str] = []
    values: list[int] = []
    for label, a, b in buckets(ctx.period):
        start, end = Period(a, b, "").bounds(str(tz))
        labels.append(label)
        values.append(items_qs(ctx, start, end).count())
    return {"labels": labels, "series": {"采集信息": values}}
