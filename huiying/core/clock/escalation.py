"""Warnings and escalations for one step's clock, as a pure function over its state.

    state = ClockState.start(spec, Tier.SIGNIFICANT, opened, cal)
    actions, state = next_actions(now, state, cal=cal)   # persist `state`, then send
    wake = next_wakeup(now, state, cal=cal)               # when to evaluate again

The owner is warned once, when the clock nears its end; the next leader is told once,
when it has run out. `warned_at` / `escalated_at` in the state record what was sent, so
evaluating again — after a restart, or twice by two schedulers — sends nothing new, and a
deadline that passed while the system was down escalates exactly once when it is back.
A warning that would only become due after the deadline is not sent: the escalation says
more. Reminders for tiers below `quiet_exempt` wait out quiet hours (22:00–07:30 by
default, office time); when deferring a warning to the morning would push it past the
deadline, it goes out half an hour before the quiet hours begin instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from huiying.core.clock.calendar import WorkCalendar
from huiying.core.clock.deadlines import ClockSpec, Mode, add_duration, remaining, working_time
from huiying.core.tiers import Tier

ActionKind = Literal["warn", "escalate"]
_BEFORE_QUIET = timedelta(minutes=30)  # slack for a scheduler that polls, not wakes


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window in office time when routine reminders wait. `start` > `end` means
    the window runs over midnight; `start` == `end` means no quiet hours."""

    start: time = time(22, 0)
    end: time = time(7, 30)

    def window(self, moment: datetime, tz: tzinfo) -> tuple[datetime, datetime] | None:
        """The quiet window [begin, end) containing `moment`, as UTC instants, or None."""
        if self.start == self.end:
            return None
        local = moment.astimezone(tz)
        now, day = local.time().replace(tzinfo=None), local.date()
        one = timedelta(days=1)
        if self.start < self.end:
            inside = self.start <= now < self.end
            begin_day, end_day = day, day
        elif now >= self.start:
            inside, begin_day, end_day = True, day, day + one
        else:
            inside, begin_day, end_day = now < self.end, day - one, day
        if not inside:
            return None
        return _at(begin_day, self.start, tz), _at(end_day, self.end, tz)


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    """Warn when `warn_fraction` of the clock or `warn_lead` is left, whichever comes
    later (for a 48 h clock: 1 h before; for a 2 h clock: 30 min before). In working
    mode both are working time. `quiet=None` turns quiet hours off."""

    warn_fraction: float = 0.25
    warn_lead: timedelta = timedelta(hours=1)
    quiet: QuietHours | None = QuietHours()
    quiet_exempt: Tier = Tier.EXTRAORDINARY  # this tier and above are never deferred

    def __post_init__(self) -> None:
        if not 0 <= self.warn_fraction <= 1 or self.warn_lead < timedelta(0):
            raise ValueError("提醒提前量须在 0–100% 之间且不为负")

    def quiet_for(self, tier: Tier) -> QuietHours | None:
        return None if tier >= self.quiet_exempt else self.quiet


DEFAULT_POLICY = EscalationPolicy()


@dataclass(frozen=True, slots=True)
class ClockState:
    """What the Django side stores per step clock. `done_at` is set when the step is
    completed; a finished clock sends nothing more."""

    step: str
    tier: Tier
    mode: Mode
    started: datetime
    deadline: datetime
    warned_at: datetime | None = None
    escalated_at: datetime | None = None
    done_at: datetime | None = None

    @classmethod
    def start(cls, spec: ClockSpec, tier: Tier, started: datetime, cal: WorkCalendar) -> ClockState:
        return cls(spec.step, tier, spec.mode, started, spec.deadline(started, cal))

    def finish(self, at: datetime) -> ClockState:
        return replace(self, done_at=at)

    def reschedule(self, deadline: datetime) -> ClockState:
        """A changed deadline. Moved later, it gets its own warning and escalation;
        moved earlier, what was already sent stands."""
        if deadline > self.deadline:
            return replace(self, deadline=deadline, warned_at=None, escalated_at=None)
        return replace(self, deadline=deadline)


