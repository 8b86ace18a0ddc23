"""Complaints received in the last 30 days, per unit: received, closed and the closure
rate (办结率 = closed / received), still open and overdue; each links to the inbox
filtered to that unit and window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huiying.complaints.figures import overdue_q
from huiying.complaints.models import OPEN_STATUSES, Status
from huiying.web.dashboard.scope import Scope

WINDOW_DAYS = 30
UNASSIGNED = "none"  # the inbox's unit filter for complaints not yet assigned


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    received: int
    closed: int
    open: int
    overdue: int
    url: str

    @property
    def rate(self) -> float | None:
        return self.closed / self.received if self.received else None

    @property
    def closed_url(self) -> str:
        return self.url + "&status=closed"

    @property
    def open_url(self) -> str:
        return self.url + "&status=open"

    @property
    def overdue_url(self) -> str:
        return self.url + "&overdue=on"


def window_start(now: datetime) -> datetime:
    """Local midnight WINDOW_DAYS - 1 days ago: the window includes today."""
    day = timezone.localdate(now) - timedelta(days=WINDOW_DAYS - 1)
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def by_unit(scope: Scope, now: datetime) -> list[UnitRow]:
    since = window_start(now)
    rows = (
        scope.complaints.filter(received_at__gte=since)
        .values("unit__code", "unit__name")
        .annotate(
            received=Count("id"),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=overdue_q(now)),
        )
        .order_by()
    )
    base = reverse("complaints:inbox")
    result = []
    for r in rows:
        code = r["unit__code"] or UNASSIGNED
        query = urlencode({"unit": code, "since": since.date().isoformat()})
        name = r["unit__name"] or _("未分派")
        result.append(
            UnitRow(
                code, name, r["received"], r["closed"], r["open"], r["overdue"], f"{base}?{query}"
            )
        )
    return sorted(result, key=lambda u: (-u.received, u.name))


def totals(rows: list[UnitRow]) -> dict[str, float | int | None]:
    received = sum(r.received for r in rows)
    closed = sum(r.closed for r in rows)
    return {
        "received": received,
        "closed": closed,
        "open": sum(r.open for r in rows),
        "overdue": sum(r.overdue for r in rows),
        "rate": closed / received if received else None,
    }
