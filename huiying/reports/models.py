"""Reports (报告): a generated report with its figures frozen as a JSON snapshot, the
narrative people write around them, the schedules that generate and send reports, and
each sending. Changed only through huiying.reports.services."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.alerts.models import Channel
from huiying.events.models import Event
from huiying.org.models import Unit

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    DAILY = "daily", _("舆情日报")
    WEEKLY = "weekly", _("周报")
    HALF_YEAR = "half-year", _("半年总结")
    ANNUAL = "annual", _("年度总结")
    SPECIAL = "special", _("专报")


class Report(models.Model):
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=300)
    period_label = models.CharField(_("期间"), max_length=40)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期（不含）"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("范围")
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("事件")
    )
    # The figures as generated: the saved report never changes when the data does.
    figures = models.JSONField(_("数据快照"), default=dict)
    # Section key → sanitised HTML written by people around the figures.
    narrative = models.JSONField(_("文字部分"), default=dict, blank=True)
    generated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(_("生成时间"))
    # Set for scheduled reports: one report per schedule and period, however many
    # schedulers run.
    schedule_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["-generated_at", "-id"]
        verbose_name = _("报告")
        verbose_name_plural = _("报告")

    def __str__(self) -> str:
        return self.title


def default_brief_time() -> time:
    """HUIYING_DAILY_BRIEF_AT ("HH:MM", office time), 08:30 when unset."""
    text = str(getattr(settings, "HUIYING_DAILY_BRIEF_AT", "") or "08:30").strip()
    try:
        return time.fromisoformat(text if len(text) > 4 else f"0{text}")
    except ValueError:
        raise ValueError(f"HUIYING_DAILY_BRIEF_AT 应为 时:分，例如 08:30，而不是“{text}”") from None


class ReportSchedule(models.Model):
    """Generate a report of `kind` at `at` (office time) on working days: a daily brief
    every working day (about the day before), a weekly report on the week's first
    working day (about the week before)."""

    kind = models.CharField(
        _("类型"),
        max_length=16,
        choices=[(Kind.DAILY, Kind.DAILY.label), (Kind.WEEKLY, Kind.WEEKLY.label)],
        default=Kind.DAILY,
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("范围")
    )
    at = models.TimeField(_("发送时间"), default=default_brief_time)
    enabled = models.BooleanField(_("启用"), default=True)
    recipients = models.ManyToManyField(
        USER, blank=True, related_name="+", verbose_name=_("站内接收人")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="+", verbose_name=_("通知渠道")
    )
    last_run_on = models.DateField(_("最近生成日期"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("报告计划")
        verbose_name_plural = _("报告计划")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%H:%M}"


class ReportDelivery(models.Model):
    """One sending of a report: to a person in the app, or through a channel."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="report_deliveries"
    )
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(_("状态"), max_length=32)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
