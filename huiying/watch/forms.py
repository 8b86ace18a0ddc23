"""Forms for watch rules: they validate input; huiying.watch.services changes state."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.org.models import ROLES_SPANNING_ALL, Unit
from huiying.sources.models import Source

PREVIEW_DAYS = 30
MAX_PREVIEW_DAYS = 3660


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        profile = getattr(obj, "profile", None)
        name = profile.display_name if profile is not None else ""
        return f"{name}（{obj.get_username()}）" if name else obj.get_username()


class SourceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.unit.name}）"


def staff_for(units: QuerySet[Unit]) -> QuerySet[Any]:
    """Active staff who work in one of these units, or across the whole office."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=False)
        .filter(Q(profile__units__in=units) | Q(profile__role__in=ROLES_SPANNING_ALL))
        .select_related("profile")
        .distinct()
        .order_by("username")
    )


class _Base(forms.Form):
    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["sources"].queryset = (
            Source.objects.filter(unit__in=units)
            .select_related("unit")
            .order_by("unit__name", "name")
        )


def _query_field() -> forms.CharField:
    return forms.CharField(
        label=_("规则"),
        max_length=2000,
        required=False,
        strip=False,
        help_text=_("例如：(食品 | 药品) & 安全 & 学校 -广告；写法见下方“规则写法”"),
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "class": "rule-query",
                "spellcheck": "false",
                "autocomplete": "off",
                "placeholder": "加装电梯 (噪音 | 投诉) -招聘",
            }
        ),
    )


class RuleForm(_Base):
    name = forms.CharField(label=_("专题名称"), max_length=100)
    unit = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Unit.objects.none(), empty_label=None
    )
    query = _query_field()
    sources = SourceChoiceField(
        label=_("限定信息源"),
        queryset=Source.objects.none(),
        required=False,
        help_text=_("不选则监测本单位的全部信息源"),
    )
    active_from = forms.DateTimeField(
        label=_("生效时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    active_until = forms.DateTimeField(
        label=_("失效时间"),
        required=False,
        help_text=_("留空表示长期有效"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notify = StaffChoiceField(
        label=_("通知人员"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("本专题有新情况时提醒的工作人员"),
    )
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        self.fields["notify"].queryset = staff_for(units)

    def clean_query(self) -> str:
        query = str(self.cleaned_data.get("query") or "")
        if not query.strip():
            raise forms.ValidationError(_("请填写规则。"))
        return query


class PreviewForm(_Base):
    """What the live preview needs from the editor: the query, whose sources, when."""

    query = _query_field()
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)
    sources = SourceChoiceField(queryset=Source.objects.none(), required=False)
    since = forms.DateField(
        label=_("预览起始日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("预览截止日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def period(self) -> tuple[datetime, datetime]:
        """[since, until) as aware datetimes: local midnight of the first day to local
        midnight after the last; the last 30 days by default."""
        tz = timezone.get_default_timezone()
        today = timezone.localdate(timezone.now(), tz)
        last: date = self.cleaned_data.get("until") or today
        first: date = self.cleaned_data.get("since") or last - timedelta(days=PREVIEW_DAYS - 1)
        if first > last:
            first, last = last, first
        first = max(first, last - timedelta(days=MAX_PREVIEW_DAYS))
        return (
            datetime.combine(first, time.min, tzinfo=tz),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
        )


def period_initial() -> dict[str, date]:
    today = timezone.localdate(timezone.now(), timezone.get_default_timezone())
    return {"since": today - timedelta(days=PREVIEW_DAYS - 1), "until": today}


REAPPLY_PERIODS = [
    ("all", _("全部历史数据")),
    ("365", _("近一年")),
    ("90", _("近 90 天")),
    ("30", _("近 30 天")),
]


class ReapplyForm(forms.Form):
    period = forms.ChoiceField(label=_("范围"), choices=REAPPLY_PERIODS, initial="all")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def since(self) -> datetime | None:
        period = self.cleaned_data["period"]
        if period == "all":
            return None
        return timezone.now() - timedelta(days=int(period))
