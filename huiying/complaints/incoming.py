"""A complaint record as it arrives (API push or import), and its checks.

Only these fields are read. A caller's name, phone number or ID number is never part
of a record: the import reader does not read such columns and the API ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.core.dates import FUTURE_SLACK
from huiying.items.models import Item

LIMITS = {"channel": 64, "external_id": 100, "title": 500, "category": 100, "content": 20000}
_LABELS = {
    "channel": _("渠道"),
    "external_id": _("渠道编号"),
    "title": _("标题"),
    "category": _("类别"),
    "content": _("内容"),
}


@dataclass(frozen=True, slots=True)
class Incoming:
    channel: str
    external_id: str
    content: str
    received_at: datetime
    title: str = ""
    category: str = ""
    reply: str = ""
    replied_at: datetime | None = None
    external_status: str = ""


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def check_incoming(record: Incoming, *, now: datetime) -> Incoming:
    """The record with whitespace tidied, or ValidationError naming every bad field."""
    record = replace(
        record,
        channel=_one_line(record.channel),
        external_id=_one_line(record.external_id),
        title=_one_line(record.title),
        category=_one_line(record.category),
        content=(record.content or "").strip(),
        reply=(record.reply or "").strip(),
        external_status=_one_line(record.external_status)[:32],
    )
    errors: dict[str, list[ValidationError]] = {}

    def add(name: str, message: Any, code: str, **params: Any) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code, params=params))

    for field in ("channel", "external_id", "content"):
        if not getattr(record, field):
            add(field, _("缺少%(field)s。"), "required", field=_LABELS[field])
    for field, limit in LIMITS.items():
        if len(getattr(record, field)) > limit:
            add(
                field,
                _("%(field)s不能超过 %(limit)d 个字符。"),
                "too_long",
                field=_LABELS[field],
                limit=limit,
            )
    for field in ("channel", "external_id"):
        if "/" in getattr(record, field):
            add(field, _("%(field)s不能包含“/”。"), "slash", field=_LABELS[field])
    for field in ("received_at", "replied_at"):
        when = getattr(record, field)
        if when is None:
            continue
        if timezone.is_naive(when):
            add(field, _("时间须带时区。"), "naive")
        elif when > now + FUTURE_SLACK:
            add(field, _("时间晚于当前时间，请检查是否有误。"), "future")
    if (
        record.replied_at is not None
        and "received_at" not in errors
        and "replied_at" not in errors
        and record.replied_at < record.received_at
    ):
        add("replied_at", _("答复时间不能早于受理时间。"), "before_received")
    if errors:
        raise ValidationError(errors)
    return record


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def from_item(item: Item, source_name: str) -> dict[str, Any]:
    """receive_complaint() arguments for an item of a complaint-import source. The
    reader keeps the record's fields in `extra`, its received time as `published_at`
    and its identity as the guid "channel:id"."""
    extra = item.extra or {}
    channel = str(extra.get("channel") or "")
    ident = str(extra.get("id") or "")
    if not ident:
        prefix = f"{channel or 'unknown'}:"
        ident = item.guid[len(prefix) :] if item.guid.startswith(prefix) else item.guid
    return {
        # A file without a channel column: the import source is the channel.
        "channel": (channel or source_name)[:64],
        "external_id": ident,
        "title": item.title[:500],
        "content": item.text,
        "category": str(extra.get("category") or ""),
        "received_at": _iso(extra.get("received_at")) or item.published_at or item.fetched_at,
        "reply": str(extra.get("reply") or ""),
        "replied_at": _iso(extra.get("replied_at")),
        "external_status": str(extra.get("status") or ""),
    }
