"""The responsibility list (责任清单), its ledger of progress (台账) and the per-period
assessment of units (考核). The leading-group roster is huiying.org's LeadingGroupMember.
Changed only through huiying.ledger.services."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiying.org.models import LeadingGroupMember, Unit

USER = settings.AUTH_USER_MODEL


def evidence_storage() -> FileSystemStorage:
    """Evidence lives under MEDIA_ROOT but is never served as public media: only the
    permission-checked download view reads it."""
    return FileSystemStorage(location=settings.MEDIA_ROOT / "ledger")


class Recurrence(models.TextChoices):
    NONE = "none", _("不重复")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    DONE = "done", _("已完成")


class ResponsibilityTask(models.Model):
    """One line of the 责任清单. A recurring task runs from `starts_on` to `deadline` and
    falls due once per period (TaskOccurrence); a one-off task has one occurrence."""

    title = models.CharField(_("任务名称"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    lead_leader = models.ForeignKey(
        LeadingGroupMember,
        on_delete=models.PROTECT,
        related_name="ledger_tasks",
        verbose_name=_("牵头领导"),
    )
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ledger_tasks", verbose_name=_("牵头单位")
    )
    co_units = models.ManyToManyField(
        Unit, blank=True, related_name="ledger_co_tasks", verbose_name=_("配合单位")
    )
    starts_on = models.DateField(_("开始日期"))
    deadline = models.DateField(_("完成时限"))
    recurrence = models.CharField(
        _("周期"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("责任任务")
        verbose_name_plural = _("责任清单")

    def __str__(self) -> str:
        return self.title


class TaskOccurrence(models.Model):
    """One period's share of a task, with its own due date and done state."""

    task = models.ForeignKey(
        ResponsibilityTask, on_delete=models.CASCADE, related_name="occurrences"
    )
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_on = models.DateField(_("到期日期"))
    # done_on is the office-local date the task was marked done; reports compare it
    # with due_on, so it is set by the service from the clock, never typed in.
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period_start"], name="ledger_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.task.title} {self.due_on}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class ProgressEntry(models.Model):
    """A 台账 line: what was done on a date, with evidence files."""

    task = models.ForeignKey(ResponsibilityTask, on_delete=models.CASCADE, related_name="progress")
    occurrence = models.ForeignKey(
        TaskOccurrence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress",
        verbose_name=_("所属周期"),
    )
    on = models.DateField(_("日期"))
    text = models.TextField(_("工作进展"))
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]


class EvidenceFile(models.Model):
    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to="%Y/%m/", storage=evidence_storage)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"))
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


class Assessment(models.Model):
    """考核: one unit in one period, scored line by line against the list. Editable until
    confirmed; one per unit per period."""

    period = models.CharField(_("考核周期"), max_length=8)  # "2026H1", see periods.py
    period_start = models.DateField()
    period_end = models.DateField()
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("被考核单位")
    )
    note = models.TextField(_("总体评价"), blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, default=0)
    max_total = models.DecimalField(_("满分"), max_digits=6, decimal_places=1, default=0)
    assessor = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("考核人")
    )
    assessed_at = models.DateTimeField(_("考核时间"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_start", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="ledger_one_assessment")
        ]
        verbose_name = _("考核")
        verbose_name_plural = _("考核")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class AssessmentLine(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lines")
    criterion = models.CharField(_("考核内容"), max_length=300)
    max_score = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    evidence = models.CharField(_("评分依据"), max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
