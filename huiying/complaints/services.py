"""Use-cases for complaints (诉求): the only code that changes them.

receive → assign to a unit → reply → close, and reopen when the complainant is not
satisfied (有诉必理、有理必复). Each action owns its transaction, writes an audit record,
and on bad input raises ValidationError with a Chinese message (English through the
translation catalogue) and changes nothing. Two people acting at once: every change is
a conditional UPDATE on `version`, so the second gets STALE instead of a lost update.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.complaints.assignment import enabled_rules, match_rule
from huiying.complaints.deadlines import due_after
from huiying.complaints.figures import figures
from huiying.complaints.incoming import Incoming, check_incoming, from_item
from huiying.complaints.linking import event_of_item, matching_event
from huiying.complaints.models import AssignmentRule, Complaint, Status
from huiying.complaints.transitions import STALE, TRANSITIONS, check_transition, error
from huiying.items.models import Item
from huiying.org.models import Unit
from huiying.sources.models import Source, SourceKind

__all__ = [
    "STALE",
    "assign",
    "close",
    "figures",
    "ingest_complaint_items",
    "receive_complaint",
    "reopen",
    "reply",
    "set_due",
    "unit_by_code",
]

log = logging.getLogger(__name__)

MAX_REPLY = 10000
MAX_REASON = 2000
# The originating system's words for a finished record (imports only).
CLOSED_WORDS = frozenset({"已办结", "办结", "已完成", "已结案", "结案", "closed"})


def _snapshot(complaint: Complaint) -> dict[str, Any]:
    return {
        "channel": complaint.channel,
        "external_id": complaint.external_id,
        "status": complaint.status,
        "unit": complaint.unit.code if complaint.unit_id else None,
        "due_at": timezone.localtime(complaint.due_at).isoformat(),
        "version": complaint.version,
    }


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def unit_by_code(code: str) -> Unit:
    try:
        return Unit.objects.get(code=code.strip())
    except Unit.DoesNotExist:
        raise error(_("未知单位代码：%(code)s"), "unknown_unit", "unit", {"code": code}) from None


# --- Receiving ----------------------------------------------------------------------


@transaction.atomic
def receive_complaint(
    *,
    channel: str,
    external_id: str,
    content: str,
    title: str = "",
    category: str = "",
    received_at: datetime | None = None,
    unit: Unit | None = None,
    default_unit: Unit | None = None,
    reply: str = "",
    replied_at: datetime | None = None,
    external_status: str = "",
    source_item: Item | None = None,
    api_token: Any = None,
    actor: Any = None,
    rules: Sequence[AssignmentRule] | None = None,
    now: datetime | None = None,
) -> tuple[Complaint, bool]:
    """Store a complaint once per (channel, external id); return it and whether it is
    new. Receiving the same record again changes nothing. The unit is `unit` if given,
    else the first matching assignment rule's, else `default_unit` (the owner of the
    channel when that is a department rather than the lead office), else none yet."""
    now = now or timezone.now()
    incoming = check_incoming(
        Incoming(
            channel=channel,
            external_id=external_id,
            content=content,
            title=title,
            category=category,
            received_at=received_at or now,
            reply=reply,
            replied_at=replied_at,
            external_status=external_status,
        ),
        now=now,
    )
    existing = Complaint.objects.filter(
        channel=incoming.channel, external_id=incoming.external_id
    ).first()
    if existing is not None:
        return existing, False
    rule = None
    if unit is None:
        rule = match_rule(
            title=incoming.title,
            content=incoming.content,
            category=incoming.category,
            rules=rules,
        )
        unit = rule.unit if rule is not None else default_unit
    if source_item is not None:
        event = event_of_item(source_item)
    else:
        event = matching_event(incoming.title, incoming.content, now=now)
    complaint = Complaint(
        channel=incoming.channel,
        external_id=incoming.external_id,
        title=incoming.title,
        content=incoming.content,
        category=incoming.category,
        received_at=incoming.received_at,
        unit=unit,
        status=Status.ASSIGNED if unit is not None else Status.RECEIVED,
        external_status=incoming.external_status,
        due_at=due_after(incoming.received_at),
        source_item=source_item,
        api_token=api_token,
        event=event,
        updated_at=now,
    )
    if incoming.reply:
        complaint.reply = incoming.reply
        complaint.replied_at = incoming.replied_at
        complaint.status = Status.REPLIED
        if incoming.external_status.lower() in CLOSED_WORDS:
            complaint.status = Status.CLOSED
            complaint.closed_at = incoming.replied_at
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        # Someone stored the same record between our look-up and our insert.
        return Complaint.objects.get(
            channel=incoming.channel, external_id=incoming.external_id
        ), False
    after = _snapshot(complaint)
    after["category"] = complaint.category
    if rule is not None:
        after["rule"] = rule.name
    if event is not None:
        after["event"] = event.pk
    if api_token is not None:
        after["via"] = f"api:{api_token.name}"
    elif source_item is not None:
        after["via"] = f"import:{source_item.source_id}"
    record("complaint.receive", complaint, actor=_user(actor), after=after)
    return complaint, True


def ingest_complaint_items(items: Sequence[Item], *, now: datetime | None = None) -> int:
    """The hook run after items of complaint-import sources are stored: one complaint
    per record, once. Returns how many complaints are new. A record that cannot become a
    complaint is logged and skipped; the others still come through."""
    source_ids = {item.source_id for item in items}
    sources = {
        s.pk: s
        for s in Source.objects.filter(
            pk__in=source_ids, kind=SourceKind.COMPLAINTS_IMPORT
        ).select_related("unit")
    }
    rules = enabled_rules()
    created = 0
    for item in items:
        source = sources.get(item.source_id)
        if source is None:
            continue
        try:
            _complaint, new = receive_complaint(
                **from_item(item, source.name),
                default_unit=None if source.unit.is_office else source.unit,
                source_item=item,
                rules=rules,
                now=now,
            )
        except ValidationError as exc:
            log.warning("item %s is not a valid complaint: %s", item.pk, "；".join(exc.messages))
            continue
        created += int(new)
    return created


# --- Changing a complaint -----------------------------------------------------------


def _change(
    complaint: Complaint,
    action: str,
    *,
    expected_version: int | None,
    changes: dict[str, Any],
    actor: Any,
    api_token: Any = None,
    now: datetime,
    check: Any = None,
    note: dict[str, Any] | None = None,
) -> Complaint:
    """Apply `changes` if the complaint is still at `expected_version` and `action` is
    allowed from its status; audit it; refresh the caller's object."""
    expected = complaint.version if expected_version is None else expected_version
    with transaction.atomic():
        current = Complaint.objects.select_related("unit").get(pk=complaint.pk)
        if current.version != expected:
            raise error(STALE, "stale")
        if action in TRANSITIONS:
            changes = {"status": check_transition(current.status, action), **changes}
        if check is not None:
            check(current)
        before = _snapshot(current)
        updated = Complaint.objects.filter(pk=current.pk, version=expected).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if updated != 1:
            raise error(STALE, "stale")
        current.refresh_from_db()
        after = {**_snapshot(current), **(note or {})}
        if api_token is not None:
            after["via"] = f"api:{api_token.name}"
        record(f"complaint.{action}", current, actor=_user(actor), before=before, after=after)
    for field in Complaint._meta.concrete_fields:
        setattr(complaint, field.attname, getattr(current, field.attname))
    complaint.unit = current.unit
    return complaint


