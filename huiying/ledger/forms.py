"""Forms for the ledger pages: they parse input; huiying.ledger.services decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huiying.ledger.models import Recurrence, TaskStatus
from huiying.org.models import LeadingGroupMember, Unit

DATE_WIDGET = {"type": "date"}


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class _Versioned(_Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.get_position_display()}）"


def _units() -> Any:
    return Unit.objects.order_by("name")


class TaskForm(_Form):
    title = forms.CharField(label=_("任务名称"), max_length=200)
    description = forms.CharField(
        label=_("任务要求"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lead_leader = LeaderChoice(
        label=_("牵头领导"), queryset=LeadingGroupMember.objects.all(), empty_label=_("请选择")
    )
    lead_unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=_units(), empty_label=_("请选择")
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=_units(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    recurrence = forms.ChoiceField(
        label=_("周期"), choices=Recurrence.choices, initial=Recurrence.NONE,
        help_text=_("周期性任务每期末到期，直至完成时限。"),
    )  # fmt: skip
    starts_on = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET),
        help_text=_("不填则为今天。"),
    )  # fmt: skip
    deadline = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs=DATE_WIDGET))


class EditTaskForm(TaskForm):
    """Recurrence and start date are fixed once the task exists."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["recurrence"]
        del self.fields["starts_on"]


class FilterForm(_Form):
    STATES = [
        ("", _("全部")),
        (TaskStatus.OPEN, _("进行中")),
        (TaskStatus.DONE, _("已完成")),
        ("overdue", _("已超期")),
    ]
    unit = forms.ModelChoiceField(
        label=_("牵头单位"), queryset=_units(), required=False, empty_label=_("全部")
    )
    state = forms.ChoiceField(label=_("状态"), choices=STATES, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; huiying.ledger.evidence checks each."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [] if not data else [super().clean(data, initial)]


class ProgressForm(_Form):
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE_WIDGET))
    text = forms.CharField(label=_("工作进展"), widget=forms.Textarea(attrs={"rows": 4}))
    occurrence = forms.TypedChoiceField(
        label=_("所属周期"), coerce=int, required=False, empty_value=None, choices=[]
    )
    files = MultipleFileField(
        label=_("佐证材料"), required=False,
        help_text=_("PDF、OFD、Word、Excel、PowerPoint、JPG 或 PNG，单个不超过 20 MB。"),
    )  # fmt: skip

    def __init__(self, *args: Any, occurrences: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [("", _("按日期自动归入"))] + [
            (o.pk, f"{o.period_start:%Y-%m-%d} ~ {o.due_on:%Y-%m-%d}") for o in occurrences
        ]


class OccurrenceForm(_Versioned):
    occurrence = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(OccurrenceForm):
    reason = forms.CharField(label=_("重新打开原因"), max_length=500)


class PeriodForm(_Form):
    period = forms.ChoiceField(label=_("考核周期"), choices=[])

    def __init__(self, *args: Any, periods: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label) for p in periods]


class AssessmentForm(_Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("总体评价"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LineForm(forms.Form):
    criterion = forms.CharField(label=_("考核内容"), max_length=300, required=False)
    max_score = forms.DecimalField(
        label=_("分值"), max_digits=5, decimal_places=1, min_value=0, required=False
    )
    score = forms.DecimalField(
        label=_("得分"), max_digits=5, decimal_places=1, min_value=0, required=False
    )
    evidence = forms.CharField(label=_("评分依据"), max_length=500, required=False)


LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=50, absolute_max=60)
