"""Drafts under three-level review (三审三校): versions, decisions, anchored comments,
who approves each level, publications, and the office's term and phrase lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiying.org.models import Role, Unit

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    WECHAT = "wechat", _("政务微信公众号")
    WEIBO = "weibo", _("政务微博")
    PRESS = "press", _("新闻发布稿")
    OTHER = "other", pgettext_lazy("channel", "其他")


class Level(models.IntegerChoices):
    FIRST = 1, _("初审")
    SECOND = 2, _("复审")
    FINAL = 3, _("终审")


DEFAULT_ROLES: dict[int, str] = {
    Level.FIRST: Role.EDITOR,
    Level.SECOND: Role.DEPT_HEAD,
    Level.FINAL: Role.SUPERVISING_LEADER,
}


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")
    PUBLISHED = "published", _("已发布")


class Draft(models.Model):
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML, see reviews.sanitise
    channels = models.JSONField(_("发布渠道"), default=list)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="drafts", verbose_name=_("所属单位")
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("关联案件"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    level = models.PositiveSmallIntegerField(
        _("审核级别"), choices=Level.choices, null=True, blank=True
    )
    # When the draft reached its current level (or was submitted): the wait is measured from it.
    level_since = models.DateTimeField(_("进入本级时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次送审时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("终审通过时间"), null=True, blank=True)
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="drafts", verbose_name=_("起草人")
    )
    revision = models.PositiveIntegerField(_("当前版本号"), default=1)
    # Optimistic locking: each change is UPDATE … WHERE version = expected.
    version = models.PositiveIntegerField(_("修改序号"), default=1)
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")

    def __str__(self) -> str:
        return self.title

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]


class DraftVersion(models.Model):
    """Every saved title and body, numbered from 1; findings as they were at saving."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"))
    text = models.TextField(_("纯文本"))
    findings = models.JSONField(_("校对提示"), default=list)
    saved_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("保存时间"))

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number")
        ]


class Submission(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="submissions")
    version_number = models.PositiveIntegerField(_("版本号"))
    actor = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("送审时间"))

    class Meta:
        ordering = ["at", "id"]


class Outcome(models.TextChoices):
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回")


class ReviewDecision(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="decisions")
    level = models.PositiveSmallIntegerField(_("审核级别"), choices=Level.choices)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))
    waiting_since = models.DateTimeField(_("送达本级时间"))
    version_number = models.PositiveIntegerField(_("审核版本"))
    comment = models.TextField(_("意见"), blank=True)
    findings_count = models.PositiveIntegerField(_("校对提示数"), default=0)

    class Meta:
        ordering = ["at", "id"]


class Comment(models.Model):
    """A comment on a passage of one version: the quoted text and its offsets in the
    version's plain text (DraftVersion.text)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    decision = models.ForeignKey(
        ReviewDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    version_number = models.PositiveIntegerField(_("版本号"))
    quote = models.TextField(_("引文"))
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    body = models.TextField(_("意见"))
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["at", "id"]


class ReviewerRule(models.Model):
    """Which role approves a level for a unit, optionally only for one channel."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reviewer_rules")
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, blank=True)
    level = models.PositiveSmallIntegerField(_("审核级别"), choices=Level.choices)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("审核规则")
        verbose_name_plural = _("审核规则")
        constraints = [
            models.UniqueConstraint(fields=["unit", "channel", "level"], name="reviewer_rule_once")
        ]


class DraftPublication(models.Model):
    """Where and when the office published an approved draft. huiying never posts."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="publications")
    version_number = models.PositiveIntegerField(_("发布版本"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    url = models.URLField(_("发布地址"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["published_at", "id"]


class Term(models.Model):
    """An office-maintained wrong → right wording (e.g. an outdated ministry name)."""

    wrong = models.CharField(_("错误写法"), max_length=100, unique=True)
    right = models.CharField(_("正确写法"), max_length=100)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["wrong"]
        verbose_name = _("规范用语")
        verbose_name_plural = _("规范用语")

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"


class FlaggedPhrase(models.Model):
    """A phrase the office wants a second look at wherever it appears."""

    phrase = models.CharField(_("提示词语"), max_length=100, unique=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("提示词语")
        verbose_name_plural = _("提示词语")

    def __str__(self) -> str:
        return self.phrase
