"""Use-cases for cases (处置): the only code that changes them.

Each action owns its transaction, writes an audit record (before → after) and on bad
input raises ValidationError with a Chinese message and changes nothing. Two people
acting at once: every change is a conditional UPDATE on `version`, so the second gets
STALE instead of a lost update. Timestamps come from `now` (default: the clock), never
from a form. The step records (快报, 会商, 通稿, 发布, 跟踪, 材料) are in
huiying.cases.records and re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.alerts.models import Alert
from huiying.audit.services import record
from huiying.cases import clocks as case_clocks
from huiying.cases.changes import (
    MAX_TEXT,
    _iso,
    _text,
    _user,
    change,
    enter_step,
    must_be_open,
    snapshot,
)
from huiying.cases.models import Case, CaseClock, CaseStep, Origin, Step
from huiying.cases.records import (
    add_evidence,
    add_follow_up,
    record_consultation,
    record_publication,
    record_reviewed_statement,
    send_flash_report,
)
from huiying.cases.steps import STALE, check_advance, check_close, error
from huiying.complaints.models import Complaint
from huiying.core.tiers import Tier
from huiying.events.models import Event
from huiying.org.models import Unit

MAX_TITLE = 300


def _clock_deadlines(case: Case) -> dict[str, str | None]:
    return {
        c.step: _iso(c.deadline) for c in CaseClock.objects.filter(case=case, done_at__isnull=True)
    }


def _tier(value: Any) -> Tier:
    try:
        return Tier(int(value))
    except (TypeError, ValueError):
        try:
            return Tier.parse(str(value))
        except ValueError:
            raise error(_("未知的事件级别：%(tier)s"), "tier", "tier", {"tier": value}) from None


def resolve_unit(unit: Unit | str | None) -> Unit:
    if isinstance(unit, Unit):
        return unit
    code = (unit or "").strip()
    if not code:
        raise error(_("请选择主管单位。"), "required", "unit")
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise error(_("未知单位代码：%(code)s"), "unknown_unit", "unit", {"code": code}) from None


def _owner(owner: Any) -> Any:
    if owner is None or not getattr(owner, "pk", None):
        raise error(_("请选择负责人。"), "required", "owner")
    if not get_user_model().objects.filter(pk=owner.pk, is_active=True).exists():
        raise error(_("负责人账号不存在或已停用。"), "unknown_owner", "owner")
    return owner


# --- Opening -----------------------------------------------------------------------------


def _links(event: Event | None, alert: Alert | None, origin: str) -> Event | None:
    """The case's event: the alert's when opened from an alert. Refuses a mismatch and
    an alert that already has a case in progress (one alert, one case)."""
    if alert is not None:
        if event is not None and event.pk != alert.event_id:
            raise error(_("预警不属于所选事件。"), "mismatch", "alert")
        event = alert.event
        running = Case.objects.filter(alert=alert).exclude(step=Step.CLOSED).first()
        if running is not None:
            raise error(
                _("该预警已开立处置（案件 #%(case)s）。"),
                "duplicate",
                "alert",
                {"case": running.pk},
            )
    if origin == Origin.ALERT and alert is None:
        raise error(_("从预警立案时须指明预警。"), "required", "alert")
    if origin == Origin.EVENT and event is None:
        raise error(_("从事件立案时须指明所属事件。"), "required", "event")
    return event


@transaction.atomic
def open_case(
    *,
    title: str,
    tier: Any,
    unit: Unit | str | None,
    owner: Any,
    origin: str = Origin.MANUAL,
    event: Event | None = None,
    alert: Alert | None = None,
    event_title: str = "",
    complaint: Complaint | None = None,
    summary: str = "",
    actor: Any = None,
    now: datetime | None = None,
) -> Case:
    """Open a case at `now` (from an alert, an event, a complaint or by hand) in step 发现,
    with the clocks its tier requires counted from then on the office's calendar. From
    an alert the case is linked to the alert and its event; from an event, to the event."""
    now = now or timezone.now()
    title = _text(title, "title", str(_("标题")), MAX_TITLE)
    level = _tier(tier)
    if origin not in Origin.values:
        raise error(_("未知的案件来源：%(origin)s"), "origin", "origin", {"origin": origin})
    if origin == Origin.COMPLAINT and complaint is None:
        raise error(_("从诉求立案时须指明诉求。"), "required", "complaint")
    event = _links(event, alert, origin)
    if event is None and complaint is not None:
        event = complaint.event  # a complaint about an event's matter brings the event
    case = Case.objects.create(
        title=title,
        tier=int(level),
        origin=origin,
        event=event,
        alert=alert,
        event_title=(event_title.strip() or (event.title if event else ""))[:500],
        complaint=complaint,
        summary=(summary or "").strip()[:MAX_TEXT],
        owner=_owner(owner),
        unit=resolve_unit(unit),
        opened_at=now,
        updated_at=now,
    )
    CaseStep.objects.create(case=case, step=Step.DISCOVER, at=now, actor=_user(actor))
    specs = case_clocks.specs_for(case.tier)
    for step, deadline in case_clocks.deadlines(case.tier, now).items():
        spec = specs[step]
        CaseClock.objects.create(
            case=case, step=step, label=spec.label, mode=spec.mode, started=now, deadline=deadline
        )
    after = {
        **snapshot(case),
        "title": title,
        "origin": origin,
        "event": event.pk if event else None,
        "alert": alert.pk if alert else None,
        "complaint": complaint.reference if complaint else None,
        "opened_at": _iso(now),
        "deadlines": _clock_deadlines(case),
    }
    record("case.open", case, actor=_user(actor), after=after)
    return case


# --- Changing a case ------------------------------------------------------------------------


def advance(
    case: Case,
    to_step: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Case:
    """Move to `to_step` along an allowed transition (see huiying.cases.steps)."""
    now = now or timezone.now()
    note = (note or "").strip()[:2000]

    def allowed(current: Case) -> None:
        check_advance(current.step, to_step)
        approved = current.statements.filter(approved_at__isnull=False).exists()
        if to_step == Step.RESPOND and not approved:
            raise error(_("通稿尚未审批，不能进入“回应”环节。"), "transition")

    return change(
        case,
        "advance",
        expected_version=expected_version,
        actor=actor,
        now=now,
        changes={"step": to_step},
        check=allowed,
        then=lambda c: enter_step(c, to_step, now, actor, note),
        note={"note": note} if note else None,
    )


def assign(
    case: Case,
    *,
    owner: Any = None,
    unit: Unit | str | None = None,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Case:
    """Give the case a new owner and/or responsible unit (谁主管谁负责)."""
    changes: dict[str, Any] = {}
    if unit is not None:
        changes["unit_id"] = resolve_unit(unit).pk
    if owner is not None:
        changes["owner_id"] = _owner(owner).pk
    if not changes:
        raise error(_("请选择新的负责人或主管单位。"), "required")
    return change(
        case,
        "assign",
        expected_version=expected_version,
        actor=actor,
        now=now or timezone.now(),
        changes=changes,
        check=must_be_open,
    )


def _reschedule(clock: CaseClock, deadline: datetime) -> None:
    """As ClockState.reschedule: moved later, the clock warns and escalates afresh."""
    fields: dict[str, Any] = {"deadline": deadline}
    if deadline > clock.deadline:
        fields.update(warned_at=None, escalated_at=None)
    CaseClock.objects.filter(pk=clock.pk).update(**fields)


def change_tier(
    case: Case,
    tier: Any,
    reason: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Case:
    """Raise or lower the tier with a reason. Clocks not yet done get the new tier's
    deadlines (counted from the opening); clocks the new tier lacks are dropped, ones it
    adds are started; finished clocks stand."""
    level = _tier(tier)
    reason = _text(reason, "reason", str(_("调整原因")), 2000)
    now = now or timezone.now()

    def differs(current: Case) -> None:
        must_be_open(current)
        if current.tier == int(level):
            raise error(_("该案件已是“%(tier)s”级。"), "same_tier", "tier", {"tier": level.label})

    def recompute(current: Case) -> dict[str, Any]:
        before = _clock_deadlines(current)
        specs = case_clocks.specs_for(int(level))
        wanted = case_clocks.deadlines(int(level), current.opened_at)
        existing = {c.step: c for c in current.clocks.all()}
        for step, clock in existing.items():
            if clock.done_at is None and step not in wanted:
                clock.delete()
        for step, deadline in wanted.items():
            clock = existing.get(step)
            if clock is None:
                spec = specs[step]
                CaseClock.objects.create(
                    case=current,
                    step=step,
                    label=spec.label,
                    mode=spec.mode,
                    started=current.opened_at,
                    deadline=deadline,
                )
            elif clock.done_at is None:
                _reschedule(clock, deadline)
        return {"deadlines_before": before, "deadlines": _clock_deadlines(current)}

    return change(
        case,
        "change_tier",
        expected_version=expected_version,
        actor=actor,
        now=now,
        changes={"tier": int(level)},
        check=differs,
        then=recompute,
        note={"reason": reason},
    )


def set_deadline(
    case: Case,
    step: str,
    deadline: datetime | None,
    *,
    reason: str = "",
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Case:
    """Move one running clock's deadline (a deadline in the past is refused)."""
    now = now or timezone.now()
    if deadline is None:
        raise error(_("请填写新的期限。"), "required", "deadline")
    if timezone.is_naive(deadline):
        raise error(_("期限须带时区。"), "naive", "deadline")
    if deadline <= now:
        raise error(_("新的期限不能早于当前时间。"), "past", "deadline")

    def running(current: Case) -> None:
        must_be_open(current)
        if not current.clocks.filter(step=step, done_at__isnull=True).exists():
            raise error(_("该时限不存在或已完成。"), "unknown_clock", "step")

    def move(current: Case) -> dict[str, Any]:
        clock = current.clocks.get(step=step)
        old = clock.deadline
        _reschedule(clock, deadline)
        return {"clock": step, "deadline_before": _iso(old), "deadline": _iso(deadline)}

    return change(
        case,
        "set_deadline",
        expected_version=expected_version,
        actor=actor,
        now=now,
        check=running,
        then=move,
        note={"reason": reason.strip()[:2000]} if reason.strip() else None,
    )


def close_case(
    case: Case,
    summary: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Case:
    """办结 with a closing summary. Running clocks stop counting (they are not 'done':
    reports still see whether each was met)."""
    summary = _text(summary, "summary", str(_("办结总结")))
    now = now or timezone.now()
    return change(
        case,
        "close",
        expected_version=expected_version,
        actor=actor,
        now=now,
        changes={"step": Step.CLOSED, "closed_at": now, "closing_summary": summary},
        check=lambda c: check_close(c.step),
        then=lambda c: enter_step(c, Step.CLOSED, now, actor, summary[:2000]),
        note={"summary": summary},
    )


__all__ = [
    "STALE",
    "ValidationError",
    "add_evidence",
    "add_follow_up",
    "advance",
    "assign",
    "change_tier",
    "close_case",
    "open_case",
    "record_consultation",
    "record_publication",
    "record_reviewed_statement",
    "resolve_unit",
    "send_flash_report",
    "set_deadline",
]
