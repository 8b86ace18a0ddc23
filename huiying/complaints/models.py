"""Complaints (诉求) and the rules that route them to a unit.

A complaint is about a place and a problem. Who complained is never stored: there is
no name, phone or identity field here, and the import reader and the API drop them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.events.models import Event
from huiying.items.models import Item
from huiying.org.models import Unit


class Status(models.TextChoices):
    RECEIVED = "received", _("待分派")
    ASSIGNED = "assigned", _("已分派")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    REOPENED = "reopened", _("已重新打开")


# Statuses whose reply clock is running: a complaint in one of these is overdue once
# its due_at has passed.
OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.REOPENED)


class Complaint(models.Model):
    channel = models.CharField(_("渠道"), max_length=64)
    external_id = models.CharField(_("渠道编号"), max_length=100)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    content = models.TextField(_("内容"))
    category = models.CharField(_("类别"), max_length=100, blank=True, db_index=True)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("承办单位"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    # The originating system's own status word (已受理, 办理中 …), kept as imported.
    external_status = models.CharField(_("原系统状态"), max_length=32, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("答复人"),
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    reopened_count = models.PositiveIntegerField(_("重新打开次数"), default=0)
    reopen_reason = models.TextField(_("重新打开原因"), blank=True)
    due_at = models.DateTimeField(_("答复时限"), db_index=True)
    source_item = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导入来源条目"),
    )
    # The integration that pushed it through the JSON API, which may always read it back.
    api_token = models.ForeignKey(
        "api.ApiToken",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("推送接口"),
    )
    # The event the complaint belongs to (huiying.complaints.linking): an imported
    # record's own item's event, or the event a pushed text would join.
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        verbose_name=_("所属事件"),
    )
    # The due_at a near-deadline warning / a late flag was sent for (huiying.complaints
    # .reminders): a new deadline (reopened, extended) re-arms both without a reset.
    warned_for = models.DateTimeField(_("已提醒的时限"), null=True, blank=True)
    late_for = models.DateTimeField(_("已标记超时的时限"), null=True, blank=True)
    # Optimistic locking: every change is a conditional UPDATE … WHERE version = expected.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="complaint_unique_channel_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self) -> str:
        return self.title or self.content[:40]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reference(self) -> str:
        return f"{self.channel}:{self.external_id}"

    @property
    def flagged_late(self) -> bool:
        return self.is_open and self.late_for is not None and self.late_for == self.due_at


class AssignmentRule(models.Model):
    """Route a new complaint to `unit` when its category equals `category` and/or its
    title or content contains any of `keywords`. Rules are tried by ascending
    `priority`; the first that matches wins."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="complaint_rules",
        verbose_name=_("分派给"),
    )
    category = models.CharField(
        _("类别等于"), max_length=100, blank=True, help_text=_("留空则不限类别")
    )
    keywords = models.TextField(
        _("关键词（任一）"),
        blank=True,
        help_text=_("用空格、逗号或顿号分隔；标题或内容包含其中任一个即匹配，不区分简繁体"),
    )
    priority = models.IntegerField(_("优先级"), default=100, help_text=_("数字小的先匹配"))
    enabled = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("分派规则")
        verbose_name_plural = _("分派规则")

    def __str__(self) -> str:
        return self.name


class NoticeKind(models.TextChoices):
    WARN = "warn", _("即将超时提醒")
    LATE = "late", _("超时")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败")


class ComplaintNotice(models.Model):
    """A reply-deadline reminder: to a handler in the app (sent when made), or through
    an alert channel (sent by the reminders job, retried with backoff, failures shown)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("类型"), max_length=8, choices=NoticeKind.choices)
    to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="complaint_notices",
    )
    channel = models.ForeignKey(
        "alerts.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("内容"), max_length=500)
    at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.SENT
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True, db_index=True)
    last_error_zh = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("诉求提醒")
        verbose_name_plural = _("诉求提醒")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__isnull=False) | models.Q(to__isnull=False),
                name="complaint_notice_has_target",
            )
        ]
