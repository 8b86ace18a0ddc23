"""Complaint figures for reports: how many were received, answered and closed (办结率),
how many are overdue, and how long a reply took. Read-only."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from huiying.complaints.models import OPEN_STATUSES, Complaint, Status
from huiying.org.models import Unit


def overdue_q(now: datetime) -> Q:
    """Complaints whose reply clock has run out with no reply."""
    return Q(status__in=OPEN_STATUSES, due_at__lt=now)


def received_between(
    unit: Unit | None = None, since: datetime | None = None, until: datetime | None = None
) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if unit is not None:
        qs = qs.filter(unit=unit)
    if since is not None:
        qs = qs.filter(received_at__gte=since)
    if until is not None:
        qs = qs.filter(received_at__lt=until)
    return qs


def figures(
    unit: Unit | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Figures over complaints received in [since, until), of one unit or all:

    - received: how many; replied: answered now (已答复 or 已办结); closed: 已办结;
    - closure_rate: closed / received (None when nothing was received);
    - overdue: still unanswered past their deadline at `now`;
    - replied_late: answered after their deadline;
    - median_reply_hours: median calendar hours from receipt to reply, over the
      complaints with a recorded reply time (None when there is none).
    """
    now = now or timezone.now()
    qs = received_between(unit, since, until)
    received = qs.count()
    replied = qs.filter(status__in=(Status.REPLIED, Status.CLOSED)).count()
    closed = qs.filter(status=Status.CLOSED).count()
    overdue = qs.filter(overdue_q(now)).count()
    times = list(
        qs.filter(replied_at__isnull=False).values_list("received_at", "replied_at", "due_at")
    )
    hours = [
        (replied_at - received_at).total_seconds() / 3600 for received_at, replied_at, _ in times
    ]
    return {
        "received": received,
        "replied": replied,
        "closed": closed,
        "closure_rate": round(closed / received, 4) if received else None,
        "overdue": overdue,
        "replied_late": sum(1 for _r, replied_at, due_at in times if replied_at > due_at),
        "median_reply_hours": round(statistics.median(hours), 2) if hours else None,
    }
