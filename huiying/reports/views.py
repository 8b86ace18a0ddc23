"""Report pages: list, generate form, the report (figures as links, narrative editor),
downloads and chart images. Thin: parse, call huiying.reports.services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.events.models import Event
from huiying.org.permissions import can_act_on_unit, has_perm
from huiying.reports import services
from huiying.reports.figures.period import default_for
from huiying.reports.forms import GenerateForm, NarrativeForm
from huiying.reports.layout import NARRATIVE
from huiying.reports.models import Report, ReportDelivery
from huiying.reports.page import chart_specs, documents_available, page_blocks
from huiying.web.access import require, strict_csp, units_of

PAGE = 50


def _visible(user: Any) -> Any:
    """Whole-office reports and those of the user's units."""
    return Report.objects.filter(Q(unit=None) | Q(unit__in=units_of(user)))


def _report(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(_visible(request.user).select_related("unit", "generated_by"), pk=pk)
    return report


@require_GET
@require("view_reports")
@strict_csp
def report_list(request: HttpRequest) -> HttpResponse:
    reports = _visible(request.user).select_related("unit")[:PAGE]
    inbox = ReportDelivery.objects.filter(recipient=request.user).select_related("report")[:10]
    context = {
        "reports": reports,
        "inbox": inbox,
        "can_generate": has_perm(request.user, "generate_reports"),
    }
    return render(request, "reports/list.html", context)


@require_http_methods(["GET", "POST"])
@require("generate_reports")
@strict_csp
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST or None, units=units_of(request.user), initial=request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data.get("unit")
        if not can_act_on_unit(request.user, unit):
            raise PermissionDenied(_("您不能生成该范围的报告。"))
        event = None
        if data["kind"] == "special":
            event = Event.objects.filter(pk=data["event"]).first()
            if event is None:
                form.add_error("event", _("找不到该事件。"))
        if not form.errors:
            period = data["parsed_period"]
            if period is None and data["kind"] != "special":
                period = default_for(data["kind"], timezone.localdate())
            try:
                report = services.generate_report(
                    data["kind"], period, unit, event=event, actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("报告已生成。"))
                return redirect("reports:detail", pk=report.pk)
    status = 400 if form.errors else 200
    return render(request, "reports/generate.html", {"form": form}, status=status)


def _narrative_form(report: Report, data: Any = None) -> NarrativeForm:
    initial = {"version": report.version, **(report.narrative or {})}
    return NarrativeForm(data, initial=initial, sections=NARRATIVE[report.kind])


@require_GET
@require("view_reports")
@strict_csp
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    context = {
        "report": report,
        "blocks": page_blocks(report),
        "form": _narrative_form(report),
        "can_edit": has_perm(request.user, "generate_reports"),
        "files": documents_available(),
    }
    return render(request, "reports/detail.html", context)


@require_POST
@require("generate_reports")
def narrative(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = _narrative_form(report, request.POST)
    if form.is_valid():
        sections = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_narrative(
                report, sections, version=form.cleaned_data["version"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("文字部分已保存。"))
    else:
        messages.error(request, _("文字部分未能保存，请检查内容长度。"))
    return redirect("reports:detail", pk=report.pk)


@require_GET
@require("view_reports")
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt not in services.FORMATS:
        raise Http404
    data = services.render(report, fmt)
    response = HttpResponse(data, content_type=services.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{services.filename(report, fmt)}"'
    if fmt == "html":
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'"
        )
    return response


@require_GET
@require("view_reports")
def chart(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    report = _report(request, pk)
    specs = chart_specs(report)
    if index >= len(specs) or not documents_available():
        raise Http404
    import huiying.documents as documents

    spec = specs[index]
    png = documents.chart_png(spec.chart, spec.labels, spec.series, title=spec.title)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
