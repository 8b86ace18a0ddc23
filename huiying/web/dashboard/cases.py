"""Open cases with their clocks: how many, how many late, and the ones due first (late
ones first, then by the nearest deadline), as the cases list orders them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Min, Q
from django.urls import reverse

from huiying.cases.clocks import countdown
from huiying.cases.models import Case, Step
from huiying.web.dashboard.events import TIER_NAMES
from huiying.web.dashboard.scope import Scope

SHOWN = 8
OPEN_STEPS = [
    value for value, _label in Step.choices if value != Step.CLOSED
]  # lets the step index serve


@dataclass
class OpenCases:
    open: int
    late: int
    by_tier: dict[int, int]
    rows: list[Case] = field(default_factory=list)
    open_url: str = ""
    late_url: str = ""


def late_q(now: datetime) -> Q:
    """A running clock past its deadline (the cases list's `late=1`)."""
    return Q(clocks__done_at__isnull=True, clocks__deadline__lt=now)


def open_cases(scope: Scope, now: datetime, shown: int = SHOWN) -> OpenCases:
    qs = scope.cases.filter(step__in=OPEN_STEPS)
    by_tier = dict(qs.order_by().values_list("tier").annotate(n=Count("id")))
    late = qs.filter(late_q(now)).values("id").distinct().count()
    # Ids first (a narrow GROUP BY), then the few rows with their related records.
    ids = list(
        qs.values("id")
        .annotate(next_deadline=Min("clocks__deadline", filter=Q(clocks__done_at__isnull=True)))
        .order_by(F("next_deadline").asc(nulls_last=True), "id")
        .values_list("id", flat=True)[:shown]
    )
    first = (
        Case.objects.filter(pk__in=ids)
        .select_related("unit", "owner__profile")
        .prefetch_related("clocks")
        .in_bulk()
    )
    rows = [first[pk] for pk in ids]
    for case in rows:
        running = [c for c in case.clocks.all() if c.done_at is None]
        case.countdowns = [(c, countdown(c, now)) for c in running]
        case.late = any(cd.state == "late" for _c, cd in case.countdowns)
        case.tier_name = TIER_NAMES.get(case.tier, case.tier)
    base = reverse("cases:mine") + "?scope=all"
    return OpenCases(
        open=sum(by_tier.values()),
        late=late,
        by_tier=by_tier,
        rows=rows,
        open_url=base,
        late_url=base + "&late=1",
    )