@dataclass(frozen=True, slots=True)
class Action:
    """Something to send now: `warn` to the step's owner, `escalate` to the next leader.
    `due` is when it was scheduled to go out (quiet hours applied; the deadline for an
    escalation); `remaining` the time left at evaluation, negative when late (working
    time in working mode)."""

    kind: ActionKind
    to: Literal["owner", "next_leader"]
    step: str
    tier: Tier
    deadline: datetime
    due: datetime
    remaining: timedelta


def warn_time(
    state: ClockState, *, cal: WorkCalendar, policy: EscalationPolicy = DEFAULT_POLICY
) -> datetime | None:
    """When the owner's warning is due, quiet hours applied; None when no warning fits
    before the deadline."""
    nominal = _nominal_warn(state, cal, policy)
    quiet = policy.quiet_for(state.tier)
    window = quiet.window(nominal, cal.tz) if quiet else None
    if window is None:
        return nominal
    begin, end = window
    if end < state.deadline:
        return end
    early = begin - _BEFORE_QUIET
    return early if early >= state.started else None


def _nominal_warn(state: ClockState, cal: WorkCalendar, policy: EscalationPolicy) -> datetime:
    if state.mode == "calendar":
        total = state.deadline.astimezone(UTC) - state.started.astimezone(UTC)
        return state.deadline.astimezone(UTC) - min(total * policy.warn_fraction, policy.warn_lead)
    total = working_time(state.started, state.deadline, cal=cal)
    lead = min(total * policy.warn_fraction, policy.warn_lead)
    return add_duration(state.started, (total - lead) / timedelta(hours=1), mode="working", cal=cal)


def _quiet_now(
    now: datetime, state: ClockState, cal: WorkCalendar, policy: EscalationPolicy
) -> bool:
    quiet = policy.quiet_for(state.tier)
    return quiet is not None and quiet.window(now, cal.tz) is not None


def next_actions(
    now: datetime,
    state: ClockState,
    *,
    cal: WorkCalendar,
    policy: EscalationPolicy = DEFAULT_POLICY,
) -> tuple[list[Action], ClockState]:
    """What to send at `now`, and the state that records it as sent."""
    if now.tzinfo is None:
        raise ValueError("now 需要带时区的时间（aware datetime）")
    if state.done_at is not None or state.escalated_at is not None:
        return [], state
    if _quiet_now(now, state, cal, policy):
        return [], state
    left = remaining(now, state.deadline, mode=state.mode, cal=cal)
    if now >= state.deadline:
        action = Action(
            "escalate", "next_leader", state.step, state.tier, state.deadline, state.deadline, left
        )
        return [action], replace(state, escalated_at=now)
    if state.warned_at is None:
        due = warn_time(state, cal=cal, policy=policy)
        if due is not None and now >= due:
            action = Action("warn", "owner", state.step, state.tier, state.deadline, due, left)
            return [action], replace(state, warned_at=now)
    return [], state


def next_wakeup(
    now: datetime,
    state: ClockState,
    *,
    cal: WorkCalendar,
    policy: EscalationPolicy = DEFAULT_POLICY,
) -> datetime | None:
    """The earliest moment ≥ now at which `next_actions` will have something to send;
    None when nothing is left to send. The scheduler sleeps until then."""
    if state.done_at is not None or state.escalated_at is not None:
        return None
    quiet = policy.quiet_for(state.tier)

    def sendable(moment: datetime) -> datetime:
        window = quiet.window(moment, cal.tz) if quiet else None
        return window[1] if window else moment

    escalate = sendable(max(now, state.deadline))
    if state.warned_at is None:
        due = warn_time(state, cal=cal, policy=policy)
        if due is not None:
            warn = sendable(max(now, due))
            if warn < state.deadline:
                return min(warn, escalate).astimezone(cal.tz)
    return escalate.astimezone(cal.tz)
