"""Keeping each task's occurrences in step with the calendar, and what "overdue" means.

An occurrence is overdue when its due date has passed (office-local date) and it is not
done; a task is overdue when any of its occurrences is. Generation is idempotent: a
period's row is created once (unique on task + period start), whichever of the
scheduler, a page view or a service gets there first.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from huiying.ledger.models import ResponsibilityTask, TaskOccurrence, TaskStatus
from huiying.ledger.periods import occurrence_dates


def office_today(now: datetime | None = None) -> date:
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def overdue_q(today: date, prefix: str = "") -> Q:
    """Occurrences past due and not done on `today` (prefix "occurrences__" from tasks)."""
    return Q(**{f"{prefix}done_on__isnull": True, f"{prefix}due_on__lt": today})


def sync_task(task: ResponsibilityTask, today: date) -> int:
    """Create the task's missing occurrences up to `today`, fit the open ones to the
    task's deadline, and set the task's status. Returns how many rows were created.
    Writes only when something changed, so page views do not take the write lock."""
    wanted = occurrence_dates(task.starts_on, task.deadline, task.recurrence, today)
    existing = {o.period_start: o for o in task.occurrences.all()}
    to_create = [(p, due) for p, due in wanted if p.start not in existing]
    to_fit = [
        (row, p, due)
        for p, due in wanted
        if (row := existing.get(p.start)) is not None
        and not row.is_done
        and (row.due_on, row.period_end) != (due, p.end)
    ]
    # A deadline moved earlier: periods now past it go, unless already done.
    dropped = [o.pk for o in existing.values() if o.period_start > task.deadline and not o.is_done]
    final = occurrence_dates(task.starts_on, task.deadline, task.recurrence, task.deadline)
    complete = (
        not to_create
        and final[-1][0].start in existing
        and all(o.is_done for o in existing.values() if o.pk not in dropped)
    )
    status = TaskStatus.DONE if complete else TaskStatus.OPEN
    if not (to_create or to_fit or dropped or status != task.status):
        return 0
    created = 0
    with transaction.atomic():
        for period, due in to_create:
            try:
                with transaction.atomic():  # another process may have made it meanwhile
                    TaskOccurrence.objects.create(
                        task=task, period_start=period.start, period_end=period.end, due_on=due
                    )
                created += 1
            except IntegrityError:
                pass
        for row, period, due in to_fit:
            row.due_on, row.period_end = due, period.end
            row.save(update_fields=["due_on", "period_end"])
        if dropped:
            TaskOccurrence.objects.filter(pk__in=dropped, done_on__isnull=True).delete()
        if task.status != status:
            ResponsibilityTask.objects.filter(pk=task.pk).update(status=status)
            task.status = status
    if hasattr(task, "_prefetched_objects_cache"):
        task._prefetched_objects_cache.pop("occurrences", None)
    return created


def ensure_occurrences(today: date | None = None) -> int:
    """Bring every open task's occurrences up to `today`; idempotent across processes."""
    today = today or office_today()
    created = 0
    for task in ResponsibilityTask.objects.filter(status=TaskStatus.OPEN).prefetch_related(
        "occurrences"
    ):
        created += sync_task(task, today)
    return created