def assign(
    complaint: Complaint,
    unit: Unit | None,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Assign (or transfer, 转办) to `unit`. `expected_version` is the version the
    person saw; None means the version of `complaint` as passed in."""
    if unit is None:
        raise error(_("请选择承办单位。"), "required", "unit")

    def same_unit(current: Complaint) -> None:
        if current.status == Status.ASSIGNED and current.unit_id == unit.pk:
            raise error(_("该诉求已由%(unit)s承办。"), "same_unit", "unit", {"unit": unit.name})

    return _change(
        complaint,
        "assign",
        expected_version=expected_version,
        changes={"unit_id": unit.pk},
        actor=actor,
        now=now or timezone.now(),
        check=same_unit,
    )


def reply(
    complaint: Complaint,
    text: str,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    text = (text or "").strip()
    if not text:
        raise error(_("请填写答复内容。"), "required", "reply")
    if len(text) > MAX_REPLY:
        raise error(
            _("答复内容不能超过 %(limit)d 个字。"), "too_long", "reply", {"limit": MAX_REPLY}
        )
    now = now or timezone.now()
    return _change(
        complaint,
        "reply",
        expected_version=expected_version,
        changes={
            "reply": text,
            "replied_at": now,
            "replied_by_id": getattr(_user(actor), "pk", None),
        },
        actor=actor,
        now=now,
        note={"reply": text},
    )


def close(
    complaint: Complaint,
    *,
    actor: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    now = now or timezone.now()
    return _change(
        complaint,
        "close",
        expected_version=expected_version,
        changes={"closed_at": now},
        actor=actor,
        now=now,
    )


def reopen(
    complaint: Complaint,
    reason: str,
    *,
    actor: Any = None,
    api_token: Any = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    """The complainant is not satisfied: the complaint is handled again, with a new
    reply clock from now. The earlier reply stays visible until a new one is given."""
    reason = (reason or "").strip()
    if not reason:
        raise error(_("请填写重新打开的原因。"), "required", "reason")
    if len(reason) > MAX_REASON:
        raise error(_("原因不能超过 %(limit)d 个字。"), "too_long", "reason", {"limit": MAX_REASON})
    now = now or timezone.now()
    return _change(
        complaint,
        "reopen",
        expected_version=expected_version,
        changes={
            "closed_at": None,
            "reopen_reason": reason,
            "reopened_count": F("reopened_count") + 1,
            "due_at": due_after(now),
        },
        actor=actor,
        api_token=api_token,
        now=now,
        note={"reason": reason},
    )


def set_due(
    complaint: Complaint,
    due_at: datetime | None,
    *,
    actor: Any = None,
    reason: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Move the reply deadline (for example an extension agreed with the complainant)."""
    now = now or timezone.now()
    if due_at is None:
        raise error(_("请填写新的答复时限。"), "required", "due_at")
    if timezone.is_naive(due_at):
        raise error(_("答复时限须带时区。"), "naive", "due_at")
    if due_at <= now:
        raise error(_("新的答复时限不能早于当前时间。"), "past", "due_at")

    def still_open(current: Complaint) -> None:
        if not current.is_open:
            raise error(
                _("状态为“%(status)s”的诉求不需要调整答复时限。"),
                "transition",
                params={"status": Status(current.status).label},
            )

    return _change(
        complaint,
        "set_due",
        expected_version=expected_version,
        changes={"due_at": due_at},
        actor=actor,
        now=now,
        check=still_open,
        note={"reason": reason.strip()} if reason.strip() else None,
    )
