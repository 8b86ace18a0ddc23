"""Use-cases for the responsibility list and its ledger: the only code that changes them.

Each action owns its transaction, writes an audit record, and on bad input raises
ValidationError with a Chinese message and changes nothing. Two people editing one task
at once: every change is a conditional UPDATE on `version`, so the second gets STALE.
Assessments (考核) are in huiying.ledger.assessments.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.ledger.evidence import check_uploads
from huiying.ledger.models import (
    EvidenceFile,
    ProgressEntry,
    Recurrence,
    ResponsibilityTask,
    TaskOccurrence,
)
from huiying.ledger.occurrences import office_today, sync_task
from huiying.org.models import LeadingGroupMember, Unit

STALE = _("该任务已被他人修改，请刷新页面后重新操作。")
MAX_TEXT = 5000


def error(
    message: Any, code: str, field: str | None = None, params: dict[str, Any] | None = None
) -> ValidationError:
    exc = ValidationError(message, code=code, params=params)
    return ValidationError({field: exc}) if field else exc


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def resolve_unit(unit: Unit | str | None, field: str = "lead_unit") -> Unit:
    """A Unit, or a unit code from a command or import."""
    if isinstance(unit, Unit):
        return unit
    code = (unit or "").strip()
    if not code:
        raise error(_("请选择单位。"), "required", field)
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise error(_("未知单位：%(code)s"), "unknown_unit", field, {"code": code}) from None


def snapshot(task: ResponsibilityTask) -> dict[str, Any]:
    return {
        "title": task.title,
        "lead_leader": task.lead_leader_id,
        "lead_unit": task.lead_unit.code,
        "co_units": sorted(u.code for u in task.co_units.all()),
        "starts_on": task.starts_on.isoformat(),
        "deadline": task.deadline.isoformat(),
        "recurrence": task.recurrence,
        "status": task.status,
        "version": task.version,
    }


def _clean(
    title: str,
    description: str,
    lead_leader: LeadingGroupMember | None,
    lead_unit: Unit | str | None,
    co_units: Iterable[Unit | str],
) -> tuple[str, str, Unit, list[Unit]]:
    title = (title or "").strip()
    if not title:
        raise error(_("请填写任务名称。"), "required", "title")
    if len(title) > 200:
        raise error(_("任务名称不能超过 200 个字。"), "too_long", "title")
    description = (description or "").strip()
    if len(description) > MAX_TEXT:
        raise error(_("任务要求不能超过 %(limit)d 个字。"), "too_long", "description",
                    {"limit": MAX_TEXT})  # fmt: skip
    if lead_leader is None:
        raise error(_("请选择牵头领导。"), "required", "lead_leader")
    unit = resolve_unit(lead_unit)
    others = [resolve_unit(u, "co_units") for u in co_units]
    return title, description, unit, [u for u in others if u.pk != unit.pk]


@transaction.atomic
def create_task(
    *,
    title: str,
    lead_leader: LeadingGroupMember | None,
    lead_unit: Unit | str | None,
    deadline: date | None,
    description: str = "",
    co_units: Iterable[Unit | str] = (),
    recurrence: str = "none",
    starts_on: date | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> ResponsibilityTask:
    """Add a line to the 责任清单. A recurring task falls due at the end of each period
    from `starts_on` (default today) until `deadline`."""
    today = office_today(now)
    title, description, unit, others = _clean(title, description, lead_leader, lead_unit, co_units)
    if deadline is None:
        raise error(_("请填写完成时限。"), "required", "deadline")
    if deadline < today:
        raise error(_("完成时限不能早于今天（%(today)s）。"), "past", "deadline",
                    {"today": today.isoformat()})  # fmt: skip
    starts_on = starts_on or today
    if starts_on > deadline:
        raise error(_("开始日期不能晚于完成时限。"), "order", "starts_on")
    if recurrence not in Recurrence.values:
        raise error(_("未知的周期：%(value)s"), "recurrence", "recurrence", {"value": recurrence})
    task = ResponsibilityTask.objects.create(
        title=title, description=description, lead_leader=lead_leader, lead_unit=unit,
        starts_on=starts_on, deadline=deadline, recurrence=recurrence,
        created_by=_user(actor),
    )  # fmt: skip
    task.co_units.set(others)
    sync_task(task, today)
    record("ledger.task.create", task, actor=actor, after=snapshot(task))
    return task


def _bump(task: ResponsibilityTask, expected_version: int | None, **changes: Any) -> None:
    """The conditional UPDATE every task change goes through."""
    expected = task.version if expected_version is None else expected_version
    done = ResponsibilityTask.objects.filter(pk=task.pk, version=expected).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not done:
        raise error(STALE, "stale")
    task.refresh_from_db()


@transaction.atomic
def edit_task(
    task: ResponsibilityTask,
    *,
    title: str,
    lead_leader: LeadingGroupMember | None,
    lead_unit: Unit | str | None,
    deadline: date | None,
    description: str = "",
    co_units: Iterable[Unit | str] = (),
    expected_version: int | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> ResponsibilityTask:
    """Change a task's wording, leader, units or deadline. The recurrence and start are
    fixed once set: periods already reported on must not move."""
    today = office_today(now)
    before = snapshot(task)
    title, description, unit, others = _clean(title, description, lead_leader, lead_unit, co_units)
    if deadline is None:
        raise error(_("请填写完成时限。"), "required", "deadline")
    if deadline != task.deadline and deadline < today:
        raise error(_("完成时限不能早于今天（%(today)s）。"), "past", "deadline",
                    {"today": today.isoformat()})  # fmt: skip
    if deadline < task.starts_on:
        raise error(_("完成时限不能早于开始日期（%(start)s）。"), "order", "deadline",
                    {"start": task.starts_on.isoformat()})  # fmt: skip
    _bump(task, expected_version, title=title, description=description,
          lead_leader=lead_leader, lead_unit=unit, deadline=deadline)  # fmt: skip
    task.co_units.set(others)
    sync_task(task, today)
    record("ledger.task.edit", task, actor=actor, before=before, after=snapshot(task))
    return task


def _occurrence(task: ResponsibilityTask, occurrence_id: int) -> TaskOccurrence:
    try:
        return task.occurrences.select_for_update().get(pk=occurrence_id)
    except TaskOccurrence.DoesNotExist:
        raise error(_("该任务没有这一期。"), "unknown_occurrence") from None


@transaction.atomic
def complete_occurrence(
    task: ResponsibilityTask,
    occurrence_id: int,
    *,
    expected_version: int | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> TaskOccurrence:
    """Mark one period done today. Done after the due date counts as done late."""
    now = now or timezone.now()
    occurrence = _occurrence(task, occurrence_id)
    if occurrence.is_done:
        raise error(_("这一期已于 %(day)s 完成。"), "already_done", None,
                    {"day": occurrence.done_on.isoformat() if occurrence.done_on else ""})  # fmt: skip
    _bump(task, expected_version)
    occurrence.done_on, occurrence.done_at = office_today(now), now
    occurrence.done_by = _user(actor)
    occurrence.save(update_fields=["done_on", "done_at", "done_by"])
    sync_task(task, office_today(now))
    record("ledger.task.complete", task, actor=actor,
           after={"occurrence": occurrence.pk, "due_on": occurrence.due_on.isoformat(),
                  "done_on": occurrence.done_on.isoformat(), "status": task.status})  # fmt: skip
    return occurrence


@transaction.atomic
def reopen_occurrence(
    task: ResponsibilityTask,
    occurrence_id: int,
    *,
    reason: str = "",
    expected_version: int | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> TaskOccurrence:
    """Undo a completion (work found unfinished). The old completion stays in the audit."""
    occurrence = _occurrence(task, occurrence_id)
    if not occurrence.is_done:
        raise error(_("这一期尚未完成，无需重新打开。"), "not_done")
    reason = (reason or "").strip()
    if not reason:
        raise error(_("请填写重新打开的原因。"), "required", "reason")
    _bump(task, expected_version)
    before = {"occurrence": occurrence.pk, "done_on": str(occurrence.done_on)}
    occurrence.done_on = occurrence.done_at = occurrence.done_by = None
    occurrence.save(update_fields=["done_on", "done_at", "done_by"])
    sync_task(task, office_today(now))
    record("ledger.task.reopen", task, actor=actor, before=before,
           after={"occurrence": occurrence.pk, "reason": reason[:500], "status": task.status})  # fmt: skip
    return occurrence


@transaction.atomic
def add_progress(
    task: ResponsibilityTask,
    *,
    text: str,
    on: date | None = None,
    occurrence_id: int | None = None,
    files: Iterable[Any] = (),
    actor: Any = None,
    now: datetime | None = None,
) -> ProgressEntry:
    """Record progress (台账) with evidence files. Every file is checked before anything
    is stored; the entry goes to the period that holds `on` unless one is named."""
    today = office_today(now)
    text = (text or "").strip()
    if not text:
        raise error(_("请填写工作进展。"), "required", "text")
    if len(text) > MAX_TEXT:
        raise error(_("工作进展不能超过 %(limit)d 个字。"), "too_long", "text", {"limit": MAX_TEXT})
    on = on or today
    if on > today:
        raise error(_("进展日期不能晚于今天。"), "future", "on")
    checked = check_uploads(list(files))
    if occurrence_id is not None:
        occurrence = task.occurrences.filter(pk=occurrence_id).first()
        if occurrence is None:
            raise error(_("该任务没有这一期。"), "unknown_occurrence", "occurrence")
    else:
        occurrence = task.occurrences.filter(period_start__lte=on, period_end__gte=on).first()
    entry = ProgressEntry.objects.create(
        task=task, occurrence=occurrence, on=on, text=text, author=_user(actor)
    )
    for f in checked:
        evidence = EvidenceFile(entry=entry, name=f.name, size=f.size, content_type=f.content_type)
        evidence.file.save(f.stored_name, f.upload, save=True)
    record("ledger.progress.add", entry, actor=actor,
           after={"task": task.pk, "on": on.isoformat(), "text": text[:500],
                  "files": [f.name for f in checked]})  # fmt: skip
    return entry
