"""Sending queued deliveries: `send_due` is what `huiying sendalerts` runs every ~30 s.

Safe to run from two processes at once: each due row is claimed with one conditional
UPDATE (status and next_attempt_at as they were read), so only one process sends it.
A claim is a lease: a process that dies mid-send leaves the row `sending` with
next_attempt_at = claim + LEASE, and it is picked up again after that.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from huiying.alerts.models import Alert, Channel, ChannelKind, Delivery, DeliveryStatus
from huiying.core.notify import (
    ChannelConfig,
    DingtalkConfig,
    EmailConfig,
    FeishuConfig,
    Notice,
    WebhookConfig,
    WecomConfig,
    deliver,
)
from huiying.core.notify.retry import retry_at
from huiying.core.tiers import Tier

LEASE = timedelta(minutes=5)  # longer than any send with its timeouts
_CONFIGS: dict[str, type[Any]] = {
    ChannelKind.EMAIL: EmailConfig,
    ChannelKind.WEBHOOK: WebhookConfig,
    ChannelKind.WECOM: WecomConfig,
    ChannelKind.DINGTALK: DingtalkConfig,
    ChannelKind.FEISHU: FeishuConfig,
}


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def channel_config(channel: Channel) -> ChannelConfig:
    """The transport config of a channel; ValueError with a Chinese message if the
    stored settings cannot make one."""
    cls = _CONFIGS.get(channel.kind)
    if cls is None:
        raise ValueError(_("未知的渠道类型：%(kind)s") % {"kind": channel.kind})
    data = dict(channel.config or {})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(_("渠道配置有未知项：%(keys)s") % {"keys": "、".join(unknown)})
    if "recipients" in data:
        recipients = data["recipients"]
        if isinstance(recipients, str):
            recipients = [r for r in recipients.replace("，", ",").split(",") if r.strip()]
        data["recipients"] = tuple(r.strip() for r in recipients)
    if "port" in data:
        data["port"] = int(data["port"])
    try:
        return cls(**data)  # type: ignore[no-any-return]
    except TypeError as exc:
        raise ValueError(_("渠道配置不完整：%(error)s") % {"error": exc}) from exc


def notice_for(alert: Alert) -> Notice:
    event = alert.event
    tier = Tier(alert.tier)
    path = reverse("events:detail", args=[event.pk])
    body = "\n".join(
        [
            alert.reason,
            f"信息 {event.item_count} 条，来源 {event.source_count} 个，"
            f"负面 {event.negative_count} 条，当前每小时 {event.per_hour_now:.0f} 条。",
        ]
    )
    return Notice(
        title=event.title or f"事件 #{event.pk}",
        body=body,
        url=getattr(settings, "HUIYING_SITE_URL", "").rstrip("/") + path,
        tier=tier.label,
        severity=int(tier),
        dedup_key=alert.dedup_key,
    )


def due(now: datetime) -> Any:
    waiting = [DeliveryStatus.PENDING, DeliveryStatus.DEFERRED, DeliveryStatus.SENDING]
    return Delivery.objects.filter(Q(status__in=waiting) & Q(next_attempt_at__lte=now)).order_by(
        "next_attempt_at", "id"
    )


def claim(pk: int, status: str, next_attempt_at: datetime | None, now: datetime) -> bool:
    """Take one due row for this process; False if another process took it first."""
    return (
        Delivery.objects.filter(pk=pk, status=status, next_attempt_at=next_attempt_at).update(
            status=DeliveryStatus.SENDING, next_attempt_at=now + LEASE
        )
        == 1
    )


def send_due(now: datetime | None = None, *, limit: int = 200, timeout: float = 10.0) -> SendReport:
    """Send every delivery due at `now` (at most `limit`). Never raises for a channel
    that is down: the row is rescheduled with backoff, or failed after the last try."""
    now = now or timezone.now()
    report = SendReport()
    rows = list(due(now).values_list("pk", "status", "next_attempt_at")[:limit])
    for pk, status, next_at in rows:
        if not claim(pk, status, next_at, now):
            continue
        delivery = Delivery.objects.select_related("alert__event", "channel").get(pk=pk)
        _send_one(delivery, now, timeout, report)
    return report


def _send_one(delivery: Delivery, now: datetime, timeout: float, report: SendReport) -> None:
    delivery.attempts += 1
    if delivery.channel is None:  # in the app: visible in the alert list once due
        _finish(delivery, DeliveryStatus.SENT, now, report)
        return
    if not delivery.channel.enabled:
        delivery.last_error_zh = "渠道已停用，未发送。"
        _finish(delivery, DeliveryStatus.FAILED, now, report)
        return
    try:
        config = channel_config(delivery.channel)
    except ValueError as exc:
        delivery.last_error_zh = str(exc)
        _finish(delivery, DeliveryStatus.FAILED, now, report)
        return
    # The transports sign with the real clock: robots reject stale timestamps.
    result = deliver(notice_for(delivery.alert), config, timeout=timeout)
    if result.ok:
        delivery.last_error_zh = ""
        _finish(delivery, DeliveryStatus.SENT, now, report)
        return
    delivery.last_error_zh = result.detail_zh[:500]
    later = retry_at(result, delivery.attempts, now)
    if later is None:
        delivery.last_error_zh = f"{result.detail_zh}（共尝试 {delivery.attempts} 次）"[:500]
        _finish(delivery, DeliveryStatus.FAILED, now, report)
        return
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = later
    delivery.save(update_fields=["status", "next_attempt_at", "attempts", "last_error_zh"])
    report.retrying += 1


def _finish(delivery: Delivery, status: str, now: datetime, report: SendReport) -> None:
    delivery.status = status
    delivery.next_attempt_at = None
    if status == DeliveryStatus.SENT:
        delivery.sent_at = now
        report.sent += 1
    else:
        report.failed += 1
    delivery.save(
        update_fields=["status", "next_attempt_at", "sent_at", "attempts", "last_error_zh"]
    )
