from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huiying.org.models import Unit
from huiying.reports.figures import period as periods
from huiying.reports.models import Kind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=Kind.choices)
    period = forms.CharField(
        label=_("期间"),
        required=False,
        max_length=20,
        help_text=_("2026-11-24（日）、2026-W47（周）、2026-H1（半年）或 2026（年）；留空为上一期"),
    )
    unit = forms.ModelChoiceField(
        label=_("范围"), queryset=Unit.objects.none(), required=False, empty_label=_("全办")
    )
    event = forms.IntegerField(label=_("事件编号（专报）"), required=False, min_value=1)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        text = (data.get("period") or "").strip()
        data["parsed_period"] = None
        if kind and text:
            try:
                data["parsed_period"] = (
                    periods.parse_any(text) if kind == Kind.SPECIAL else periods.parse(kind, text)
                )
            except ValueError as exc:
                self.add_error("period", str(exc))
        if kind == Kind.SPECIAL and not data.get("event"):
            self.add_error("event", _("专报需要指定事件编号。"))
        return data


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, sections: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for key, label in sections:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
