"""Every figure a report shows, computed from the records for a period and a scope.

`compute` returns plain JSON data (the snapshot a Report stores): each figure is
{"value", "text", "note", "href"} — the number, how it is shown, a Chinese note naming
the table, field, period and scope counted, and the list page showing those records.
Nothing here depends on the moment it runs, so the same data gives the same figures."""

from __future__ import annotations

from typing import Any

from huiying.events.models import Event
from huiying.reports.figures.base import Ctx, Scope
from huiying.reports.figures.cases import case_figures, open_case_rows
from huiying.reports.figures.complaints import complaint_figures, due_rows
from huiying.reports.figures.events import events_by_tier, new_event_rows, rising_events
from huiying.reports.figures.external import ledger_figures, review_figures
from huiying.reports.figures.items import items_figure, items_trend
from huiying.reports.figures.period import Period
from huiying.reports.figures.special import special_figures
from huiying.reports.figures.units import unit_rows

SNAPSHOT_VERSION = 1


def compute(kind: str, period: Period, scope: Scope, event: Event | None = None) -> dict[str, Any]:
    ctx = Ctx.of(period, scope)
    data: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
            "human": period.human(),
        },
        "scope": {"name": scope.name, "unit": scope.unit.code if scope.unit else None},
    }
    if kind == "special":
        if event is None:
            raise ValueError("专报需要指定事件")
        data["special"] = special_figures(ctx, event)
        return data
    data["items"] = items_figure(ctx)
    data["events"] = events_by_tier(ctx)
    data["cases"] = case_figures(ctx)
    data["complaints"] = complaint_figures(ctx)
    if kind == "daily":
        data["new_events"] = new_event_rows(ctx)
        data["rising_events"] = rising_events(ctx)
        data["open_cases"] = open_case_rows(ctx)
        data["complaints_due"] = due_rows(ctx)
        return data
    data["reviews"] = review_figures(ctx)
    data["ledger"] = ledger_figures(ctx)
    data["trend"] = items_trend(ctx)
    data["units"] = unit_rows(ctx)
    return data
