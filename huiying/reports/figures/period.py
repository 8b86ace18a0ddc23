"""Report periods: parse `2026-11-24`, `2026-W47`, `2026-H1`, `2026` into [start, end)
dates, and turn dates into aware datetimes at local midnight of the office."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

KINDS_PERIOD_FORM = {
    "daily": "日期，例如 2026-11-24",
    "weekly": "周，例如 2026-W47",
    "half-year": "半年，例如 2026-H1",
    "annual": "年份，例如 2026",
    "special": "日期范围可省略；给出时可用任一形式",
}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # exclusive
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        zone = ZoneInfo(tz)
        return (
            datetime.combine(self.start, time(0), tzinfo=zone),
            datetime.combine(self.end, time(0), tzinfo=zone),
        )

    def human(self) -> str:
        if self.end - self.start == timedelta(days=1):
            return _cn(self.start)
        return f"{_cn(self.start)}至{_cn(self.last_day)}"

    def name(self) -> str:
        """How a report title names the period: 2026年上半年, 2026年第47周, …"""
        label = self.label
        if label.endswith("-H1"):
            return f"{label[:4]}年上半年"
        if label.endswith("-H2"):
            return f"{label[:4]}年下半年"
        if "-W" in label:
            return f"{label[:4]}年第{int(label[6:])}周（{self.human()}）"
        if len(label) == 4:
            return f"{label}年度"
        return self.human()


def _cn(d: date) -> str:
    # GB/T 9704 writes dates without zero padding.
    return f"{d.year}年{d.month}月{d.day}日"


def day(d: date) -> Period:
    return Period(d, d + timedelta(days=1), d.isoformat())


def iso_week(year: int, week: int) -> Period:
    start = date.fromisocalendar(year, week, 1)
    return Period(start, start + timedelta(days=7), f"{year}-W{week:02d}")


def half_year(year: int, half: int) -> Period:
    if half == 1:
        return Period(date(year, 1, 1), date(year, 7, 1), f"{year}-H1")
    return Period(date(year, 7, 1), date(year + 1, 1, 1), f"{year}-H2")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y + 1, 1, 1), str(y))


_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


def parse_any(text: str) -> Period:
    """Any of the four forms, whatever the report kind."""
    value = text.strip()
    try:
        if m := _DAY.match(value):
            return day(date(int(m[1]), int(m[2]), int(m[3])))
        if m := _WEEK.match(value):
            return iso_week(int(m[1]), int(m[2]))
        if m := _HALF.match(value):
            return half_year(int(m[1]), int(m[2]))
        if m := _YEAR.match(value):
            return year(int(m[1]))
    except ValueError:
        raise ValueError(f"期间“{value}”不是有效的日期或周次") from None
    raise ValueError(
        f"无法识别的期间“{value}”：应为 2026-11-24（日）、2026-W47（周）、"
        "2026-H1（半年）或 2026（年）"
    )


_EXPECTED = {"daily": _DAY, "weekly": _WEEK, "half-year": _HALF, "annual": _YEAR}


def parse(kind: str, text: str) -> Period:
    """The period of a report of `kind`; a Chinese ValueError when the form does not fit
    the kind (a weekly report wants a week, not a year)."""
    period = parse_any(text)
    pattern = _EXPECTED.get(kind)
    if pattern is not None and not pattern.match(text.strip()):
        raise ValueError(f"该类报告的期间应为{KINDS_PERIOD_FORM[kind]}，而不是“{text.strip()}”")
    return period


def default_for(kind: str, today: date) -> Period:
    """The period a report of `kind` is usually about on `today`: yesterday, last week,
    the last finished half year, the last finished year."""
    if kind == "daily":
        return day(today - timedelta(days=1))
    if kind == "weekly":
        y, w, _d = (today - timedelta(days=7)).isocalendar()
        return iso_week(y, w)
    if kind == "half-year":
        return half_year(today.year - 1, 2) if today.month <= 6 else half_year(today.year, 1)
    return year(today.year - 1)
