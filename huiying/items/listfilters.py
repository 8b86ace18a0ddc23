"""The query parameters report figures put on list pages (huiying.reports.figures):
local-day ranges, a unit (with `sub=1` its sub-units), yes/no flags and `as_of`.
Each list reads them here so every list means the same by the same words, and shows
what it filtered (`Active.shown`) and what it ignored as invalid (`Active.errors`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from huiying.org.models import Unit


@dataclass
class Active:
    shown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    total: int | None = None  # records matching, shown when the list is capped or paged
    keys: list[str] = field(default_factory=list)  # parameters read, kept across the form

    def hidden(self, params: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [(k, str(params[k])) for k in self.keys if params.get(k)]


def local_midnight(day: date) -> datetime:
    """The start of a local day of the office (settings.TIME_ZONE)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _day(params: Mapping[str, Any], key: str, active: Active) -> date | None:
    raw = (params.get(key) or "").strip()
    if not raw:
        return None
    active.keys.append(key)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        active.errors.append(
            _("“%(key)s=%(value)s”不是有效日期（应为 2026-06-30 这样的格式），已忽略该条件。")
            % {"key": key, "value": raw[:40]}
        )
        return None


def day_range(
    params: Mapping[str, Any], from_key: str, to_key: str, label: str, active: Active
) -> tuple[datetime | None, datetime | None]:
    """[start of the first day, start of the day after the last day): both days
    included, in the office's time zone, as the report figures count them."""
    first, last = _day(params, from_key, active), _day(params, to_key, active)
    if first is None and last is None:
        return None, None
    if first is not None and last is not None:
        text = _("%(label)s：%(a)s 至 %(b)s（北京时间，含首尾两日）") % {
            "label": label,
            "a": first.isoformat(),
            "b": last.isoformat(),
        }
    elif first is not None:
        text = _("%(label)s：%(a)s 起（北京时间）") % {"label": label, "a": first.isoformat()}
    else:
        assert last is not None
        text = _("%(label)s：截至 %(b)s（北京时间，含当日）") % {
            "label": label,
            "b": last.isoformat(),
        }
    active.shown.append(text)
    start = local_midnight(first) if first is not None else None
    end = local_midnight(last + timedelta(days=1)) if last is not None else None
    return start, end


def as_of(params: Mapping[str, Any], active: Active) -> datetime | None:
    """`as_of=DAY`: judge states as they were at the end of that local day."""
    day = _day(params, "as_of", active)
    if day is None:
        return None
    active.shown.append(_("状态截至：%(d)s 日终（北京时间）") % {"d": day.isoformat()})
    return local_midnight(day + timedelta(days=1))


def flag(params: Mapping[str, Any], key: str, label: str, active: Active) -> bool:
    """`key=1` turns the condition on; any other non-empty value is ignored, visibly."""
    raw = (params.get(key) or "").strip()
    if not raw:
        return False
    active.keys.append(key)
    if raw == "1":
        active.shown.append(label)
        return True
    active.errors.append(
        _("“%(key)s=%(value)s”无效（只能为 1），已忽略该条件。") % {"key": key, "value": raw[:40]}
    )
    return False


def unit_ids(params: Mapping[str, Any], active: Active) -> list[int] | None:
    """`unit=CODE`: that unit's records; with `sub=1` also its sub-units' (the report's
    scope of a unit). None when no unit is asked for or the code is unknown."""
    from huiying.reports.figures.base import sub_units

    code = (params.get("unit") or "").strip()
    with_sub = (params.get("sub") or "").strip() == "1"
    if not code:
        return None
    active.keys.extend(["unit", "sub"])
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        active.errors.append(
            _("没有代码为“%(code)s”的单位，已忽略单位条件。") % {"code": code[:40]}
        )
        return None
    if with_sub:
        active.shown.append(_("单位：%(name)s及下属单位") % {"name": unit.name})
        return sub_units(unit)
    active.shown.append(_("单位：%(name)s") % {"name": unit.name})
    return [unit.pk]
