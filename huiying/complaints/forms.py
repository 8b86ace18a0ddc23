"""Forms for complaint pages: they validate input; huiying.complaints.services changes state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.complaints.models import Status
from huiying.org.models import Unit


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class InboxFilter(_Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未答复")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("类别"), required=False)
    unit = forms.ChoiceField(label=_("承办单位"), required=False)
    overdue = forms.BooleanField(label=_("只看已超时"), required=False)
    since = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, categories: list[str], units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部")), *((c, c) for c in categories)]
        self.fields["unit"].choices = [
            ("", _("全部")),
            ("none", _("未分派")),
            *((u.code, u.name) for u in units),
        ]


class _Versioned(_Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(_Versioned):
    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.order_by("name"), empty_label=_("请选择")
    )


class ReplyForm(_Versioned):
    reply = forms.CharField(
        label=_("答复内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class CloseForm(_Versioned):
    pass


class ReopenForm(_Versioned):
    reason = forms.CharField(
        label=_("重新打开原因"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：群众对答复不满意，问题仍未解决"),
    )


class DueForm(_Versioned):
    due_at = forms.DateTimeField(
        label=_("新的答复时限"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("调整原因"), max_length=500, required=False)

    def clean_due_at(self) -> Any:
        value = self.cleaned_data["due_at"]
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class RuleForm(_Form):
    name = forms.CharField(label=_("规则名称"), max_length=100)
    unit = forms.ModelChoiceField(
        label=_("分派给"), queryset=Unit.objects.order_by("name"), empty_label=None
    )
    category = forms.CharField(
        label=_("类别等于"), max_length=100, required=False, help_text=_("留空则不限类别")
    )
    keywords = forms.CharField(
        label=_("关键词（任一）"),
        required=False,
        max_length=2000,
        help_text=_("用空格、逗号或顿号分隔；标题或内容包含其中任一个即匹配，不区分简繁体"),
    )
    priority = forms.IntegerField(label=_("优先级"), initial=100, help_text=_("数字小的先匹配"))
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)
