"""Complaints (诉求) and the rules that route them to a unit.

A complaint is about a place and a problem. Who complained is never stored: there is
no name, phone or identity field here, and the import reader and the API drop them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    # Set by event grouping (a later issue) to link complaints about the same matter.
    event_key = models.CharField(_("所属事件"), max_length=64, blank=True, db_index=True)
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
