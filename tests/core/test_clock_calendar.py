"""The office's working calendar: national holidays and make-up days, office overrides,
years the package does not know, office hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from huiying.core.clock import WorkCalendar, package_years

SH = ZoneInfo("Asia/Shanghai")


def test_national_day_2025_off_days_and_make_up_days() -> None:
    cal = WorkCalendar()
    for day in range(1, 9):
        info = cal.day(date(2025, 10, day))
        assert not info.working and info.kind == "holiday", day
    assert cal.day(date(2025, 10, 1)).holiday == "国庆节"
    assert cal.day(date(2025, 10, 6)).holiday == "中秋"  # the festival inside the break
    sunday, saturday = cal.day(date(2025, 9, 28)), cal.day(date(2025, 10, 11))
    assert sunday.working and sunday.kind == "makeup" and sunday.label == "国庆节调休补班"
    assert saturday.working and saturday.kind == "makeup"
    assert not cal.is_working_day(date(2025, 9, 27))  # the Saturday before stays a weekend
    assert cal.day(date(2025, 9, 27)).label == "周末"
    assert cal.is_working_day(date(2025, 10, 9))
    assert not cal.day(date(2025, 10, 9)).assumed


def test_package_covers_2004_to_at_least_2026() -> None:
    first, last = package_years()
    assert first <= 2004 and last >= 2026


def test_unknown_year_falls_back_to_monday_to_friday_and_says_so() -> None:
    cal = WorkCalendar()
    monday, sunday = cal.day(date(2040, 1, 2)), cal.day(date(2040, 1, 1))
    assert monday.working and monday.assumed
    assert not sunday.working and sunday.assumed and sunday.kind == "weekend"
    assert not cal.knows(date(2040, 1, 2))
    assert cal.assumed_days(date(2039, 12, 30), date(2040, 1, 2))
    assert cal.assumed_days(date(2025, 9, 1), date(2025, 10, 31)) == []
    old = cal.day(date(1999, 10, 1))  # before the package's data: no crash either
    assert old.working and old.assumed


def test_office_overrides_win_over_the_national_schedule() -> None:
    typhoon, duty = date(2025, 9, 24), date(2025, 10, 3)
    cal = WorkCalendar(closed_days=[typhoon], extra_working_days=[duty, date(2040, 1, 1)])
    assert not cal.is_working_day(typhoon)
    assert cal.day(typhoon).kind == "office_closed"
    assert cal.is_working_day(duty) and cal.day(duty).label == "单位工作日"
    assert cal.day(duty).holiday == "国庆节"
    assert cal.knows(date(2040, 1, 1))  # the office said so, so it is not a guess


def test_a_day_cannot_be_both_closed_and_open() -> None:
    with pytest.raises(ValueError, match="既是单位休息日又是单位工作日"):
        WorkCalendar(closed_days=[date(2025, 5, 6)], extra_working_days=[date(2025, 5, 6)])


@pytest.mark.parametrize(
    "hours",
    [
        [],
        [(time(9), time(9))],
        [(time(14), time(17)), (time(9), time(12))],
        [(time(9), time(13)), (time(12), time(17))],
    ],
)
def test_bad_office_hours_are_refused(hours: list[tuple[time, time]]) -> None:
    with pytest.raises(ValueError, match="办公"):
        WorkCalendar(hours=hours)


def test_office_hours_and_next_opening() -> None:
    cal = WorkCalendar()
    assert cal.hours_per_day == 7.0
    assert cal.is_open(datetime(2025, 9, 30, 8, 30, tzinfo=SH))
    assert not cal.is_open(datetime(2025, 9, 30, 12, 0, tzinfo=SH))  # closing is exclusive
    assert not cal.is_open(datetime(2025, 10, 2, 10, 0, tzinfo=SH))  # holiday
    lunch = datetime(2025, 9, 30, 12, 30, tzinfo=SH)
    assert cal.next_opening(lunch) == datetime(2025, 9, 30, 14, 0, tzinfo=SH)
    evening = datetime(2025, 9, 30, 18, 0, tzinfo=SH)
    assert cal.next_opening(evening) == datetime(2025, 10, 9, 8, 30, tzinfo=SH)
    # 01:00 UTC on 1 Oct is 09:00 in Shanghai — still the holiday
    assert not cal.is_open(datetime(2025, 10, 1, 1, 0, tzinfo=UTC))


def test_custom_hours_and_time_zone() -> None:
    cal = WorkCalendar(hours=[(time(9), time(17))], tz="Asia/Urumqi")
    assert cal.hours_per_day == 8.0
    ((opens, closes),) = cal.openings(date(2025, 9, 30))
    assert opens == datetime(2025, 9, 30, 9, 0, tzinfo=ZoneInfo("Asia/Urumqi"))
    assert closes - opens == closes.astimezone(UTC) - opens.astimezone(UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="时区"):
        WorkCalendar().is_open(datetime(2025, 9, 30, 9, 0))  # noqa: DTZ001 - on purpose


def test_days_are_cached_per_calendar() -> None:
    cal = WorkCalendar()
    assert cal.day(date(2025, 10, 1)) is cal.day(date(2025, 10, 1))
    assert cal.openings(date(2025, 9, 30)) is cal.openings(date(2025, 9, 30))
