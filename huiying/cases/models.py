"""Cases (处置): one matter that needs an answer, walked through the seven steps with an
owner, a responsible unit, clocks and an audit trail. Every timestamp a report needs
(opened, first flash report, first public response, closed) is set by the services,
never typed in. Changed only through huiying.cases.services."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from huiying.alerts.models import Alert
from huiying.complaints.models import Complaint
from huiying.core.tiers import Tier
from huiying.events.models import Event
from huiying.items.models import Item
from huiying.org.models import Unit

USER = settings.AUTH_USER_MODEL


def evidence_storage() -> FileSystemStorage:
    """Uploaded evidence lives under the data directory and is served only through the
    case page's access check, never as public media."""
    return FileSystemStorage(location=settings.DATA_DIR / "case-files")


class Step(models.TextChoices):
    DISCOVER = "discover", pgettext_lazy("case step", "发现")
    WATCH = "watch", pgettext_lazy("case step", "监测")
    FLASH = "flash", pgettext_lazy("case step", "快报")
    CONSULT = "consult", pgettext_lazy("case step", "会商")
    STATEMENT = "statement", pgettext_lazy("case step", "通稿")
    RESPOND = "respond", pgettext_lazy("case step", "回应")
    FOLLOW_UP = "follow_up", pgettext_lazy("case step", "跟踪")
    CLOSED = "closed", pgettext_lazy("case step", "办结")


class Origin(models.TextChoices):
    ALERT = "alert", pgettext_lazy("case origin", "预警")
    EVENT = "event", pgettext_lazy("case origin", "事件")
    COMPLAINT = "complaint", pgettext_lazy("case origin", "诉求")
    MANUAL = "manual", pgettext_lazy("case origin", "人工")


TIER_CHOICES = [(t.value, t.label) for t in Tier]


class Case(models.Model):
    title = models.CharField(_("标题"), max_length=300)
    tier = models.PositiveSmallIntegerField(_("级别"), choices=TIER_CHOICES)
    origin = models.CharField(_("来源"), max_length=16, choices=Origin.choices)
    # PROTECT: a case on the record keeps its event and alert (the flash report and the
    # reports cite them); an event with a case is merged, never deleted.
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("所属事件"),
    )
    alert = models.ForeignKey(
        Alert,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("来源预警"),
    )
    # The event's title when the case was opened (the event's own title may change).
    event_title = models.CharField(_("事件标题"), max_length=500, blank=True)
    complaint = models.ForeignKey(
        Complaint,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("来源诉求"),
    )
    summary = models.TextField(_("情况摘要"), blank=True)
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="owned_cases", verbose_name=_("负责人")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("主管单位")
    )
    step = models.CharField(
        _("环节"), max_length=16, choices=Step.choices, default=Step.DISCOVER, db_index=True
    )
    opened_at = models.DateTimeField(_("立案时间"), db_index=True)
    first_flash_at = models.DateTimeField(_("首次快报时间"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("首次公开回应时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_summary = models.TextField(_("办结总结"), blank=True)
    # Optimistic locking: every change is a conditional UPDATE … WHERE version = expected.
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.step != Step.CLOSED

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label


class CaseStep(models.Model):
    """The timeline: one row each time the case enters a step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("环节"), max_length=16, choices=Step.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]


class CaseClock(models.Model):
    """The persisted huiying.core.clock.ClockState of one step's clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    step = models.CharField(_("时限"), max_length=32)
    label = models.CharField(_("名称"), max_length=100, blank=True)
    mode = models.CharField(_("计时方式"), max_length=16)
    started = models.DateTimeField(_("起算时间"))
    deadline = models.DateTimeField(_("期限"), db_index=True)
    warned_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="case_clock_step")]

    @property
    def display_label(self) -> str:
        """The clock's name in the page's language (stored as the core names it)."""
        return gettext(self.label) if self.label else self.step


class FlashReport(models.Model):
    """快报: the one-page text as sent, and who it went to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flash_reports")
    text = models.TextField(_("快报内容"))
    sent_at = models.DateTimeField(_("报送时间"))
    sent_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT)
    recipients = models.ManyToManyField(USER, blank=True, related_name="+")

    class Meta:
        ordering = ["sent_at", "id"]


class Consultation(models.Model):
    """会商: the agreed facts and the line to take (口径), and who agreed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    facts = models.TextField(_("核实的事实"))
    line = models.TextField(_("口径"))
    agreed_by = models.ManyToManyField(USER, related_name="+", verbose_name=_("参与会商"))
    at = models.DateTimeField(_("会商时间"))
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]


class Statement(models.Model):
    """通稿. Approved by a supervising or principal leader until the review issue adds
    the three-level review (三审三校)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField(_("通稿内容"))
    drafted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("起草时间"))
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    # The reviewed draft (三审三校) this statement is: the 通稿 step is satisfied only by one.
    review = models.ForeignKey(
        "reviews.Draft",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_statements",
        verbose_name=_("审核稿件"),
    )

    class Meta:
        ordering = ["drafted_at", "id"]


class Channel(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    WECHAT = "wechat", _("政务微信公众号")
    WEIBO = "weibo", _("政务微博")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    OTHER = "other", _("其他")


class Publication(models.Model):
    """Where and when the office published its answer. huiying never posts; it records."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(_("渠道"), max_length=32, choices=Channel.choices)
    url = models.URLField(_("地址"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["published_at", "id"]


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    note = models.TextField(_("跟踪记录"))
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]


class Evidence(models.Model):
    """An item from the store, or an uploaded file with a name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(_("文件"), upload_to="%Y/%m/", storage=evidence_storage, blank=True)
    name = models.CharField(_("名称"), max_length=300)
    added_at = models.DateTimeField(_("添加时间"))
    added_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]


class NoticeKind(models.TextChoices):
    WARN = "warn", _("即将超时提醒")
    ESCALATE = "escalate", _("超时升级")
    FLASH = "flash", _("快报")


class CaseNotice(models.Model):
    """An in-app notification. E-mail and webhooks are a later alerts feature; they will
    deliver these rows (see huiying.cases.clocks.run_clocks)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    clock = models.ForeignKey(CaseClock, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=16, choices=NoticeKind.choices)
    to = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="case_notices")
    text = models.CharField(_("内容"), max_length=500)
    at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
