"""Scheduler jobs: generate and send scheduled reports (the daily brief at its time on
working days of the Chinese working calendar; the weekly report on the week's first
working day).

Idempotent across processes and restarts: a schedule's day is claimed with one
conditional UPDATE (last_run_on < today), and the report carries a unique
schedule_key, so however many schedulers run, a schedule makes and sends one report a
day. A process that dies between claim and sending leaves that day unsent rather than
sending twice (the report can be sent again from its page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from huiying.complaints.deadlines import office_calendar
from huiying.core.clock import WorkCalendar
from huiying.reports.delivery import send_report
from huiying.reports.figures.period import default_for
from huiying.reports.models import Kind, Report, ReportSchedule
from huiying.reports.services import generate_report


def is_due(schedule: ReportSchedule, today: date, local_now: datetime, cal: WorkCalendar) -> bool:
    if not cal.is_working_day(today) or local_now.time() < schedule.at:
        return False
    if schedule.last_run_on is not None and schedule.last_run_on >= today:
        return False
    if schedule.kind == Kind.WEEKLY:
        # The week's first working day: no earlier working day this ISO week.
        monday = today - timedelta(days=today.weekday())
        earlier = (monday + timedelta(days=i) for i in range((today - monday).days))
        return not any(cal.is_working_day(d) for d in earlier)
    return True


def claim(schedule: ReportSchedule, today: date) -> bool:
    """Take today's run of this schedule; False when another process already has."""
    not_yet = Q(last_run_on__isnull=True) | Q(last_run_on__lt=today)
    return ReportSchedule.objects.filter(not_yet, pk=schedule.pk).update(last_run_on=today) == 1


def run_schedules(now: datetime | None = None, cal: WorkCalendar | None = None) -> list[Report]:
    now = now or timezone.now()
    cal = cal or office_calendar()
    local_now = now.astimezone(cal.tz)
    today = local_now.date()
    made: list[Report] = []
    for schedule in ReportSchedule.objects.filter(enabled=True).select_related("unit"):
        if not is_due(schedule, today, local_now, cal) or not claim(schedule, today):
            continue
        report = generate_report(
            schedule.kind,
            default_for(schedule.kind, today),
            schedule.unit,
            now=now,
            schedule_key=f"schedule:{schedule.pk}:{today.isoformat()}",
        )
        send_report(
            report,
            recipients=list(schedule.recipients.all()),
            channels=list(schedule.channels.filter(enabled=True)),
            now=now,
        )
        made.append(report)
    return made


def jobs() -> list[tuple[str, float, Callable[[], object]]]:
    # Every minute: a brief set for 08:30 goes out by 08:31.
    return [("scheduled reports", 60.0, run_schedules)]
