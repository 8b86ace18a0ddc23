"""Reply-deadline reminders for complaints, run by the scheduler (huiying.complaints
.periodic) with the same clock core and claims as case clocks (huiying.cases.clocks).

- Near its due time a complaint warns its unit's handlers in the app, and through the
  alert channels of that unit if the office configured any (unassigned: the lead
  office's handlers and channels).
- Once late it is flagged (`late_for`, shown in the inbox) and the handlers are told.

Each warning and flag is claimed with one conditional UPDATE (… WHERE due_at = the
deadline evaluated AND warned_for/late_for is not it yet), and its notices and audit
record are written in the same transaction only by the run whose UPDATE matched: safe
from several processes, and a deadline that passed while nothing ran is flagged exactly
once when a run comes. A new deadline (reopened, extended) re-arms both.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huiying.alerts.delivery import LEASE, channel_config
from huiying.alerts.models import Channel
from huiying.audit.services import record
from huiying.complaints.deadlines import office_calendar
from huiying.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintNotice,
    NoticeKind,
    NoticeStatus,
)
from huiying.core.clock import ClockState, EscalationPolicy, next_actions
from huiying.core.notify import Notice, deliver
from huiying.core.notify.retry import retry_at
from huiying.core.tiers import Tier
from huiying.org.permissions import ROLE_PERMISSIONS

# A complaint has days, not hours: warn one working day (8 working hours) before.
DEFAULT_POLICY = EscalationPolicy(warn_fraction=0.2, warn_lead=timedelta(hours=8))
# Complaints whose deadline is further off than this are not looked at yet.
HORIZON = timedelta(days=10)


def policy() -> EscalationPolicy:
    return getattr(settings, "HUIYING_COMPLAINT_POLICY", None) or DEFAULT_POLICY


def _state(complaint: Complaint) -> ClockState:
    due = complaint.due_at
    return ClockState(
        step="reply",
        tier=Tier.GENERAL,
        mode="working",
        started=min(complaint.received_at, due),
        deadline=due,
        warned_at=due if complaint.warned_for == due else None,
        escalated_at=due if complaint.late_for == due else None,
        done_at=None,
    )


def handlers(complaint: Complaint) -> list[Any]:
    """Who handles it: people with handle_complaints in its unit (unassigned: in the
    lead office)."""
    roles = [role for role, verbs in ROLE_PERMISSIONS.items() if "handle_complaints" in verbs]
    users = get_user_model().objects.filter(is_active=True, profile__role__in=roles)
    if complaint.unit_id is not None:
        users = users.filter(profile__units=complaint.unit_id)
    else:
        users = users.filter(profile__units__is_office=True)
    return list(users.distinct().order_by("pk"))


def channels(complaint: Complaint) -> list[Channel]:
    found = Channel.objects.filter(enabled=True)
    if complaint.unit_id is not None:
        found = found.filter(unit_id=complaint.unit_id)
    else:
        found = found.filter(unit__is_office=True)
    return list(found.order_by("pk"))


def _text(kind: str, complaint: Complaint) -> str:
    params = {
        "title": (complaint.title or complaint.content)[:100],
        "ref": complaint.reference,
        "when": timezone.localtime(complaint.due_at).strftime("%Y-%m-%d %H:%M"),
    }
    if kind == NoticeKind.WARN:
        return _("诉求“%(title)s”（%(ref)s）即将到答复时限（%(when)s）。") % params
    return _("诉求“%(title)s”（%(ref)s）已超过答复时限（%(when)s），请尽快答复。") % params


def _claim(complaint: Complaint, kind: str) -> bool:
    due = complaint.due_at
    rows = Complaint.objects.filter(pk=complaint.pk, due_at=due, status__in=OPEN_STATUSES)
    field = "warned_for" if kind == NoticeKind.WARN else "late_for"
    unclaimed = Q(**{f"{field}__isnull": True}) | ~Q(**{field: due})
    return rows.filter(unclaimed).update(**{field: due}) == 1


def evaluate(complaint: Complaint, now: datetime) -> list[ComplaintNotice]:
    """Warn or flag `complaint` at `now` if due; the notices made (none if another run
    already did)."""
    actions, _new = next_actions(now, _state(complaint), cal=office_calendar(), policy=policy())
    made: list[ComplaintNotice] = []
    for action in actions:
        kind = NoticeKind.WARN if action.kind == "warn" else NoticeKind.LATE
        with transaction.atomic():
            if not _claim(complaint, kind):
                continue
            text = _text(kind, complaint)
            people = handlers(complaint)
            for person in people:
                made.append(
                    ComplaintNotice.objects.create(
                        complaint=complaint, kind=kind, to=person, text=text, at=now
                    )
                )
            for channel in channels(complaint):
                made.append(
                    ComplaintNotice.objects.create(
                        complaint=complaint,
                        kind=kind,
                        channel=channel,
                        text=text,
                        at=now,
                        status=NoticeStatus.PENDING,
                        next_attempt_at=now,
                    )
                )
            record(
                "complaint.deadline_warn" if kind == NoticeKind.WARN else "complaint.overdue",
                complaint,
                before={"due_at": timezone.localtime(complaint.due_at).isoformat()},
                after={
                    "to": [p.get_username() for p in people],
                    "at": now.isoformat(),
                    "remaining_minutes": int(action.remaining.total_seconds() // 60),
                },
            )
    return made


def candidates(now: datetime) -> Any:
    return (
        Complaint.objects.filter(status__in=OPEN_STATUSES, due_at__lte=now + HORIZON)
        .filter(Q(late_for__isnull=True) | ~Q(late_for=F("due_at")))
        .select_related("unit")
        .order_by("due_at", "id")
    )


def _notice(note: ComplaintNotice) -> Notice:
    complaint = note.complaint
    path = reverse("complaints:detail", args=[complaint.pk])
    return Notice(
        title=str(note.get_kind_display()),
        body=note.text,
        url=getattr(settings, "HUIYING_SITE_URL", "").rstrip("/") + path,
        tier=Tier.GENERAL.label,
        severity=int(Tier.GENERAL),
        dedup_key=f"complaint:{complaint.pk}:{note.kind}:{complaint.due_at.isoformat()}",
    )


def _send(note: ComplaintNotice, now: datetime, timeout: float) -> None:
    note.attempts += 1
    note.next_attempt_at = None
    assert note.channel is not None
    try:
        result = deliver(_notice(note), channel_config(note.channel), timeout=timeout)
    except ValueError as exc:  # the channel's stored settings cannot make a config
        note.status, note.last_error_zh = NoticeStatus.FAILED, str(exc)[:500]
    else:
        if result.ok:
            note.status, note.last_error_zh = NoticeStatus.SENT, ""
        else:
            later = retry_at(result, note.attempts, now)
            note.last_error_zh = result.detail_zh[:500]
            if later is None:
                note.status = NoticeStatus.FAILED
            else:
                note.status, note.next_attempt_at = NoticeStatus.PENDING, later
    note.save(update_fields=["status", "attempts", "next_attempt_at", "last_error_zh"])


def send_due(now: datetime, *, timeout: float = 10.0) -> int:
    """Send channel notices that are due; each is claimed as a lease (as alert
    deliveries are), so two processes never send one twice."""
    waiting = [NoticeStatus.PENDING, NoticeStatus.SENDING]
    rows = list(
        ComplaintNotice.objects.filter(status__in=waiting, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", "status", "next_attempt_at")[:200]
    )
    sent = 0
    for pk, status, next_at in rows:
        claimed = ComplaintNotice.objects.filter(
            pk=pk, status=status, next_attempt_at=next_at
        ).update(status=NoticeStatus.SENDING, next_attempt_at=now + LEASE)
        if claimed != 1:
            continue
        note = ComplaintNotice.objects.select_related("complaint", "channel").get(pk=pk)
        _send(note, now, timeout)
        sent += int(note.status == NoticeStatus.SENT)
    return sent


def run_reminders(now: datetime | None = None) -> list[ComplaintNotice]:
    """Evaluate every open complaint near or past its deadline, then send channel
    notices that are due. Returns the notices made."""
    now = now or timezone.now()
    made: list[ComplaintNotice] = []
    # Read them all first: SQLite does not like writes while a read cursor is open.
    for complaint in list(candidates(now)):
        made.extend(evaluate(complaint, now))
    send_due(now)
    return made
