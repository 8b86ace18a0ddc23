"""The dashboard (the home page): every figure counted from the database over what the
user may see, with the link to the list of records behind it. Views call `dashboard`.

Figures are kept for HUIYING_DASHBOARD_CACHE_SECONDS (a Django setting, default 30; 0
turns it off) per user and language, so a wall screen refreshing every few seconds
costs one count per half minute; the page says when its figures were counted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from huiying.web.dashboard import cases, complaints, events, items, sources
from huiying.web.dashboard.scope import Scope, scope_of

CACHE_SECONDS = 30


def dashboard(user: Any, now: datetime) -> dict[str, Any]:
    """The home page's context: figures, rows and chart data (with click-through URLs),
    counted at `now` or at most the cache period before it."""
    seconds = getattr(settings, "HUIYING_DASHBOARD_CACHE_SECONDS", CACHE_SECONDS)
    if not seconds:
        return build(user, now)
    # Per user: what a user sees depends on their units, role and the cases they own.
    key = f"huiying:dashboard:{user.pk}:{get_language()}"
    context = cache.get(key)
    if context is None:
        context = build(user, now)
        cache.set(key, context, seconds)
    return context  # type: ignore[no-any-return]


def build(user: Any, now: datetime) -> dict[str, Any]:
    """The context, counted now."""
    scope = scope_of(user)
    context: dict[str, Any] = {"now": now, "can": scope.can}
    charts: dict[str, Any] = {}
    if "view_items" in scope.can:
        trend = items.trend(scope, now)
        context.update(
            trend=trend,
            items_today=trend[-1].n,
            items_today_url=items.today_url(),
            newest=items.newest(scope),
        )
        charts["trend"] = {
            "name": _("信息条数"),
            "labels": [d.day.strftime("%m-%d") for d in trend],
            "values": [d.n for d in trend],
            "links": [d.url for d in trend],
        }
    if "view_events" in scope.can:
        context.update(_events(scope, now, charts))
    if "view_cases" in scope.can:
        context["cases"] = cases.open_cases(scope, now)
    if "view_complaints" in scope.can:
        rows = complaints.by_unit(scope, now)
        context.update(
            complaint_rows=rows,
            complaint_totals=complaints.totals(rows),
            complaint_days=complaints.WINDOW_DAYS,
        )
        charts["complaints"] = {
            "received": _("受理"),
            "closed": pgettext("dashboard column", "办结"),
            "labels": [r.name for r in rows],
            "values": [r.received for r in rows],
            "closed_values": [r.closed for r in rows],
            "links": [r.url for r in rows],
        }
    if "view_sources" in scope.can:
        context["sources"] = sources.health(scope)
    context["charts"] = charts
    return context


def _events(scope: Scope, now: datetime, charts: dict[str, Any]) -> dict[str, Any]:
    tiers = events.by_tier(scope, now)
    charts["tiers"] = {
        "name": _("事件"),
        "labels": [t.label for t in tiers],
        "values": [t.n for t in tiers],
        "links": [t.url for t in tiers],
    }
    return {
        "tiers": tiers,
        "events_total": sum(t.n for t in tiers),
        "events_url": events.list_url(period=events.TIER_PERIOD),
        "growing": events.growing(scope, now),
        "growing_url": events.growing_url(),
    }
