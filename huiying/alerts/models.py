"""Event tiers (事件分级), their history, alerts (预警) and each alert's deliveries.

An alert is one rise of one event to one tier (`dedup_key`), so re-evaluating never
pages twice; each delivery is one recipient (a person in the app, or a channel)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.core.tiers import DEFAULT_TIERS, Tier, tiers_from_data, tiers_to_data
from huiying.events.models import Event
from huiying.org.models import Unit

USER = settings.AUTH_USER_MODEL
TIER_CHOICES = [(t.value, t.label) for t in Tier]


def default_thresholds() -> dict[str, Any]:
    return tiers_to_data(DEFAULT_TIERS)


class TierPolicy(models.Model):
    """The office's tier thresholds: one row (pk=1), made with the defaults on first use."""

    thresholds = models.JSONField(_("分级阈值"), default=default_thresholds)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("分级标准")
        verbose_name_plural = _("分级标准")

    @classmethod
    def current(cls) -> TierPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    def parsed(self) -> Any:
        return tiers_from_data(self.thresholds)


class EventTier(models.Model):
    """An event's current tier. Automatic tiers only rise; a manual tier (set by a
    person, with a reason) stays until a person changes it."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="tier_state")
    tier = models.PositiveSmallIntegerField(_("级别"), choices=TIER_CHOICES)
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    decided_at = models.DateTimeField(_("判定时间"))
    manual = models.BooleanField(_("人工定级"), default=False)
    manual_reason = models.CharField(_("定级理由"), max_length=500, blank=True)
    set_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Harm words found so far and the newest item scanned: each evaluation reads only
    # the items that joined since, not the whole event again.
    harm_words = models.JSONField(default=list, blank=True)
    scanned_item_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("事件级别")
        verbose_name_plural = _("事件级别")

    def __str__(self) -> str:
        return f"{self.event_id}: {Tier(self.tier).label}"

    @property
    def label(self) -> str:
        return Tier(self.tier).label


class TierChange(models.Model):
    """One change of an event's tier with the figures that caused it; actor null means
    the change was automatic."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tier_changes")
    from_tier = models.PositiveSmallIntegerField(_("原级别"), null=True, choices=TIER_CHOICES)
    to_tier = models.PositiveSmallIntegerField(_("新级别"), choices=TIER_CHOICES)
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    figures = models.JSONField(_("指标"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("级别变更")
        verbose_name_plural = _("级别变更")

    @property
    def from_label(self) -> str:
        return Tier(self.from_tier).label if self.from_tier else ""

    @property
    def to_label(self) -> str:
        return Tier(self.to_tier).label


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("通用 Webhook")
    WECOM = "wecom", _("企业微信机器人")
    DINGTALK = "dingtalk", _("钉钉机器人")
    FEISHU = "feishu", _("飞书机器人")


class Channel(models.Model):
    """Where alerts go besides the app. `config` holds the transport's settings,
    secrets included, as given: only administrators see or edit channels."""

    kind = models.CharField(_("类型"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    config = models.JSONField(_("配置"), default=dict)
    enabled = models.BooleanField(_("启用"), default=True)
    # Null or the office: the office's own channel (重大 and up); another unit's
    # channel gets only 特别重大.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("单位")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("通知渠道")
        verbose_name_plural = _("通知渠道")

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="alerts")
    tier = models.PositiveSmallIntegerField(_("级别"), choices=TIER_CHOICES)
    reason = models.TextField(_("原因"))
    dedup_key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")

    def __str__(self) -> str:
        return self.dedup_key

    @property
    def label(self) -> str:
        return Tier(self.tier).label


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败")
    DEFERRED = "deferred", _("延后")


class Delivery(models.Model):
    """One recipient of one alert: a person (in the app) or a channel. `scheduled_at`
    is when it was meant to go (after quiet hours and rate limits); it is what the
    per-recipient rate limit counts."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    scheduled_at = models.DateTimeField(_("计划时间"))
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error_zh = models.CharField(_("错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("预警送达")
        verbose_name_plural = _("预警送达")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__isnull=False) | models.Q(recipient__isnull=False),
                name="delivery_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}→{self.channel_id or self.recipient_id}"
