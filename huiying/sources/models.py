"""Sources of public items and their health record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.org.models import Unit


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS/Atom 订阅源")
    PAGE = "page", _("网页")
    POSTS_IMPORT = "posts_import", _("公开帖子导入（CSV/JSONL）")
    COMPLAINTS_IMPORT = "complaints_import", _("诉求渠道导入（留言/12345）")


FETCHED_KINDS = frozenset({SourceKind.FEED, SourceKind.PAGE})


class Source(models.Model):
    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=32, choices=SourceKind.choices)
    url = models.CharField(
        _("地址"),
        max_length=2000,
        blank=True,
        help_text=_("订阅源或网页的网址；导入类信息源可留空或填写文件路径"),
    )
    poll_interval = models.PositiveIntegerField(_("轮询间隔（秒）"), default=900)
    enabled = models.BooleanField(_("启用"), default=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="sources", verbose_name=_("所属单位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # Health record (written only by huiying.sources.services).
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("最近成功"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    last_error_code = models.CharField(max_length=40, blank=True)
    last_warning = models.TextField(
        _("最近警告"), blank=True, help_text=_("成功但有问题，例如订阅源格式有误但读出了部分条目")
    )
    consecutive_failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    last_new_items = models.PositiveIntegerField(_("上次新增条数"), default=0)
    next_poll_at = models.DateTimeField(_("下次轮询"), null=True, blank=True, db_index=True)

    # Conditional GET validators from the last successful fetch.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    # Claim: a refresh holds the source until lease_until; a crashed worker's claim expires.
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("信息源")
        verbose_name_plural = _("信息源")

    def __str__(self) -> str:
        return self.name

    @property
    def is_fetched(self) -> bool:
        return self.kind in FETCHED_KINDS

    @property
    def is_failing(self) -> bool:
        return self.consecutive_failures > 0

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.url).hostname or ""
