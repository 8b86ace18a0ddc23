"""Forms for sources: they validate input; the services change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huiying.org.models import Unit
from huiying.sources.models import SourceKind

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class SourceForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=SourceKind.choices, initial=SourceKind.FEED)
    # Not a URLField: import sources take a file path or nothing; the service checks
    # that feeds and pages have an http(s) address and says so in Chinese.
    url = forms.CharField(
        label=_("地址"),
        max_length=2000,
        required=False,
        help_text=_("订阅源或网页的网址；导入类信息源可留空或填写文件路径"),
        widget=forms.TextInput(attrs={"placeholder": "https://"}),
    )
    poll_interval = forms.IntegerField(label=_("轮询间隔（秒）"), initial=900, min_value=1)
    unit = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Unit.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SourceEditForm(SourceForm):
    enabled = forms.BooleanField(label=_("启用"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("导入文件（CSV 或 JSONL）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("文件太大：导入文件不能超过 20 MB。"))
        if not upload.name.lower().endswith((".csv", ".jsonl", ".json", ".ndjson")):
            raise ValidationError(_("只能导入 CSV 或 JSONL 文件。"))
        return upload


def apply_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to their field,
    anything else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
