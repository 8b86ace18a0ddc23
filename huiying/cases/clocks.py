"""Django glue around the pure clock core (huiying.core.clock): which clocks a case of a
tier gets, CaseClock ⇄ ClockState, the countdown a page shows, and `run_clocks`, which
the `huiying caseclocks` command (and later the scheduler) runs.

run_clocks is idempotent and safe to run from several processes at once: each warning or
escalation is claimed with a conditional UPDATE (… WHERE escalated_at IS NULL AND
deadline = the deadline evaluated), and its notices and audit record are written in the
same transaction only by the run whose UPDATE matched. A deadline that passed while
nothing ran escalates exactly once when a run comes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from huiying.audit.services import record
from huiying.cases.leaders import next_leader
from huiying.cases.models import Case, CaseClock, CaseNotice, NoticeKind, Step
from huiying.complaints.deadlines import office_calendar, working_amount
from huiying.core.clock import (
    DEFAULT_CLOCKS,
    DEFAULT_POLICY,
    ClockSpec,
    ClockState,
    EscalationPolicy,
    WorkCalendar,
    deadlines_for,
    next_actions,
    remaining,
)
from huiying.core.tiers import Tier

FLASH = "flash"
# The clock names huiying.core.clock gives, for the translation catalogue: pages show
# CaseClock.display_label, which translates the stored name.
CLOCK_LABELS = (
    gettext_noop("报送快报"),
    gettext_noop("首次公开回应"),
    gettext_noop("发布权威信息"),
    gettext_noop("召开新闻发布会"),
    gettext_noop("回应关切"),
    gettext_noop("答复诉求"),
)


def _default_clocks(cal: WorkCalendar) -> Mapping[Tier, tuple[ClockSpec, ...]]:
    """The respond/press-conference clocks of DOMAIN.md §2 plus a 快报 clock: one working
    day for 一般 (it can wait for office hours), 4 calendar hours for 较大, 1 for 重大+."""
    flash = {
        Tier.GENERAL: ClockSpec.working_days(FLASH, 1, cal, label="报送快报"),
        Tier.SIGNIFICANT: ClockSpec(FLASH, 4, "calendar", "报送快报"),
        Tier.MAJOR: ClockSpec(FLASH, 1, "calendar", "报送快报"),
        Tier.EXTRAORDINARY: ClockSpec(FLASH, 1, "calendar", "报送快报"),
    }
    return MappingProxyType({t: (flash[t], *DEFAULT_CLOCKS[t]) for t in Tier})


def case_clocks() -> Mapping[Tier, Sequence[ClockSpec]]:
    """Per tier, the clocks a case gets; an office may set HUIYING_CASE_CLOCKS (a mapping
    Tier → ClockSpec sequence) in its settings."""
    custom = getattr(settings, "HUIYING_CASE_CLOCKS", None)
    return custom if custom is not None else _default_clocks(office_calendar())


def specs_for(tier: int) -> dict[str, ClockSpec]:
    return {spec.step: spec for spec in case_clocks().get(Tier(tier), ())}


def deadlines(tier: int, opened: datetime) -> dict[str, datetime]:
    return deadlines_for(Tier(tier), opened, office_calendar(), case_clocks())


def policy() -> EscalationPolicy:
    return getattr(settings, "HUIYING_CASE_POLICY", None) or DEFAULT_POLICY


def state_of(clock: CaseClock, tier: int) -> ClockState:
    return ClockState(
        step=clock.step,
        tier=Tier(tier),
        mode=clock.mode,
        started=clock.started,
        deadline=clock.deadline,
        warned_at=clock.warned_at,
        escalated_at=clock.escalated_at,
        done_at=clock.done_at,
    )


# --- What a page shows ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Countdown:
    state: str  # running | late | done
    text: str
    left: timedelta


def _amount(span: timedelta, mode: str, cal: WorkCalendar) -> str:
    if mode == "working":
        return working_amount(span, cal.hours_per_day)
    minutes = int(span.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    if hours:
        return (
            _("%(h)d 小时 %(m)d 分钟") % {"h": hours, "m": mins}
            if mins
            else _("%(h)d 小时") % {"h": hours}
        )
    return _("%(m)d 分钟") % {"m": mins} if mins else ""


def countdown(clock: CaseClock, now: datetime) -> Countdown:
    cal = office_calendar()
    if clock.done_at is not None:
        late = clock.done_at > clock.deadline
        text = _("已完成（超时）") if late else _("已按时完成")
        return Countdown("done", text, timedelta(0))
    left = remaining(now, clock.deadline, mode=clock.mode, cal=cal)
    amount = _amount(abs(left), clock.mode, cal)
    if left < timedelta(0):
        return Countdown("late", _("已超时 %(amount)s") % {"amount": amount or "1 分钟"}, left)
    return Countdown("running", _("剩余 %(amount)s") % {"amount": amount or _("不到 1 分钟")}, left)


# --- Warnings and escalations -----------------------------------------------------------


def _claim(clock: CaseClock, old: ClockState, new: ClockState, kind: str) -> bool:
    """Record the action on the row only if nobody has since: exactly one run wins."""
    rows = CaseClock.objects.filter(
        pk=clock.pk, done_at__isnull=True, escalated_at__isnull=True, deadline=old.deadline
    )
    if kind == "warn":
        updated = rows.filter(warned_at__isnull=True).update(warned_at=new.warned_at)
    else:
        updated = rows.update(escalated_at=new.escalated_at)
    return updated == 1


def _notice_text(kind: str, case: Case, clock: CaseClock) -> str:
    when = timezone.localtime(clock.deadline).strftime("%Y-%m-%d %H:%M")
    params = {"title": case.title[:200], "clock": clock.display_label, "when": when}
    if kind == "warn":
        return _("案件“%(title)s”的“%(clock)s”即将到期（%(when)s）。") % params
    return _("案件“%(title)s”的“%(clock)s”已超时（期限 %(when)s），请督办。") % params


def evaluate(clock: CaseClock, now: datetime, state: ClockState | None = None) -> list[CaseNotice]:
    """Evaluate one clock at `now` from `state` (default: as loaded in `clock`); persist
    and notify what is due. Returns the notices created (none if another run won)."""
    case = clock.case
    cal = office_calendar()
    old = state or state_of(clock, case.tier)
    actions, new = next_actions(now, old, cal=cal, policy=policy())
    created: list[CaseNotice] = []
    for action in actions:
        with transaction.atomic():
            if not _claim(clock, old, new, action.kind):
                continue
            if action.kind == "warn":
                to, kind = case.owner, NoticeKind.WARN
            else:
                to, kind = next_leader(case, case.owner) or case.owner, NoticeKind.ESCALATE
            created.append(
                CaseNotice.objects.create(
                    case=case,
                    clock=clock,
                    kind=kind,
                    to=to,
                    text=_notice_text(action.kind, case, clock),
                    at=now,
                )
            )
            record(
                f"case.clock_{action.kind}",
                case,
                before={"clock": clock.step, "deadline": old.deadline.isoformat()},
                after={
                    "clock": clock.step,
                    "to": to.get_username(),
                    "at": now.isoformat(),
                    "remaining_minutes": int(action.remaining.total_seconds() // 60),
                },
            )
    return created


def open_clocks() -> Any:
    return (
        CaseClock.objects.filter(done_at__isnull=True, escalated_at__isnull=True)
        .exclude(case__step=Step.CLOSED)
        .select_related("case__owner__profile", "case__unit")
        .order_by("deadline", "id")
    )


def run_clocks(now: datetime | None = None) -> list[CaseNotice]:
    """Evaluate every running clock. Returns the notices created: the seam where e-mail
    and webhook delivery (a later alerts feature) will hand them on."""
    now = now or timezone.now()
    created: list[CaseNotice] = []
    # Read them all first: SQLite does not like writes while a read cursor is open.
    for clock in list(open_clocks()):
        created.extend(evaluate(clock, now))
    return created
