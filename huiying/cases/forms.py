"""Forms for case pages: they validate input; huiying.cases.services changes state.
No form carries a timestamp a report counts (opened, flash, response, closed): those are
set by the services. The publication time is the office's own post's time, typed in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.alerts.models import Alert
from huiying.cases.models import TIER_CHOICES, Channel, Origin, Step
from huiying.complaints.models import Complaint
from huiying.events.models import Event
from huiying.org.models import Unit

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _staff() -> Any:
    return (
        get_user_model().objects.filter(is_active=True, profile__isnull=False).order_by("username")
    )


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "profile", None) or obj.get_username())


class _StaffMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "profile", None) or obj.get_username())


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class _Versioned(_Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _aware(value: Any) -> Any:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class OpenCaseForm(_Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    tier = forms.TypedChoiceField(label=_("级别"), choices=TIER_CHOICES, coerce=int)
    origin = forms.ChoiceField(label=_("来源"), choices=Origin.choices, initial=Origin.MANUAL)
    event = forms.ModelChoiceField(
        label=_("所属事件编号"),
        queryset=Event.objects.all(),
        required=False,
        widget=forms.NumberInput,
    )
    alert = forms.ModelChoiceField(
        label=_("来源预警编号"),
        queryset=Alert.objects.all(),
        required=False,
        widget=forms.NumberInput,
    )
    event_title = forms.CharField(label=_("事件标题"), max_length=500, required=False)
    complaint = forms.ModelChoiceField(
        label=_("来源诉求编号"),
        queryset=Complaint.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("从诉求立案时填写诉求的系统编号"),
    )
    unit = forms.ModelChoiceField(
        label=_("主管单位"), queryset=Unit.objects.order_by("name"), empty_label=_("请选择")
    )
    owner = _StaffChoice(label=_("负责人"), queryset=_staff(), empty_label=_("请选择"))
    summary = forms.CharField(
        label=_("情况摘要"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()


class AdvanceForm(_Versioned):
    to_step = forms.ChoiceField(label=_("转入环节"), choices=[])
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)

    def __init__(self, *args: Any, steps: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = steps if steps is not None else Step.values
        self.fields["to_step"].choices = [(s, Step(s).label) for s in allowed]


class AssignForm(_Versioned):
    owner = _StaffChoice(label=_("负责人"), queryset=_staff(), required=False)
    unit = forms.ModelChoiceField(
        label=_("主管单位"), queryset=Unit.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()


class TierForm(_Versioned):
    tier = forms.TypedChoiceField(label=_("新级别"), choices=TIER_CHOICES, coerce=int)
    reason = forms.CharField(label=_("调整原因"), max_length=2000)


class DeadlineForm(_Versioned):
    step = forms.ChoiceField(label=_("时限"), choices=[])
    deadline = forms.DateTimeField(
        label=_("新的期限"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("调整原因"), max_length=2000, required=False)

    def __init__(self, *args: Any, clocks: list[tuple[str, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["step"].choices = clocks or []

    def clean_deadline(self) -> Any:
        return _aware(self.cleaned_data["deadline"])


class FlashForm(_Versioned):
    pass


class ConsultForm(_Versioned):
    facts = forms.CharField(label=_("核实的事实"), widget=forms.Textarea(attrs={"rows": 3}))
    line = forms.CharField(label=_("口径"), widget=forms.Textarea(attrs={"rows": 3}))
    agreed_by = _StaffMultiple(label=_("参与会商并同意"), queryset=_staff())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = _staff()


class PublicationForm(_Versioned):
    channel = forms.ChoiceField(label=_("发布渠道"), choices=Channel.choices)
    url = forms.URLField(
        label=_("发布地址"), max_length=2000, required=False, assume_scheme="https"
    )
    published_at = forms.DateTimeField(
        label=_("发布时间"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_published_at(self) -> Any:
        return _aware(self.cleaned_data["published_at"])


class FollowUpForm(_Versioned):
    note = forms.CharField(label=_("跟踪记录"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(_Versioned):
    item = forms.IntegerField(label=_("信息编号"), required=False, min_value=1)
    file = forms.FileField(label=_("上传文件"), required=False)
    name = forms.CharField(label=_("材料名称"), max_length=300, required=False)


class CloseForm(_Versioned):
    summary = forms.CharField(label=_("办结总结"), widget=forms.Textarea(attrs={"rows": 4}))
