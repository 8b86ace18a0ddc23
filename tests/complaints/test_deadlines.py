"""Reply deadlines on the Chinese working calendar (5 working days by default)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huiying.complaints.deadlines import countdown, due_after, working_amount
from tests.complaints.conftest import at, receive

pytestmark = pytest.mark.django_db


def test_received_the_day_before_national_day_is_due_after_the_holiday(office):
    # Tuesday 30 September 2025; 1–8 October are the National Day holiday and Saturday
    # 11 October is a make-up working day. Counting Monday–Friday alone would give 8 October.
    complaint = receive("H1", received_at=at(2025, 9, 30))
    assert complaint.due_at == at(2025, 10, 14)


def test_received_before_a_weekend_counts_the_make_up_sunday(office):
    assert due_after(at(2025, 9, 22)) == at(2025, 9, 28)  # Sunday 28 September: 补班


def test_received_out_of_hours_starts_counting_at_the_next_opening(office):
    # Friday 19:00 counts from Monday 08:30: five full working days end on Friday at 17:30.
    assert due_after(at(2025, 9, 12, 19)) == at(2025, 9, 19, 17, 30)


def test_countdown_stands_still_over_the_holiday(office):
    received, due = at(2025, 9, 30), at(2025, 10, 14)
    on_holiday = countdown(received, due, at(2025, 10, 3, 15))
    after_holiday = countdown(received, due, at(2025, 10, 9, 8))
    assert on_holiday.left == after_holiday.left == timedelta(hours=29.5)
    assert on_holiday.text == "剩余 4 个工作日 1 小时"
    assert not on_holiday.late and not on_holiday.estimate


def test_countdown_after_the_deadline_says_how_late(office):
    late = countdown(at(2025, 9, 15), at(2025, 9, 22), at(2025, 9, 23, 9, 15))
    # 22 September 10:00–12:00 and 14:00–17:30, then 23 September 08:30–09:15.
    assert late.late and late.text == "已超时 6 小时 15 分钟"


def test_working_amounts():
    assert working_amount(timedelta(hours=14), 7.0) == "2 个工作日"
    assert working_amount(timedelta(hours=2, minutes=5), 7.0) == "2 小时 5 分钟"
    assert working_amount(timedelta(minutes=40), 7.0) == "40 分钟"
    assert working_amount(timedelta(seconds=20), 7.0) == ""


def test_the_number_of_days_is_configurable(office, settings):
    settings.HUIYING_COMPLAINT_REPLY_DAYS = 2
    assert due_after(at(2025, 9, 15)) == at(2025, 9, 17)
