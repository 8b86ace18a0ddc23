"""Warnings and escalations: once each, also after a restart, and at sensible hours.
Time is driven by explicit `now` values."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from huiying.core.clock import (
    ClockSpec,
    ClockState,
    EscalationPolicy,
    QuietHours,
    WorkCalendar,
    complaint_clock,
    next_actions,
    next_wakeup,
    warn_time,
)
from huiying.core.tiers import Tier

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
FIRST_RESPONSE = ClockSpec("respond", 12)


def sh(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=SH)


def sweep(
    state: ClockState,
    start: datetime,
    end: datetime,
    every: timedelta = timedelta(minutes=5),
    policy: EscalationPolicy | None = None,
) -> list[tuple[datetime, str]]:
    """Evaluate like a scheduler polling every `every`, keeping the returned state."""
    sent: list[tuple[datetime, str]] = []
    now = start
    while now <= end:
        if policy is None:
            actions, state = next_actions(now, state, cal=CAL)
        else:
            actions, state = next_actions(now, state, cal=CAL, policy=policy)
        sent += [(now, a.kind) for a in actions]
        now += every
    return sent


def test_owner_is_warned_once_then_the_leader_is_told_once() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    assert state.deadline == sh(6, 10, 20)
    assert sweep(state, sh(6, 10, 8), sh(6, 12, 8)) == [
        (sh(6, 10, 19), "warn"),  # 1 h left: later than 25 % (3 h) left
        (sh(6, 10, 20), "escalate"),
    ]


def test_actions_carry_what_the_message_needs() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    (warn,), state = next_actions(sh(6, 10, 19, 10), state, cal=CAL)
    assert (warn.kind, warn.to, warn.step, warn.tier) == (
        "warn",
        "owner",
        "respond",
        Tier.SIGNIFICANT,
    )
    assert warn.due == sh(6, 10, 19) and warn.remaining == timedelta(minutes=50)
    assert state.warned_at == sh(6, 10, 19, 10)
    (late,), state = next_actions(sh(6, 10, 20, 5), state, cal=CAL)
    assert (late.kind, late.to) == ("escalate", "next_leader")
    assert late.remaining == -timedelta(minutes=5)
    assert state.escalated_at == sh(6, 10, 20, 5)


def test_a_short_clock_warns_at_a_quarter_of_its_time() -> None:
    state = ClockState.start(ClockSpec("flash_report", 2), Tier.SIGNIFICANT, sh(6, 10, 9), CAL)
    assert warn_time(state, cal=CAL) == sh(6, 10, 10, 30)


def test_deadline_passed_while_down_escalates_exactly_once_after_restart() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    actions, state = next_actions(sh(6, 10, 8), state, cal=CAL)
    assert actions == []
    # down from 08:00 to 21:00: the warning slot and the deadline both passed
    actions, state = next_actions(sh(6, 10, 21), state, cal=CAL)
    assert [a.kind for a in actions] == ["escalate"]  # no stale "1 hour left" warning
    assert actions[0].remaining == -timedelta(hours=1)
    # restarted again, evaluated again and again: nothing more
    assert sweep(state, sh(6, 10, 21), sh(6, 11, 21), every=timedelta(minutes=1)) == []


def test_the_persisted_state_alone_prevents_a_second_send() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    first, stored = next_actions(sh(6, 10, 19), state, cal=CAL)
    # a second scheduler that read the state before the first stored it would send too;
    # one that reads the stored state sends nothing
    again, _ = next_actions(sh(6, 10, 19), stored, cal=CAL)
    assert [a.kind for a in first] == ["warn"] and again == []


def test_quiet_hours_defer_a_late_night_escalation_to_the_morning() -> None:
    # opened 14:00, due 02:00; the warning (01:00) cannot wait for 07:30, so it goes out
    # before the quiet hours; the escalation waits for 07:30
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 14), CAL)
    assert sweep(state, sh(6, 10, 14), sh(6, 11, 12)) == [
        (sh(6, 10, 21, 30), "warn"),
        (sh(6, 11, 7, 30), "escalate"),
    ]


def test_a_warning_due_in_quiet_hours_waits_for_the_morning_when_there_is_time() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 20), CAL)
    assert state.deadline == sh(6, 11, 8)
    assert sweep(state, sh(6, 10, 20), sh(6, 11, 12)) == [
        (sh(6, 11, 7, 30), "warn"),
        (sh(6, 11, 8), "escalate"),
    ]


def test_restart_inside_quiet_hours_escalates_once_at_the_end_of_them() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 14), CAL)
    # down from 14:00 until 03:00; the deadline (02:00) passed in the dark
    assert sweep(state, sh(6, 11, 3), sh(6, 11, 12)) == [(sh(6, 11, 7, 30), "escalate")]


def test_top_tier_ignores_quiet_hours_and_major_does_not() -> None:
    five_hours = ClockSpec("respond", 5)
    top = ClockState.start(five_hours, Tier.EXTRAORDINARY, sh(6, 10, 22), CAL)
    assert sweep(top, sh(6, 10, 22), sh(6, 11, 12)) == [
        (sh(6, 11, 2), "warn"),
        (sh(6, 11, 3), "escalate"),
    ]
    major = ClockState.start(five_hours, Tier.MAJOR, sh(6, 10, 22), CAL)
    assert sweep(major, sh(6, 10, 22), sh(6, 11, 12)) == [(sh(6, 11, 7, 30), "escalate")]
    on_duty = EscalationPolicy(quiet_exempt=Tier.MAJOR)
    assert sweep(major, sh(6, 10, 22), sh(6, 11, 12), policy=on_duty) == [
        (sh(6, 11, 2), "warn"),
        (sh(6, 11, 3), "escalate"),
    ]


def test_quiet_hours_can_be_a_daytime_window_or_off() -> None:
    lunch = EscalationPolicy(quiet=QuietHours(time(12), time(14)))
    state = ClockState.start(ClockSpec("respond", 4), Tier.SIGNIFICANT, sh(6, 10, 9), CAL)
    # due 13:00; the 12:00 warning goes out at 11:30, ahead of the 12:00–14:00 window
    assert sweep(state, sh(6, 10, 9), sh(6, 10, 18), policy=lunch) == [
        (sh(6, 10, 11, 30), "warn"),
        (sh(6, 10, 14), "escalate"),
    ]
    night = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 14), CAL)
    assert sweep(night, sh(6, 10, 14), sh(6, 11, 12), policy=EscalationPolicy(quiet=None)) == [
        (sh(6, 11, 1), "warn"),
        (sh(6, 11, 2), "escalate"),
    ]


@pytest.mark.parametrize(
    ("tier", "opened"),
    [
        (Tier.SIGNIFICANT, sh(6, 10, 8)),
        (Tier.SIGNIFICANT, sh(6, 10, 14)),
        (Tier.SIGNIFICANT, sh(6, 10, 20)),
        (Tier.MAJOR, sh(6, 10, 22)),
        (Tier.EXTRAORDINARY, sh(6, 10, 22)),
    ],
)
def test_next_wakeup_predicts_exactly_when_something_is_sent(tier: Tier, opened: datetime) -> None:
    state = ClockState.start(FIRST_RESPONSE, tier, opened, CAL)
    polled = sweep(state, opened, opened + timedelta(days=2), every=timedelta(minutes=1))
    woken: list[tuple[datetime, str]] = []
    now = opened
    while (wake := next_wakeup(now, state, cal=CAL)) is not None:
        quiet_before, _ = next_actions(wake - timedelta(minutes=1), state, cal=CAL)
        assert wake - timedelta(minutes=1) < now or quiet_before == []
        actions, state = next_actions(wake, state, cal=CAL)
        assert actions, wake
        woken += [(wake, a.kind) for a in actions]
        now = wake
    assert woken == polled


def test_working_hour_clock_warns_in_office_hours() -> None:
    # a complaint received Monday 10:00 is due on the make-up Sunday 28 Sep at 10:00
    state = ClockState.start(complaint_clock(CAL), Tier.GENERAL, sh(9, 22, 10), CAL)
    assert state.deadline == sh(9, 28, 10)
    assert warn_time(state, cal=CAL) == sh(9, 28, 9)  # one working hour before
    (late,), _ = next_actions(sh(9, 29, 9, 30), state, cal=CAL)
    # late by 10:00–12:00 and 14:00–17:30 on Sunday and 08:30–09:30 on Monday
    assert late.kind == "escalate" and late.remaining == -timedelta(hours=6, minutes=30)


def test_finished_step_sends_nothing() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    done = state.finish(sh(6, 10, 12))
    assert sweep(done, sh(6, 10, 12), sh(6, 11, 12)) == []
    assert next_wakeup(sh(6, 10, 12), done, cal=CAL) is None


def test_a_later_deadline_gets_its_own_warning_and_escalation() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    _, state = next_actions(sh(6, 10, 19), state, cal=CAL)
    extended = state.reschedule(sh(6, 11, 12))
    assert extended.warned_at is None
    assert sweep(extended, sh(6, 10, 19), sh(6, 11, 18)) == [
        (sh(6, 11, 11), "warn"),
        (sh(6, 11, 12), "escalate"),
    ]
    earlier = state.reschedule(sh(6, 10, 19, 30))
    assert earlier.warned_at == sh(6, 10, 19)


def test_naive_now_is_refused() -> None:
    state = ClockState.start(FIRST_RESPONSE, Tier.SIGNIFICANT, sh(6, 10, 8), CAL)
    with pytest.raises(ValueError, match="时区"):
        next_actions(datetime(2025, 6, 10, 9), state, cal=CAL)  # noqa: DTZ001 - on purpose
