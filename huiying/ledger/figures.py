"""Ledger figures for reports: what fell due in a period, what was done on time, late or
not at all, per lead unit, and the period's assessments. Read-only; the same call on the
same data gives the same figures, because every figure is judged as at `end`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from huiying.ledger.models import Assessment, TaskOccurrence
from huiying.ledger.occurrences import office_today
from huiying.org.models import Unit


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _judge(due_on: date, done_on: date | None, end: date, today: date) -> str:
    """on_time / late / overdue / pending, as at the end of day `end` or, for a period
    still running, as at `today` (due today is not overdue until the day is over)."""
    as_at = min(end, today)
    if done_on is not None and done_on <= as_at:
        return "on_time" if done_on <= due_on else "late"
    if end < today or due_on < today:
        return "overdue"
    return "pending"


def ledger_figures(
    start: date, end: date, units: QuerySet[Unit] | None, *, today: date | None = None
) -> dict[str, Any]:
    """Figures over task occurrences due in [start, end] (both days included), for tasks
    whose LEAD unit is in `units` (None: every unit). Co-units are not counted, so each
    occurrence is counted once. A one-off task is one occurrence; a recurring task has one
    per period (quarter, month...). A past period is judged as at the end of day `end`:
    a completion recorded after `end` does not count, so its figures do not change when
    work is finished later (only a reopen, which is audited, changes them). A period
    still running (`end` >= today, office-local date) is judged as at today, and what
    is not yet past due is `pending`. `today` is for tests; it defaults to the clock.
    Occurrence rows are kept up to date by the scheduler (huiying.ledger.periodic).

    Keys:
    - start, end: the dates passed in.
    - tasks: distinct tasks with at least one occurrence due in the period.
    - due: occurrences due in the period.
      due == done_on_time + done_late + overdue + pending.
    - done_on_time: done on or before their due date.
    - done_late: done after their due date but by `end`.
    - overdue: not done by `end` (open and past due at `end`); for a running period,
      not done and due before today.
    - pending: running period only: not done and due today or later (else 0).
    - on_time_rate: done_on_time / due, 4 decimals; None when nothing was due.
    - done_rate: (done_on_time + done_late) / due; None when nothing was due.
    - overdue_backlog: occurrences due BEFORE `start` and still not done by `end`
      (or today, for a running period).
    - by_unit: one dict per lead unit with anything due, sorted by unit name (code
      point order, the same on every database):
      {unit_id, unit_code, unit, due, done_on_time, done_late, overdue, pending,
      on_time_rate}.
    - assessments: assessments whose period lies within [start, end], of units in
      `units`, sorted by period then unit name: {id, unit_id, unit_code, unit, period
      (code such as "2026H1"), period_start, period_end, total, max_total (floats, one
      decimal as stored), confirmed (bool)}.
    - assessments_confirmed: how many of those are confirmed.
    """
    occurrences = TaskOccurrence.objects.filter(due_on__lte=end)
    assessments = Assessment.objects.filter(period_start__gte=start, period_end__lte=end)
    if units is not None:
        occurrences = occurrences.filter(task__lead_unit__in=units)
        assessments = assessments.filter(unit__in=units)
    rows = occurrences.values_list(
        "task_id", "due_on", "done_on", "task__lead_unit_id", "task__lead_unit__code",
        "task__lead_unit__name",
    )  # fmt: skip
    today = today or office_today()
    totals = {"due": 0, "on_time": 0, "late": 0, "overdue": 0, "pending": 0}
    per_unit: dict[int, dict[str, Any]] = {}
    tasks: set[int] = set()
    backlog = 0
    for task_id, due_on, done_on, unit_id, code, name in rows:
        verdict = _judge(due_on, done_on, end, today)
        if due_on < start:
            backlog += verdict == "overdue"
            continue
        tasks.add(task_id)
        unit = per_unit.setdefault(
            unit_id,
            {"unit_id": unit_id, "unit_code": code, "unit": name, **dict.fromkeys(totals, 0)},
        )
        for bucket in (totals, unit):
            bucket["due"] += 1
            bucket[verdict] += 1
    by_unit = [
        {
            "unit_id": u["unit_id"],
            "unit_code": u["unit_code"],
            "unit": u["unit"],
            "due": u["due"],
            "done_on_time": u["on_time"],
            "done_late": u["late"],
            "overdue": u["overdue"],
            "pending": u["pending"],
            "on_time_rate": _rate(u["on_time"], u["due"]),
        }
        for u in sorted(per_unit.values(), key=lambda u: (u["unit"], u["unit_id"]))
    ]
    assessed: list[dict[str, Any]] = []
    for a in sorted(
        assessments.select_related("unit"), key=lambda a: (a.period_start, a.period, a.unit.name)
    ):
        assessed.append(
            {
                "id": a.pk,
                "unit_id": a.unit_id,
                "unit_code": a.unit.code,
                "unit": a.unit.name,
                "period": a.period,
                "period_start": a.period_start,
                "period_end": a.period_end,
                "total": float(a.total),
                "max_total": float(a.max_total),
                "confirmed": a.is_confirmed,
            }
        )
    return {
        "start": start,
        "end": end,
        "tasks": len(tasks),
        "due": totals["due"],
        "done_on_time": totals["on_time"],
        "done_late": totals["late"],
        "overdue": totals["overdue"],
        "pending": totals["pending"],
        "on_time_rate": _rate(totals["on_time"], totals["due"]),
        "done_rate": _rate(totals["on_time"] + totals["late"], totals["due"]),
        "overdue_backlog": backlog,
        "by_unit": by_unit,
        "assessments": assessed,
        "assessments_confirmed": sum(1 for a in assessed if a["confirmed"]),
    }
