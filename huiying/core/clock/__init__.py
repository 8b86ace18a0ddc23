"""Response clocks (时限): the office's working calendar, deadlines in calendar or working
hours, and once-only warnings and escalations. Pure Python; see docs/clocks-and-tiers.md.

    cal = WorkCalendar()                                   # 08:30–12:00, 14:00–17:30, Asia/Shanghai
    due = add_duration(opened, 35, mode="working", cal=cal)
    actions, state = next_actions(now, state, cal=cal)
"""

from huiying.core.clock.calendar import (
    DEFAULT_HOURS,
    OFFICE_TZ,
    DayInfo,
    WorkCalendar,
    package_years,
)
from huiying.core.clock.deadlines import (
    DEFAULT_CLOCKS,
    ClockSpec,
    Mode,
    add_duration,
    complaint_clock,
    deadlines_for,
    is_estimate,
    remaining,
    working_time,
)
from huiying.core.clock.escalation import (
    DEFAULT_POLICY,
    Action,
    ClockState,
    EscalationPolicy,
    QuietHours,
    next_actions,
    next_wakeup,
    warn_time,
)

__all__ = [
    "DEFAULT_CLOCKS",
    "DEFAULT_HOURS",
    "DEFAULT_POLICY",
    "OFFICE_TZ",
    "Action",
    "ClockSpec",
    "ClockState",
    "DayInfo",
    "EscalationPolicy",
    "Mode",
    "QuietHours",
    "WorkCalendar",
    "add_duration",
    "complaint_clock",
    "deadlines_for",
    "is_estimate",
    "next_actions",
    "next_wakeup",
    "package_years",
    "remaining",
    "warn_time",
    "working_time",
]
