"""Forms for the review pages. They parse input; huiying.reviews services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.cases.models import Case, Step
from huiying.org.models import Role, Unit
from huiying.org.permissions import visible_units
from huiying.reviews.models import Channel, Level
from huiying.reviews.services import MAX_BODY


class DraftForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    channels = forms.MultipleChoiceField(
        label=_("发布渠道"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    body = forms.CharField(
        label=_("正文（可直接粘贴 Word 内容）"),
        widget=forms.Textarea(
            attrs={
                "rows": 18,
                "class": "draft-body",
                "spellcheck": "false",
                # Live preview and proofreading while typing (htmx posts the form).
                "hx-post": reverse_lazy("reviews:preview"),
                "hx-trigger": "input changed delay:700ms",
                "hx-target": "#live",
                "hx-swap": "innerHTML",
                # The visual editor (static reviews/editor.js) refuses images past this.
                "data-max-length": MAX_BODY,
            }
        ),
        help_text=_("允许标题、段落、列表、链接、图片、引用和表格，其余格式在保存时清除。"),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NewDraftForm(DraftForm):
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())
    case = forms.ModelChoiceField(
        label=_("关联案件（可选）"), queryset=Case.objects.none(), required=False
    )

    field_order = ["title", "unit", "case", "channels", "body"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = visible_units(user)
        self.fields["unit"].queryset = units
        self.fields["case"].queryset = Case.objects.filter(unit__in=units).exclude(step=Step.CLOSED)
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class DecisionForm(forms.Form):
    level = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=3)
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quote = forms.CharField(
        label=_("所引原文（在右侧原文中选中文字即可填入）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "quote-input"}),
    )
    quote_start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    quote_comment = forms.CharField(
        label=_("对所引原文的意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(forms.Form):
    channel = forms.ChoiceField(label=_("发布渠道"), choices=Channel.choices)
    url = forms.CharField(label=_("发布地址"), max_length=2000, required=False)
    published_at = forms.DateTimeField(
        label=_("发布时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_published_at(self) -> Any:
        value = self.cleaned_data["published_at"]
        # Django makes form datetimes aware in the current time zone.
        return value if timezone.is_aware(value) else timezone.make_aware(value)


class TermForm(forms.Form):
    wrong = forms.CharField(label=_("错误写法"), max_length=100)
    right = forms.CharField(label=_("正确写法"), max_length=100)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class FlaggedForm(forms.Form):
    phrase = forms.CharField(label=_("提示词语"), max_length=100)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class RuleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all())
    level = forms.TypedChoiceField(label=_("审核级别"), choices=Level.choices, coerce=int)
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[("", _("所有渠道")), *Channel.choices], required=False
    )
    role = forms.ChoiceField(label=_("审核角色"), choices=Role.choices)
