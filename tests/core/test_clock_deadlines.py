"""Deadlines in calendar and working hours across holidays and make-up working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from huiying.core.clock import (
    DEFAULT_CLOCKS,
    ClockSpec,
    WorkCalendar,
    add_duration,
    complaint_clock,
    deadlines_for,
    is_estimate,
    remaining,
    working_time,
)
from huiying.core.tiers import Tier

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def sh(month: int, day: int, hour: int, minute: int = 0, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def test_five_working_hours_from_friday_afternoon_land_after_dragon_boat_festival() -> None:
    # 2025-05-31 (Sat) … 2025-06-02 (Mon) are off: 1.5 h on Friday, 3.5 h on Tuesday
    due = add_duration(sh(5, 30, 16), 5, mode="working", cal=CAL)
    assert due == sh(6, 3, 12)  # a day used up exactly ends at closing, not the next opening


def test_working_hours_skip_national_day() -> None:
    due = add_duration(sh(9, 30, 15), 5, mode="working", cal=CAL)
    assert due == sh(10, 9, 11)  # 2.5 h on 30 Sep, nothing 1–8 Oct, 2.5 h on 9 Oct


def test_working_hours_count_the_make_up_sunday() -> None:
    # Saturday 27 Sep is off, Sunday 28 Sep is a make-up working day (7 h)
    due = add_duration(sh(9, 27, 10), 8, mode="working", cal=CAL)
    assert due == sh(9, 29, 9, 30)


def test_working_hours_count_the_make_up_saturday() -> None:
    due = add_duration(sh(10, 10, 16), 3, mode="working", cal=CAL)
    assert due == sh(10, 11, 10)


def test_start_outside_office_hours_begins_at_the_next_opening() -> None:
    assert add_duration(sh(9, 29, 6), 1, mode="working", cal=CAL) == sh(9, 29, 9, 30)
    assert add_duration(sh(9, 29, 12, 40), 1, mode="working", cal=CAL) == sh(9, 29, 15)
    assert add_duration(sh(9, 29, 22), 1, mode="working", cal=CAL) == sh(9, 30, 9, 30)


def test_calendar_hours_ignore_holidays() -> None:
    assert add_duration(sh(9, 30, 15), 12, mode="calendar", cal=CAL) == sh(10, 1, 3)


def test_utc_and_other_offsets_give_the_same_instant_in_office_time() -> None:
    in_utc = datetime(2025, 9, 30, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
    in_tokyo = datetime(2025, 9, 30, 16, 0, tzinfo=timezone(timedelta(hours=9)))
    for start in (in_utc, in_tokyo):
        due = add_duration(start, 5, mode="working", cal=CAL)
        assert due == sh(10, 9, 11)
        assert due.utcoffset() == timedelta(hours=8)
    late_utc = datetime(2025, 10, 9, 7, 0, tzinfo=UTC)  # 15:00 Shanghai
    # late by 11:00–12:00 and 14:00–15:00 of office time
    assert remaining(late_utc, sh(10, 9, 11), mode="working", cal=CAL) == -timedelta(hours=2)


def test_remaining_counts_working_time_and_goes_negative_when_late() -> None:
    deadline = sh(10, 9, 11)
    assert remaining(sh(9, 30, 17), deadline, mode="working", cal=CAL) == timedelta(hours=3)
    assert remaining(sh(9, 30, 17), deadline, mode="calendar", cal=CAL) == timedelta(
        days=8, hours=18
    )
    late = sh(10, 9, 15)
    assert remaining(late, deadline, mode="working", cal=CAL) == -timedelta(hours=2)
    assert remaining(late, deadline, mode="calendar", cal=CAL) == -timedelta(hours=4)


def test_late_over_a_closed_weekend_still_reads_as_late() -> None:
    friday_close = sh(9, 26, 17, 30)
    saturday = sh(9, 27, 11)
    assert working_time(friday_close, saturday, cal=CAL) == timedelta(0)
    assert remaining(saturday, friday_close, mode="working", cal=CAL) < timedelta(0)


def test_working_time_is_the_inverse_of_add_duration() -> None:
    start = sh(9, 25, 11, 17)
    for hours in (0.5, 3.5, 7, 19.25, 35, 80):
        due = add_duration(start, hours, mode="working", cal=CAL)
        assert working_time(start, due, cal=CAL) == timedelta(hours=hours)


def test_complaint_reply_is_five_working_days() -> None:
    spec = complaint_clock(CAL)
    assert spec.mode == "working" and spec.hours == 35
    # Monday 10:00 → five days of office hours later; the make-up Sunday counts
    assert spec.deadline(sh(9, 22, 10), CAL) == sh(9, 28, 10)
    # over National Day: 5.5 h on 30 Sep, none 1–8 Oct, 9, 10, 11 (make-up Sat), 13 Oct
    assert spec.deadline(sh(9, 30, 10), CAL) == sh(10, 14, 10)
    longer_days = WorkCalendar(hours=[(time(9), time(17))])
    assert complaint_clock(longer_days, 2).hours == 16


def test_default_clocks_follow_the_rules() -> None:
    major = {s.step: s for s in DEFAULT_CLOCKS[Tier.MAJOR]}
    assert (major["respond"].hours, major["press_conference"].hours) == (5, 24)
    assert DEFAULT_CLOCKS[Tier.EXTRAORDINARY] == DEFAULT_CLOCKS[Tier.MAJOR]
    assert DEFAULT_CLOCKS[Tier.SIGNIFICANT][0].hours == 12
    assert DEFAULT_CLOCKS[Tier.GENERAL][0].hours == 48
    assert all(s.mode == "calendar" for specs in DEFAULT_CLOCKS.values() for s in specs)
    due = deadlines_for(Tier.MAJOR, sh(10, 1, 22), CAL)
    assert due == {"respond": sh(10, 2, 3), "press_conference": sh(10, 2, 22)}


def test_offices_can_pass_their_own_clocks() -> None:
    own = {Tier.SIGNIFICANT: (ClockSpec("flash_report", 2, "working", "报送快报"),)}
    assert deadlines_for(Tier.SIGNIFICANT, sh(9, 30, 17), CAL, own) == {
        "flash_report": sh(10, 9, 10)
    }
    assert deadlines_for(Tier.GENERAL, sh(9, 30, 17), CAL, own) == {}


def test_deadline_in_an_unknown_year_is_flagged_as_an_estimate() -> None:
    start = datetime(2040, 9, 28, 10, tzinfo=SH)  # a Friday
    due = add_duration(start, 7, mode="working", cal=CAL)
    assert due == datetime(2040, 10, 1, 10, tzinfo=SH)  # Monday, by Monday–Friday alone
    assert is_estimate(start, due, mode="working", cal=CAL)
    assert not is_estimate(sh(9, 30, 10), sh(10, 9, 10), mode="working", cal=CAL)
    assert not is_estimate(start, due, mode="calendar", cal=CAL)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_duration(sh(9, 30, 9), -1, mode="working", cal=CAL), "负"),
        (lambda: add_duration(sh(9, 30, 9), 1, mode="hours", cal=CAL), "计时方式"),  # type: ignore[arg-type]
        (
            lambda: add_duration(datetime(2025, 9, 30, 9), 1, mode="working", cal=CAL),  # noqa: DTZ001
            "时区",
        ),
        (lambda: ClockSpec("respond", 0), "正数"),
    ],
)
def test_bad_input_is_refused_clearly(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_a_calendar_with_no_working_time_fails_instead_of_looping() -> None:
    closed = WorkCalendar(closed_days=[date(2025, 1, 1) + timedelta(days=n) for n in range(800)])
    with pytest.raises(ValueError, match="工作时间"):
        add_duration(sh(1, 2, 9), 1, mode="working", cal=closed)
