"""Forms of the event pages: the list's filters and the correction forms."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huiying.core.tiers import Tier
from huiying.items.models import Item
from huiying.watch.models import WatchRule

PERIODS = [
    ("24h", _("近 24 小时")),
    ("7d", _("近 7 天")),
    ("30d", _("近 30 天")),
    ("all", _("全部时间")),
]
DEFAULT_PERIOD = "7d"
SORTS = [
    ("heat", _("热度")),
    ("growth", _("增长")),
    ("negative", _("负面占比")),
]


class EventFilterForm(forms.Form):
    sort = forms.ChoiceField(label=_("排序"), choices=SORTS, required=False)
    rule = forms.ModelChoiceField(
        label=_("监测专题"),
        queryset=WatchRule.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    period = forms.ChoiceField(label=_("时间"), choices=PERIODS, required=False)
    tier = forms.TypedChoiceField(
        label=_("级别"),
        choices=[("", _("全部")), *((t.value, t.label) for t in Tier)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, rules: QuerySet[WatchRule], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = rules

    def since(self, now: datetime) -> datetime | None:
        """Events whose last item is at or after this time (None: any time)."""
        period = self.cleaned_data.get("period") or DEFAULT_PERIOD
        hours = {"24h": 24, "7d": 24 * 7, "30d": 24 * 30}.get(period)
        return now - timedelta(hours=hours) if hours else None


class MergeForm(forms.Form):
    other = forms.IntegerField(label=_("要并入的事件编号"), min_value=1)


class ItemsForm(forms.Form):
    """Items chosen on an event page (split them off, or move them elsewhere)."""

    items = forms.ModelMultipleChoiceField(queryset=Item.objects.none())
    to = forms.IntegerField(label=_("目标事件编号"), min_value=1, required=False)

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].error_messages["required"] = _("请先勾选信息。")
