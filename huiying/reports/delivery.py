"""Sending a report: a notice in the app for each recipient, and a short message with
the key figures and the link through each notification channel (e-mail, webhooks and
group robots of huiying.alerts), one ReportDelivery row per target."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from huiying.alerts.delivery import channel_config
from huiying.alerts.models import Channel
from huiying.audit.services import record
from huiying.core.notify import Notice, deliver
from huiying.reports.models import Report, ReportDelivery


def summary(report: Report) -> str:
    """The headline figures, one line each, as plain Chinese text."""
    snap = report.figures
    lines = [f"{snap['period']['human']}，{snap['scope']['name']}。"]
    pairs = (
        ("items", None, "采集信息"),
        ("events", "total", "新发现事件"),
        ("cases", "opened", "立案"),
        ("cases", "closed", "办结案件"),
        ("complaints", "received", "受理诉求"),
        ("complaints", "closure_rate", "诉求办结率"),
    )
    for key, sub, label in pairs:
        f = snap.get(key)
        if f is None:
            continue
        f = f[sub] if sub else f
        lines.append(f"{label}：{f['text']}")
    if "special" in snap:
        for f in snap["special"]["figures"].values():
            lines.append(f"{f['text']}（{f['note'][:60]}…）")
    return "\n".join(lines)


def notice_for(report: Report) -> Notice:
    path = reverse("reports:detail", args=[report.pk])
    return Notice(
        title=report.title,
        body=summary(report),
        url=str(getattr(settings, "HUIYING_SITE_URL", "") or "").rstrip("/") + path,
        tier="",
        severity=1,
        dedup_key=f"report:{report.pk}",
    )


def send_report(
    report: Report, *, recipients: list[Any], channels: list[Channel], now: datetime
) -> list[ReportDelivery]:
    """In-app rows first (in one transaction), then each channel; a channel's failure
    is recorded on its row and does not stop the others."""
    rows: list[ReportDelivery] = []
    with transaction.atomic():
        for user in recipients:
            rows.append(
                ReportDelivery.objects.create(report=report, recipient=user, status="sent", at=now)
            )
        record(
            "reports.send",
            report,
            after={
                "recipients": [u.pk for u in recipients],
                "channels": [c.pk for c in channels],
            },
        )
    notice = notice_for(report)
    for channel in channels:
        try:
            result = deliver(notice, channel_config(channel), now=now)
            status = result.status
            error = "" if result.ok else result.detail_zh
        except ValueError as exc:
            status, error = "bad_config", str(exc)
        rows.append(
            ReportDelivery.objects.create(
                report=report, channel=channel, status=status, error=error[:500], at=now
            )
        )
    return rows
