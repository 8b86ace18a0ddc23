"""The office's working calendar: which days are working days, and its office hours.

Chinese working days are Monday to Friday, minus public holidays, plus the make-up
working days (调休补班) that fall on weekends. The State Council publishes each year's
schedule late in the previous year; the `chinese-calendar` package carries the published
years (1.11.0: 2004–2026). For a year it does not know, the calendar falls back to
Monday–Friday and marks the day `assumed=True`, so a deadline can say it is an estimate;
it never raises. The office's own overrides (closed days, extra working days) always win.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

import chinese_calendar

OFFICE_TZ = "Asia/Shanghai"
DEFAULT_HOURS: tuple[tuple[time, time], ...] = (
    (time(8, 30), time(12, 0)),
    (time(14, 0), time(17, 30)),
)

DayKind = Literal["workday", "weekend", "holiday", "makeup", "office_closed", "office_open"]

_KIND_LABELS: dict[str, str] = {
    "workday": "工作日",
    "weekend": "周末",
    "holiday": "法定节假日",
    "makeup": "调休补班",
    "office_closed": "单位休息日",
    "office_open": "单位工作日",
}


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One date as the office sees it. `holiday` is the Chinese name of the holiday the
    day belongs to (a make-up working day names the holiday it pays for), or "".
    `assumed` is True when the national schedule for that year is unknown and the day
    was judged by Monday–Friday alone."""

    day: date
    working: bool
    kind: DayKind
    holiday: str = ""
    assumed: bool = False

    @property
    def label(self) -> str:
        base = _KIND_LABELS[self.kind]
        return f"{self.holiday}{base}" if self.holiday and self.kind == "makeup" else base


@functools.cache
def package_years() -> tuple[int, int]:
    """First and last year the installed chinese-calendar knows."""
    known = chinese_calendar.holidays.keys()
    return min(known).year, max(known).year


@functools.lru_cache(maxsize=4096)
def _national_day(day: date) -> DayInfo:
    """The national schedule for one date; pure, so cached across calendars."""
    weekend = day.weekday() >= 5
    try:
        working = bool(chinese_calendar.is_workday(day))
        _, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # year not published in this package version
        return DayInfo(day, not weekend, "weekend" if weekend else "workday", assumed=True)
    holiday = _chinese_name(name)
    if working:
        return DayInfo(day, True, "makeup" if weekend else "workday", holiday)
    if holiday or not weekend:
        return DayInfo(day, False, "holiday", holiday)
    return DayInfo(day, False, "weekend")


def _chinese_name(name: str | None) -> str:
    if not name:
        return ""
    try:
        return str(chinese_calendar.Holiday(name).chinese)
    except ValueError:
        return name


class WorkCalendar:
    """Working days and office hours of one office, in its time zone.

    `hours` are the daily opening intervals in local time (sorted, non-overlapping, each
    start before its end, all within one day). `closed_days` and `extra_working_days` are
    the office's overrides on top of the national schedule. Instances are immutable;
    day lookups and opening times are cached per date.
    """

    def __init__(
        self,
        *,
        hours: Sequence[tuple[time, time]] = DEFAULT_HOURS,
        tz: str | tzinfo = OFFICE_TZ,
        closed_days: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self.hours = _check_hours(hours)
        self.tz: tzinfo = ZoneInfo(tz) if isinstance(tz, str) else tz
        self.closed_days = frozenset(closed_days)
        self.extra_working_days = frozenset(extra_working_days)
        both = self.closed_days & self.extra_working_days
        if both:
            listed = "、".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"同一天不能既是单位休息日又是单位工作日：{listed}")
        self.hours_per_day: float = sum(
            (_seconds(end) - _seconds(start)) / 3600 for start, end in self.hours
        )
        self._days: dict[date, DayInfo] = {}
        self._openings: dict[date, tuple[tuple[datetime, datetime], ...]] = {}

    def __repr__(self) -> str:
        spans = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.hours)
        return f"WorkCalendar(hours=[{spans}], tz={self.tz})"

    def day(self, day: date) -> DayInfo:
        info = self._days.get(day)
        if info is None:
            info = self._days[day] = self._judge(day)
        return info

    def _judge(self, day: date) -> DayInfo:
        national = _national_day(day)
        if day in self.closed_days:
            return DayInfo(day, False, "office_closed", national.holiday)
        if day in self.extra_working_days:
            return DayInfo(day, True, "office_open", national.holiday)
        return national

    def is_working_day(self, day: date) -> bool:
        return self.day(day).working

    def knows(self, day: date) -> bool:
        """True unless the day was judged by Monday–Friday alone (unknown year, and no
        office override for that day)."""
        return not self.day(day).assumed

    def assumed_days(self, first: date, last: date) -> list[date]:
        """Days in [first, last] judged without the national schedule; empty when the
        whole span is known. Use it to mark a deadline as an estimate."""
        lo, hi = package_years()
        if lo <= first.year and last.year <= hi:
            return []  # fast path: overrides only ever make a day known, never assumed
        out: list[date] = []
        day = first
        while day <= last:
            if self.day(day).assumed:
                out.append(day)
            day += timedelta(days=1)
        return out

    def local_date(self, moment: datetime) -> date:
        return _aware(moment).astimezone(self.tz).date()

    def openings(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's office-hour intervals as aware UTC datetimes; empty on a day off."""
        spans = self._openings.get(day)
        if spans is None:
            if self.is_working_day(day):
                spans = tuple(
                    (
                        datetime.combine(day, start, tzinfo=self.tz).astimezone(UTC),
                        datetime.combine(day, end, tzinfo=self.tz).astimezone(UTC),
                    )
                    for start, end in self.hours
                )
            else:
                spans = ()
            self._openings[day] = spans
        return spans

    def is_open(self, moment: datetime) -> bool:
        """True during office hours on a working day (opening inclusive, closing not)."""
        at = _aware(moment).astimezone(UTC)
        return any(a <= at < b for a, b in self.openings(self.local_date(at)))

    def next_opening(self, moment: datetime) -> datetime:
        """`moment` itself when the office is open then, else the next opening (UTC)."""
        at = _aware(moment).astimezone(UTC)
        day = self.local_date(at)
        for _ in range(_SEARCH_DAYS):
            for a, b in self.openings(day):
                if at < b:
                    return max(a, at)
            day += timedelta(days=1)
        raise ValueError("一年以上没有任何工作时间，请检查办公时间和休息日设置")


_SEARCH_DAYS = 400  # longest plausible run of closed days before we call the setup broken


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("需要带时区的时间（aware datetime）")
    return moment


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _check_hours(hours: Sequence[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    spans = tuple((start, end) for start, end in hours)
    if not spans:
        raise ValueError("办公时间不能为空")
    previous_end: time | None = None
    for start, end in spans:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("办公时间用单位所在时区的本地时间，不带时区")
        if start >= end:
            raise ValueError(f"办公时段 {start:%H:%M}–{end:%H:%M} 的开始须早于结束")
        if previous_end is not None and start < previous_end:
            raise ValueError("办公时段须按时间先后排列且互不重叠")
        previous_end = end
    return spans
