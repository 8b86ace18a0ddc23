"""The complaint reply clock on the office's working calendar, and how a page shows it.

Default: 5 working days (`huiying.core.clock.complaint_clock`), counted in office hours
from when the complaint was received. An office may set another number of days with
the Django setting HUIYING_COMPLAINT_REPLY_DAYS.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from huiying.core.clock import (
    ClockSpec,
    WorkCalendar,
    complaint_clock,
    is_estimate,
    remaining,
)
from huiying.core.clock.deadlines import COMPLAINT_REPLY_DAYS


@functools.lru_cache(maxsize=4)
def _calendar(tz: str) -> WorkCalendar:
    return WorkCalendar(tz=tz)


def office_calendar() -> WorkCalendar:
    return _calendar(str(settings.TIME_ZONE))


def reply_clock() -> ClockSpec:
    days = float(getattr(settings, "HUIYING_COMPLAINT_REPLY_DAYS", COMPLAINT_REPLY_DAYS))
    return complaint_clock(office_calendar(), days)


def due_after(start: datetime) -> datetime:
    """When a reply to a complaint received (or reopened) at `start` is due."""
    return reply_clock().deadline(start, office_calendar())


@dataclass(frozen=True, slots=True)
class Countdown:
    """What is left of a reply clock, in working time; `left` is negative when late."""

    left: timedelta
    late: bool
    text: str
    estimate: bool


def countdown(start: datetime, due_at: datetime, now: datetime) -> Countdown:
    cal = office_calendar()
    left = remaining(now, due_at, mode="working", cal=cal)
    late = left < timedelta(0)
    amount = working_amount(abs(left), cal.hours_per_day)
    if late:
        text = _("已超时 %(amount)s") % {"amount": amount} if amount else _("已超时")
    else:
        text = _("剩余 %(amount)s") % {"amount": amount or _("不到 1 分钟")}
    return Countdown(left, late, text, is_estimate(start, due_at, mode="working", cal=cal))


def working_amount(span: timedelta, hours_per_day: float) -> str:
    """'2 个工作日 3 小时', '3 小时 20 分钟', '20 分钟'; '' under a minute."""
    minutes = int(span.total_seconds() // 60)
    day_minutes = round(hours_per_day * 60)
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    if days:
        if hours:
            return _("%(d)d 个工作日 %(h)d 小时") % {"d": days, "h": hours}
        return _("%(d)d 个工作日") % {"d": days}
    if hours:
        if mins:
            return _("%(h)d 小时 %(m)d 分钟") % {"h": hours, "m": mins}
        return _("%(h)d 小时") % {"h": hours}
    return _("%(m)d 分钟") % {"m": mins} if mins else ""
