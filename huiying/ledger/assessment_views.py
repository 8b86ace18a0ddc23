"""考核 pages: the units of a period with their ledger figures and scores, and the score
sheet of one unit. Thin: forms parse, huiying.ledger.assessments changes state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.ledger import assessments as svc
from huiying.ledger import forms as f
from huiying.ledger.figures import ledger_figures
from huiying.ledger.models import Assessment
from huiying.ledger.occurrences import ensure_occurrences, office_today
from huiying.ledger.periods import AssessmentPeriod, parse_period, recent_periods
from huiying.org.models import Unit
from huiying.org.permissions import has_perm
from huiying.web.access import require, strict_csp


def _period(code: str) -> AssessmentPeriod:
    period = parse_period(code)
    if period is None:
        raise Http404
    return period


@require_GET
@strict_csp
@require("view_ledger")
def assessment_list(request: HttpRequest) -> HttpResponse:
    today = office_today()
    ensure_occurrences(today)
    periods = recent_periods(today)
    code = request.GET.get("period") or periods[0].code
    period = _period(code)
    if period.code not in {p.code for p in periods}:
        periods = [period, *periods]
    figures = ledger_figures(period.start, period.end, None)
    by_unit = {row["unit_id"]: row for row in figures["by_unit"]}
    assessed = {
        a.unit_id: a for a in Assessment.objects.filter(period=period.code).select_related("unit")
    }
    units = Unit.objects.filter(
        Q(pk__in=by_unit) | Q(pk__in=assessed)
        | Q(ledger_co_tasks__occurrences__due_on__range=(period.start, period.end))
    ).distinct().order_by("name")  # fmt: skip
    rows = [
        {"unit": u, "figures": by_unit.get(u.pk), "assessment": assessed.get(u.pk)} for u in units
    ]
    context = {
        "period": period,
        "form": f.PeriodForm(initial={"period": period.code}, periods=periods),
        "rows": rows,
        "figures": figures,
        "can_assess": has_perm(request.user, "assess_units"),
    }
    return render(request, "ledger/assessments.html", context)


def _flat(exc: ValidationError) -> list[ValidationError]:
    """A service error, field-keyed or not, as a list kept with its codes."""
    groups = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return [e for group in groups for e in group]


def _lines(formset: Any) -> list[svc.Line]:
    """Rows the assessor filled in; wholly empty rows are spare ones."""
    lines = []
    for row in formset.cleaned_data:
        values = [row.get(k) for k in ("criterion", "max_score", "score", "evidence")]
        if any(v not in (None, "") for v in values):
            lines.append(
                svc.Line(
                    row.get("criterion") or "",
                    "" if row.get("max_score") is None else row["max_score"],
                    "" if row.get("score") is None else row["score"],
                    row.get("evidence") or "",
                )
            )
    return lines


@require_http_methods(["GET", "POST"])
@strict_csp
@require("view_ledger")
def assessment_form(request: HttpRequest, period: str, unit: str) -> HttpResponse:
    p = _period(period)
    the_unit = get_object_or_404(Unit, code=unit)
    existing = Assessment.objects.filter(period=p.code, unit=the_unit).first()
    can_edit = has_perm(request.user, "assess_units") and not (existing and existing.is_confirmed)
    if request.method == "POST" and not has_perm(request.user, "assess_units"):
        raise PermissionDenied(_("您的角色没有考核权限。"))
    if existing:
        initial_lines = [
            {"criterion": x.criterion, "max_score": x.max_score, "score": x.score,
             "evidence": x.evidence}
            for x in existing.lines.all()
        ]  # fmt: skip
        initial = {"note": existing.note, "version": existing.version}
    else:
        initial_lines = [
            {"criterion": x.criterion, "max_score": x.max_score}
            for x in svc.suggested_lines(the_unit, p)
        ]
        initial = {}
    data = request.POST if request.method == "POST" else None
    form = f.AssessmentForm(data, initial=initial)
    formset = f.LineFormSet(data, initial=initial_lines, prefix="lines")
    status = 200
    if data is not None:
        if form.is_valid() and formset.is_valid():
            try:
                svc.save_assessment(
                    period=p.code, unit=the_unit, lines=_lines(formset),
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"], actor=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, _flat(exc))
            else:
                messages.success(request, _("考核已保存。"))
                return redirect("ledger:assessment", period=p.code, unit=the_unit.code)
        status = 409 if any(e.code == "stale" for e in form.non_field_errors().as_data()) else 400
    figures = ledger_figures(p.start, p.end, Unit.objects.filter(pk=the_unit.pk))
    context = {
        "period": p,
        "unit": the_unit,
        "assessment": existing,
        "form": form,
        "formset": formset,
        "can_edit": can_edit,
        "figures": figures,
    }
    return render(request, "ledger/assessment_form.html", context, status=status)


@require_POST
@require("assess_units")
def assessment_confirm(request: HttpRequest, period: str, unit: str) -> HttpResponse:
    p = _period(period)
    assessment = get_object_or_404(Assessment, period=p.code, unit__code=unit)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        svc.confirm_assessment(assessment, expected_version=version, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("考核已确认。"))
    return redirect("ledger:assessment", period=p.code, unit=unit)
