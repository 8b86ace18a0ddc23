"""Complaints (诉求): received in the period, and of those how many were replied to and
closed before the period ended (办结率 = closed / received), and how many were reopened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from huiying.complaints.models import OPEN_STATUSES, Complaint, Status
from huiying.reports.figures.base import Ctx, count_fig, rate_fig


def received(ctx: Ctx) -> Any:
    qs = Complaint.objects.filter(received_at__gte=ctx.start, received_at__lt=ctx.end)
    return ctx.scope.filter(qs, "unit_id")


def complaint_figures(ctx: Ctx) -> dict[str, Any]:
    qs = received(ctx)
    n = qs.count()
    replied = qs.filter(replied_at__isnull=False, replied_at__lt=ctx.end).count()
    closed = qs.filter(status=Status.CLOSED, closed_at__lt=ctx.end).count()
    reopened = qs.filter(reopened_count__gt=0).count()
    base = f"诉求表（Complaint）中受理时间（received_at）在{ctx.where}、承办单位在范围内的诉求"

    def href(**extra: Any) -> str:
        return ctx.href("/complaints/", "received_from", "received_to", **extra)

    return {
        "received": count_fig(n, base + "数", href(), "件"),
        "replied": count_fig(
            replied,
            base + "中，答复时间（replied_at）早于期末的件数",
            href(replied="1", as_of=ctx.period.last_day.isoformat()),
            "件",
        ),
        "closed": count_fig(
            closed,
            base + "中，当前状态为已办结且办结时间（closed_at）早于期末的件数",
            href(status=Status.CLOSED, as_of=ctx.period.last_day.isoformat()),
            "件",
        ),
        "closure_rate": rate_fig(
            closed,
            n,
            base + f"中已办结件数占受理件数的比例（办结率，{closed}/{n}）",
            href(status=Status.CLOSED, as_of=ctx.period.last_day.isoformat()),
        ),
        "reopen_rate": rate_fig(
            reopened,
            n,
            base + f"中曾被重新打开（reopened_count > 0）的比例（{reopened}/{n}）",
            href(reopened="1"),
        ),
    }


def due_rows(ctx: Ctx, limit: int = 30) -> list[dict[str, Any]]:
    """Complaints still unanswered whose reply is due by the end of the day after the
    period (daily brief), overdue first."""
    qs = ctx.scope.filter(
        Complaint.objects.filter(status__in=OPEN_STATUSES, due_at__lt=ctx.end + timedelta(days=1)),
        "unit_id",
    ).select_related("unit")
    return [
        {
            "id": c.pk,
            "title": c.title or c.content[:40],
            "unit": c.unit.name if c.unit else "未分派",
            "due": c.due_at.isoformat(),
            "late": c.due_at < ctx.end,
            "href": f"/complaints/{c.pk}/",
        }
        for c in qs.order_by("due_at", "pk")[:limit]
    ]
