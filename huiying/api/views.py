"""JSON API handlers for complaints. Thin: huiying.complaints.services changes state;
the shapes are described in huiying.api.openapi (and a test keeps the two in step)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from huiying.api.http import ApiError, api_view, field_errors, ok
from huiying.api.models import ApiToken, Scope
from huiying.api.openapi import document
from huiying.api.payload import parse_record, read_json, records_of
from huiying.api.tokens import may_assign_to, readable
from huiying.complaints import services
from huiying.complaints.incoming import Incoming, check_incoming
from huiying.complaints.models import Complaint
from huiying.org.models import Unit

READ: str = Scope.COMPLAINTS_READ.value
WRITE: str = Scope.COMPLAINTS_WRITE.value
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _chinese(label: Any) -> str:
    with translation.override("zh-hans"):
        return str(label)


def complaint_json(complaint: Complaint) -> dict[str, Any]:
    return {
        "channel": complaint.channel,
        "external_id": complaint.external_id,
        "title": complaint.title,
        "category": complaint.category,
        "status": complaint.status,
        "status_label": _chinese(complaint.get_status_display()),
        "unit": {"code": complaint.unit.code, "name": complaint.unit.name}
        if complaint.unit_id
        else None,
        "received_at": _when(complaint.received_at),
        "due_at": _when(complaint.due_at),
        "reply": complaint.reply,
        "replied_at": _when(complaint.replied_at),
        "closed_at": _when(complaint.closed_at),
        "reopened_count": complaint.reopened_count,
        "updated_at": _when(complaint.updated_at),
    }


def _readable(token: ApiToken) -> Any:
    return Complaint.objects.filter(readable(token)).select_related("unit")


def _one(token: ApiToken, channel: str, external_id: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("unit")
        .filter(channel=channel, external_id=external_id)
        .first()
    )
    if complaint is None:
        raise ApiError(404, "not_found", _("没有这条诉求。"))
    if not _readable(token).filter(pk=complaint.pk).exists():
        raise ApiError(403, "unit", _("该诉求不属于此令牌所属的单位。"))
    return complaint


# --- POST /api/complaints ----------------------------------------------------------


def _unit_for(token: ApiToken, code: str | None, index: int, errors: list[Any]) -> Unit | None:
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        errors.extend(
            field_errors(
                ValidationError(
                    {"unit": ValidationError(_("未知单位代码：%(code)s"), params={"code": code})}
                ),
                index,
            )
        )
        return None
    if not may_assign_to(token, unit):
        raise ApiError(
            403,
            "unit",
            _("不能把诉求推送给令牌所属单位以外的单位：%(code)s"),
            params={"code": code},
        )
    return unit


def _incoming(values: dict[str, Any], now: datetime) -> Incoming:
    return Incoming(
        channel=values.get("channel", ""),
        external_id=values.get("external_id", ""),
        content=values.get("content", ""),
        title=values.get("title", ""),
        category=values.get("category", ""),
        received_at=values.get("received_at") or now,
    )


def push(request: HttpRequest) -> HttpResponse:
    token: ApiToken = request.api_token
    rows, batch = records_of(read_json(request.body))
    records = [parse_record(i, row) for i, row in enumerate(rows)]
    errors = [e for r in records for e in r.errors]
    units = [_unit_for(token, r.values.pop("unit", None), r.index, errors) for r in records]
    now = timezone.now()
    for record in records:
        # Every problem of every record in one answer, not one per attempt.
        try:
            check_incoming(_incoming(record.values, now), now=now)
        except ValidationError as exc:
            errors.extend(field_errors(exc, record.index))
    if errors:
        raise ApiError(400, "invalid", _("请求数据有误，未保存任何记录。"), errors)
    default_unit = None if token.unit.is_office else token.unit
    stored: list[tuple[Complaint, bool]] = []
    with transaction.atomic():
        for record, unit in zip(records, units, strict=True):
            incoming = _incoming(record.values, now)
            try:
                stored.append(
                    services.receive_complaint(
                        channel=incoming.channel,
                        external_id=incoming.external_id,
                        content=incoming.content,
                        title=incoming.title,
                        category=incoming.category,
                        received_at=incoming.received_at,
                        unit=unit,
                        default_unit=default_unit,
                        api_token=token,
                        now=now,
                    )
                )
            except ValidationError as exc:
                errors.extend(field_errors(exc, record.index))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ApiError(400, "invalid", _("请求数据有误，未保存任何记录。"), errors)
    visible = set(
        _readable(token).filter(pk__in=[c.pk for c, _new in stored]).values_list("pk", flat=True)
    )
    if any(c.pk not in visible for c, _new in stored):
        raise ApiError(403, "unit", _("该诉求已由其他单位的接口推送，此令牌不能读取。"))
    created = sum(1 for _c, new in stored if new)
    status = 201 if created else 200
    if not batch:
        return ok(complaint_json(stored[0][0]), status)
    return ok(
        {
            "created": created,
            "existing": len(stored) - created,
            "complaints": [complaint_json(c) for c, _new in stored],
        },
        status,
    )


# --- GET /api/complaints -----------------------------------------------------------


def _cursor(complaint: Complaint) -> str:
    raw = f"{complaint.updated_at.isoformat()}|{complaint.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after(cursor: str) -> Q:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.rsplit("|", 1)
        when = parse_datetime(stamp)
        if when is None:
            raise ValueError(stamp)
        return Q(updated_at__gt=when) | Q(updated_at=when, pk__gt=int(pk))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ApiError(400, "bad_cursor", _("cursor 参数无效。")) from None


def changes(request: HttpRequest) -> HttpResponse:
    token: ApiToken = request.api_token
    qs = _readable(token)
    since = request.GET.get("updated_since")
    if since:
        when = parse_datetime(since.replace(" ", "+"))
        if when is None:
            raise ApiError(
                400,
                "bad_updated_since",
                _("updated_since 无法识别，请使用 ISO 8601 格式，例如 2025-09-22T10:00:00+08:00。"),
            )
        qs = qs.filter(
            updated_at__gt=timezone.make_aware(when) if timezone.is_naive(when) else when
        )
    if request.GET.get("cursor"):
        qs = qs.filter(_after(request.GET["cursor"]))
    try:
        limit = int(request.GET.get("limit") or DEFAULT_LIMIT)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(
            400, "bad_limit", _("limit 应为 1 到 %(max)d 之间的整数。"), params={"max": MAX_LIMIT}
        )
    page = list(qs.order_by("updated_at", "pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return ok(
        {
            "complaints": [complaint_json(c) for c in page],
            "next_cursor": _cursor(page[-1]) if more else None,
        }
    )


# --- One complaint -----------------------------------------------------------------


def read_one(request: HttpRequest, channel: str, external_id: str) -> HttpResponse:
    return ok(complaint_json(_one(request.api_token, channel, external_id)))


def reopen(request: HttpRequest, channel: str, external_id: str) -> HttpResponse:
    token: ApiToken = request.api_token
    complaint = _one(token, channel, external_id)
    body = read_json(request.body) if request.body else {}
    reason = body.get("reason") if isinstance(body, dict) else None
    if reason is not None and not isinstance(reason, str):
        raise ApiError(
            400,
            "invalid",
            _("请求数据有误。"),
            field_errors(ValidationError({"reason": _("reason 应为字符串。")})),
        )
    try:
        complaint = services.reopen(complaint, reason or "", api_token=token)
    except ValidationError as exc:
        refusal = next(
            (e for e in getattr(exc, "error_list", []) if e.code in ("transition", "stale")), None
        )
        if refusal is not None:
            raise ApiError(409, str(refusal.code), refusal.message, params=refusal.params) from None
        raise ApiError(400, "invalid", _("请求数据有误。"), field_errors(exc)) from None
    return ok(complaint_json(complaint))


def openapi(request: HttpRequest) -> HttpResponse:
    return ok(document())


complaints_view = api_view({"GET": (READ, changes), "POST": (WRITE, push)})
complaint_view = api_view({"GET": (READ, read_one)})
reopen_view = api_view({"POST": (WRITE, reopen)})
openapi_view = api_view({"GET": (None, openapi)})
