"""Calendar periods: when a recurring task falls due, and the periods units are assessed
over (2026年上半年 and the like). Plain date arithmetic; no database.

Due dates are not moved off holidays. A period's due date is its last calendar day (or
the task's deadline when that comes first), even when that day is a weekend or a public
holiday: moving it forward would push it into the next period, and moving it back would
shorten the period, and either would make "due in the period" ambiguous in reports.
Offices submit before a quarter-end holiday; the page shows the date as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

# Months per period for each recurrence; "none" has a single occurrence.
MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def period_containing(day: date, recurrence: str) -> Period:
    """The calendar period of `recurrence` that holds `day` (quarters start in
    January, April, July and October; half-years in January and July)."""
    months = MONTHS[recurrence]
    first_month = (day.month - 1) // months * months + 1
    return Period(date(day.year, first_month, 1), _month_end(day.year, first_month + months - 1))


def periods_between(first: date, last: date, recurrence: str) -> Iterator[Period]:
    """Every period of `recurrence` that overlaps [first, last], in order."""
    if last < first:
        return
    period = period_containing(first, recurrence)
    while period.start <= last:
        yield period
        period = period_containing(period.end + timedelta(days=1), recurrence)


def occurrence_dates(
    starts_on: date, deadline: date, recurrence: str, until: date
) -> list[tuple[Period, date]]:
    """(period, due date) for a task's occurrences whose period has begun by `until`.

    A one-off task has one occurrence from `starts_on` to its deadline. A recurring task
    has one per period overlapping [starts_on, deadline], each due at the end of its
    period or at the deadline, whichever is first; the first is always listed, so a task
    created ahead of its start still shows what is due.
    """
    if recurrence not in MONTHS:
        return [(Period(starts_on, deadline), deadline)]
    out: list[tuple[Period, date]] = []
    for period in periods_between(starts_on, deadline, recurrence):
        if out and period.start > until:
            break
        out.append((period, min(period.end, deadline)))
    return out


# --- Assessment periods -------------------------------------------------------------

_CODE = re.compile(r"^(?P<year>\d{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4]))?$")


@dataclass(frozen=True, slots=True)
class AssessmentPeriod:
    code: str  # "2026", "2026H1", "2026Q3"
    start: date
    end: date

    @property
    def label(self) -> str:
        year = self.start.year
        if self.code.endswith("H1"):
            return str(_("%(year)d年上半年") % {"year": year})
        if self.code.endswith("H2"):
            return str(_("%(year)d年下半年") % {"year": year})
        if "Q" in self.code:
            quarter = int(self.code[-1])
            names = {1: _("第一季度"), 2: _("第二季度"), 3: _("第三季度"), 4: _("第四季度")}
            return str(_("%(year)d年%(quarter)s") % {"year": year, "quarter": names[quarter]})
        return str(_("%(year)d年度") % {"year": year})


def parse_period(code: str) -> AssessmentPeriod | None:
    """ "2026" (a year), "2026H1"/"2026H2" (half-years), "2026Q1".."2026Q4"; else None."""
    match = _CODE.match((code or "").strip().upper())
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    if match["half"]:
        first = 1 if match["half"] == "H1" else 7
        return AssessmentPeriod(match.group(0), date(year, first, 1), _month_end(year, first + 5))
    if match["quarter"]:
        first = (int(match["quarter"][1]) - 1) * 3 + 1
        return AssessmentPeriod(match.group(0), date(year, first, 1), _month_end(year, first + 2))
    return AssessmentPeriod(match.group(0), date(year, 1, 1), date(year, 12, 31))


def recent_periods(today: date, count: int = 6) -> list[AssessmentPeriod]:
    """The current and previous half-years and years, newest first, for pickers."""
    codes = []
    for year in (today.year, today.year - 1, today.year - 2):
        codes += [f"{year}H2", f"{year}H1", f"{year}"]
    periods = [p for c in codes if (p := parse_period(c)) and p.start <= today]
    return periods[:count]
