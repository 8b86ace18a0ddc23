"""Response clocks: deadlines in calendar hours or in working hours.

Working hours are the office hours of working days in the office's `WorkCalendar`.
Counting starts at the next opening when a clock starts outside office hours, and a
deadline that uses up a day exactly lands at that day's closing time (17:30), not at the
next morning. All arithmetic is done on UTC instants, so inputs may be in any time zone;
results are in the office time zone.

"N working days" (工作日) means N × the office's working hours per day (7 h with the
default 08:30–12:00 and 14:00–17:30): a complaint received on Monday 10:00 with five
working days to answer is due the next Monday 10:00, with holidays skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Literal

from huiying.core.clock.calendar import WorkCalendar
from huiying.core.tiers import Tier

Mode = Literal["calendar", "working"]
MODES: tuple[Mode, ...] = ("calendar", "working")
_ZERO = timedelta(0)
_LATE_FLOOR = timedelta(seconds=-1)


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} 需要带时区的时间（aware datetime）")
    return moment.astimezone(UTC)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"未知的计时方式：{mode!r}（应为 calendar 或 working）")


def add_duration(start: datetime, hours: float, *, mode: Mode, cal: WorkCalendar) -> datetime:
    """The moment `hours` after `start`: calendar hours, or office hours on working days."""
    _check_mode(mode)
    if hours < 0:
        raise ValueError("时长不能为负")
    at = _utc(start, "start")
    left = timedelta(hours=hours)
    if mode == "calendar" or left == _ZERO:
        return (at + left).astimezone(cal.tz)
    day = cal.local_date(at)
    for _ in range(_max_days(hours, cal)):
        for opens, closes in cal.openings(day):
            if closes <= at:
                continue
            begin = max(opens, at)
            span = closes - begin
            if left <= span:
                return (begin + left).astimezone(cal.tz)
            left -= span
        day += timedelta(days=1)
    raise ValueError("找不到足够的工作时间，请检查办公时间和休息日设置")


def _max_days(hours: float, cal: WorkCalendar) -> int:
    # Enough calendar days for the hours even through long holidays; then give up.
    return int(hours / cal.hours_per_day * 3) + 400


def working_time(start: datetime, end: datetime, *, cal: WorkCalendar) -> timedelta:
    """Office time on working days within [start, end]; zero when end ≤ start."""
    a, b = _utc(start, "start"), _utc(end, "end")
    total = _ZERO
    if b <= a:
        return total
    day, last = cal.local_date(a), cal.local_date(b)
    while day <= last:
        for opens, closes in cal.openings(day):
            lo, hi = max(opens, a), min(closes, b)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total


def remaining(now: datetime, deadline: datetime, *, mode: Mode, cal: WorkCalendar) -> timedelta:
    """Time left until the deadline; negative once it has passed.

    In working mode, the working time left, or minus the working time since the deadline
    when late. A deadline missed at Friday's closing is still late on Saturday, when no
    working time has yet passed: it then shows as −1 s, so the sign alone tells lateness.
    """
    _check_mode(mode)
    a, b = _utc(now, "now"), _utc(deadline, "deadline")
    if mode == "calendar":
        return b - a
    if a <= b:
        return working_time(a, b, cal=cal)
    return min(-working_time(b, a, cal=cal), _LATE_FLOOR)


@dataclass(frozen=True, slots=True)
class ClockSpec:
    """One step's clock: `step` is the case step it times (e.g. "respond"), `label` what
    the page shows."""

    step: str
    hours: float
    mode: Mode = "calendar"
    label: str = ""

    def __post_init__(self) -> None:
        _check_mode(self.mode)
        if not self.hours > 0:
            raise ValueError(f"时限须为正数：{self.step} {self.hours}")

    @classmethod
    def working_days(
        cls, step: str, days: float, cal: WorkCalendar, *, label: str = ""
    ) -> ClockSpec:
        """`days` working days as days × the office's working hours per day."""
        return cls(step, days * cal.hours_per_day, "working", label)

    def deadline(self, start: datetime, cal: WorkCalendar) -> datetime:
        return add_duration(start, self.hours, mode=self.mode, cal=cal)


RESPOND = ClockSpec("respond", 48, "calendar", "回应关切")
FIRST_RESPONSE = ClockSpec("respond", 12, "calendar", "首次公开回应")
AUTHORITATIVE_INFO = ClockSpec("respond", 5, "calendar", "发布权威信息")
PRESS_CONFERENCE = ClockSpec("press_conference", 24, "calendar", "召开新闻发布会")

# Per tier, from DOMAIN.md §2: 48 h for government-related concerns (国办发〔2016〕61号),
# 12 h first public response for public-facing events, and for major and extraordinary
# events authoritative information within 5 h and a press conference within 24 h
# (国办发〔2016〕80号). All calendar hours: the public does not wait for office hours.
DEFAULT_CLOCKS: Mapping[Tier, tuple[ClockSpec, ...]] = MappingProxyType(
    {
        Tier.GENERAL: (RESPOND,),
        Tier.SIGNIFICANT: (FIRST_RESPONSE,),
        Tier.MAJOR: (AUTHORITATIVE_INFO, PRESS_CONFERENCE),
        Tier.EXTRAORDINARY: (AUTHORITATIVE_INFO, PRESS_CONFERENCE),
    }
)

COMPLAINT_REPLY_DAYS = 5.0


def complaint_clock(cal: WorkCalendar, days: float = COMPLAINT_REPLY_DAYS) -> ClockSpec:
    """The reply clock of a complaint (诉求): `days` working days, counted in office hours."""
    return ClockSpec.working_days("reply", days, cal, label="答复诉求")


def deadlines_for(
    tier: Tier,
    opened: datetime,
    cal: WorkCalendar,
    clocks: Mapping[Tier, Sequence[ClockSpec]] = DEFAULT_CLOCKS,
) -> dict[str, datetime]:
    """Each step's deadline for a case of `tier` opened at `opened`."""
    return {spec.step: spec.deadline(opened, cal) for spec in clocks.get(tier, ())}


def is_estimate(start: datetime, deadline: datetime, *, mode: Mode, cal: WorkCalendar) -> bool:
    """True when a working-hour deadline crosses days whose national schedule the
    calendar does not know (it assumed Monday–Friday there)."""
    if mode == "calendar":
        return False
    first: date = cal.local_date(start)
    return bool(cal.assumed_days(first, cal.local_date(deadline)))
