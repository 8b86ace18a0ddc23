"""Report schedules: the service that saves one (with its audit record), and the form
and pages that call it. Sending happens in huiying.reports.periodic."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from huiying.alerts.models import Channel
from huiying.audit.services import record
from huiying.org.models import Unit
from huiying.org.permissions import can_act_on_unit
from huiying.reports.models import Kind, ReportSchedule, default_brief_time
from huiying.web.access import require, strict_csp, units_of


def save_schedule(
    schedule: ReportSchedule | None, data: dict[str, Any], *, actor: Any
) -> ReportSchedule:
    """Create or change a schedule; `data` holds kind, unit, at, enabled, recipients,
    channels (as the form cleans them)."""
    with transaction.atomic():
        before = _state(schedule) if schedule is not None else None
        schedule = schedule or ReportSchedule()
        for key in ("kind", "unit", "at", "enabled"):
            setattr(schedule, key, data[key])
        schedule.save()
        schedule.recipients.set(data.get("recipients") or [])
        schedule.channels.set(data.get("channels") or [])
        record("reports.schedule", schedule, actor=actor, before=before, after=_state(schedule))
    return schedule


def _state(s: ReportSchedule) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "unit": s.unit.code if s.unit else None,
        "at": s.at.strftime("%H:%M"),
        "enabled": s.enabled,
        "recipients": sorted(s.recipients.values_list("pk", flat=True)),
        "channels": sorted(s.channels.values_list("pk", flat=True)),
    }


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=[(Kind.DAILY.value, Kind.DAILY.label), (Kind.WEEKLY.value, Kind.WEEKLY.label)],
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("范围"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("全办"),
    )
    at = forms.TimeField(
        label=gettext_lazy("发送时间"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("北京时间；仅在工作日（含调休上班日）发送"),
    )
    enabled = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)
    recipients = forms.ModelMultipleChoiceField(
        label=gettext_lazy("站内接收人"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    channels = forms.ModelMultipleChoiceField(
        label=gettext_lazy("通知渠道"), queryset=Channel.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["recipients"].queryset = users
        self.fields["channels"].queryset = Channel.objects.filter(enabled=True)


def _initial(s: ReportSchedule | None) -> dict[str, Any]:
    if s is None:
        return {"kind": Kind.DAILY, "at": default_brief_time(), "enabled": True}
    return {
        "kind": s.kind,
        "unit": s.unit,
        "at": s.at,
        "enabled": s.enabled,
        "recipients": list(s.recipients.all()),
        "channels": list(s.channels.all()),
    }


@require_http_methods(["GET", "POST"])
@require("generate_reports")
@strict_csp
def schedules(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The schedules and one form: a new schedule, or the one being edited."""
    editing = get_object_or_404(ReportSchedule, pk=pk) if pk else None
    if editing is not None and not can_act_on_unit(request.user, editing.unit):
        raise PermissionDenied(_("您不能修改该范围的报告计划。"))
    form = ScheduleForm(
        request.POST or None, initial=_initial(editing), units=units_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        if not can_act_on_unit(request.user, form.cleaned_data.get("unit")):
            raise PermissionDenied(_("您不能设置该范围的报告计划。"))
        save_schedule(editing, form.cleaned_data, actor=request.user)
        messages.success(request, _("报告计划已保存。"))
        return redirect("reports:schedules")
    context = {
        "schedules": ReportSchedule.objects.select_related("unit").prefetch_related("recipients"),
        "form": form,
        "editing": editing,
    }
    return render(request, "reports/schedules.html", context, status=400 if form.errors else 200)
