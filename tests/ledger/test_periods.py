"""Period arithmetic: pure, no database."""

from __future__ import annotations

from datetime import date

from huiying.ledger.periods import occurrence_dates, parse_period, period_containing


def test_quarters_and_half_years_follow_the_calendar():
    q = period_containing(date(2026, 5, 17), "quarterly")
    assert (q.start, q.end) == (date(2026, 4, 1), date(2026, 6, 30))
    h = period_containing(date(2026, 11, 2), "half_yearly")
    assert (h.start, h.end) == (date(2026, 7, 1), date(2026, 12, 31))
    m = period_containing(date(2028, 2, 10), "monthly")
    assert m.end == date(2028, 2, 29)


def test_a_quarterly_task_falls_due_at_each_quarter_end_until_its_deadline():
    dates = occurrence_dates(date(2026, 2, 10), date(2026, 11, 15), "quarterly", date(2027, 1, 1))
    assert [due for _p, due in dates] == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 11, 15),
    ]  # fmt: skip
    # Only periods that have begun by `until` are listed, and always the first.
    assert len(occurrence_dates(date(2026, 2, 10), date(2026, 11, 15), "quarterly",
                                date(2026, 5, 1))) == 2  # fmt: skip
    assert len(occurrence_dates(date(2026, 2, 10), date(2026, 11, 15), "quarterly",
                                date(2025, 1, 1))) == 1  # fmt: skip


def test_a_quarter_end_on_a_holiday_is_not_moved():
    # 2027-01-01 is New Year's Day but the 2026 Q4 period still ends on 31 December,
    # and 2023-09-30 (Mid-Autumn/National Day holiday) stays the Q3 due date.
    dates = occurrence_dates(date(2023, 7, 1), date(2023, 12, 31), "quarterly", date(2024, 1, 1))
    assert [due for _p, due in dates] == [date(2023, 9, 30), date(2023, 12, 31)]


def test_one_off_task_has_one_occurrence():
    dates = occurrence_dates(date(2026, 3, 1), date(2026, 4, 30), "none", date(2026, 3, 1))
    assert [due for _p, due in dates] == [date(2026, 4, 30)]


def test_assessment_period_codes_and_labels():
    h1 = parse_period("2026h1")
    assert h1 and (h1.start, h1.end, h1.label) == (
        date(2026, 1, 1),
        date(2026, 6, 30),
        "2026年上半年",
    )
    q3 = parse_period("2026Q3")
    assert q3 and q3.label == "2026年第三季度" and q3.end == date(2026, 9, 30)
    year = parse_period("2025")
    assert year and year.label == "2025年度"
    assert parse_period("2026H3") is None and parse_period("上半年") is None
