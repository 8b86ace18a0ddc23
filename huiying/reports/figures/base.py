"""What every figure module shares: the report's period and scope, and how one figure
is written down — its value, the text shown, a Chinese note saying exactly which records
were counted, and the link to the list page that shows them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings

from huiying.org.models import Unit
from huiying.reports.figures.period import Period


def sub_units(unit: Unit) -> list[int]:
    """The unit and every unit below it (breadth first, cycle-safe)."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    found = [unit.pk]
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        nxt = [uid for uid, parent in parents.items() if parent in frontier and uid not in seen]
        seen.update(nxt)
        found.extend(sorted(nxt))
        frontier = nxt
    return found


@dataclass(frozen=True)
class Scope:
    """Whole office (unit None) or one unit with its sub-units."""

    unit: Unit | None
    unit_ids: tuple[int, ...] | None = None
    name: str = "全办"
    codes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, unit: Unit | None) -> Scope:
        if unit is None:
            return cls(None)
        ids = tuple(sub_units(unit))
        codes = tuple(Unit.objects.filter(pk__in=ids).order_by("pk").values_list("code", flat=True))
        label = f"{unit.name}及下属单位" if len(ids) > 1 else unit.name
        return cls(unit, ids, label, codes)

    def filter(self, qs: Any, field_name: str) -> Any:
        """qs limited to rows whose `field_name` (a unit id path) is in scope."""
        if self.unit_ids is None:
            return qs
        return qs.filter(**{f"{field_name}__in": self.unit_ids})


@dataclass(frozen=True)
class Ctx:
    period: Period
    scope: Scope
    start: datetime
    end: datetime

    @classmethod
    def of(cls, period: Period, scope: Scope) -> Ctx:
        start, end = period.bounds(str(settings.TIME_ZONE))
        return cls(period, scope, start, end)

    @property
    def where(self) -> str:
        return f"{self.period.human()}（北京时间，含首日、含末日），范围：{self.scope.name}"

    def href(self, path: str, from_key: str, to_key: str, **extra: Any) -> str:
        """A list page filtered to the period (both days inclusive) and the scope."""
        params: dict[str, Any] = {
            from_key: self.period.start.isoformat(),
            to_key: self.period.last_day.isoformat(),
        }
        if self.scope.unit is not None:
            params["unit"] = self.scope.unit.code
            if self.scope.unit_ids is not None and len(self.scope.unit_ids) > 1:
                # `unit` alone is that unit's own records (per-unit tables, dashboard);
                # a report on a unit counts its sub-units too.
                params["sub"] = "1"
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return f"{path}?{urlencode(params)}"


def fig(value: Any, text: str, note: str, href: str = "") -> dict[str, Any]:
    return {"value": value, "text": text, "note": note, "href": href}


def count_fig(n: int, note: str, href: str = "", unit: str = "") -> dict[str, Any]:
    return fig(n, f"{n}{unit}", note, href)


def rate_fig(num: int, den: int, note: str, href: str = "") -> dict[str, Any]:
    """A share as a percentage with one decimal; no denominator → 无数据."""
    if not den:
        return fig(None, "无数据", note + "（分母为 0，无数据）", href)
    value = round(100 * num / den, 1)
    return fig(value, f"{value:.1f}%", note, href)


def hours_fig(hours: float | None, note: str, href: str = "") -> dict[str, Any]:
    if hours is None:
        return fig(None, "无数据", note + "（无符合条件的记录）", href)
    value = round(hours, 1)
    return fig(value, f"{value:.1f}小时", note, href)


def median(values: Sequence[float]) -> float | None:
    """The middle value; the mean of the two middle values for an even count."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values ≤ it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def hours_between(a: datetime, b: datetime) -> float:
    return (b - a) / timedelta(hours=1)


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(str(settings.TIME_ZONE))).date()
