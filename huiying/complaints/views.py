"""Complaint pages. Thin: forms validate, huiying.complaints.services changes state,
huiying.complaints.access decides what a person may see."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huiying.complaints import services
from huiying.complaints.access import complaint_for, sees_all_complaints, visible_complaints
from huiying.complaints.deadlines import countdown
from huiying.complaints.figures import overdue_q
from huiying.complaints.forms import (
    AssignForm,
    CloseForm,
    DueForm,
    InboxFilter,
    ReopenForm,
    ReplyForm,
)
from huiying.complaints.models import OPEN_STATUSES, Complaint, ComplaintNotice, Status
from huiying.complaints.trail import trail
from huiying.items.listfilters import Active, as_of, day_range, flag, unit_ids
from huiying.org.models import Unit
from huiying.org.permissions import has_perm, visible_units
from huiying.sources.forms import apply_service_error
from huiying.web.access import require

PAGE_SIZE = 50


def _filtered(qs: QuerySet[Complaint], data: dict[str, Any], now: Any) -> QuerySet[Complaint]:
    status = data.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("unit") == "none":
        qs = qs.filter(unit__isnull=True)
    elif data.get("unit"):
        qs = qs.filter(unit__code=data["unit"])
    if data.get("overdue"):
        qs = qs.filter(overdue_q(now))
    if data.get("since"):  # received on or after this local day (the dashboard's window)
        start = datetime.combine(data["since"], time.min, tzinfo=timezone.get_current_timezone())
        qs = qs.filter(received_at__gte=start)
    return qs


def _report_filtered(
    qs: QuerySet[Complaint], params: Any, active: Active, *, with_unit: bool
) -> QuerySet[Complaint]:
    """The report figures' links (huiying.reports.figures.complaints): received_at in
    local days (both included); replied=1 (has a reply); reopened=1 (reopened at least
    once); as_of=DAY: a reply, and with status=closed the closing, before that day ended;
    unit with sub=1: the unit and its sub-units."""
    start, end = day_range(params, "received_from", "received_to", _("受理时间"), active)
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lt=end)
    cutoff = as_of(params, active)
    if flag(params, "replied", _("已答复"), active):
        qs = qs.filter(replied_at__isnull=False)
        if cutoff is not None:
            qs = qs.filter(replied_at__lt=cutoff)
    if cutoff is not None and params.get("status") == Status.CLOSED:
        qs = qs.filter(closed_at__lt=cutoff)
    if flag(params, "reopened", _("曾被重新打开"), active):
        qs = qs.filter(reopened_count__gt=0)
    if with_unit:
        units = unit_ids(params, active)
        if units is not None:
            qs = qs.filter(unit_id__in=units)
    return qs


@require_GET
@require("view_complaints")
def inbox(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scope = visible_complaints(request.user)
    units = Unit.objects.all() if sees_all_complaints(request.user) else visible_units(request.user)
    categories = sorted(set(scope.exclude(category="").values_list("category", flat=True)))
    form = InboxFilter(request.GET or None, categories=categories, units=units)
    qs, active = scope, Active()
    if form.is_bound:
        # A field that does not validate is ignored, visibly; the others still apply.
        form.is_valid()
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            active.errors.append(
                _("筛选条件“%(label)s”无效（%(why)s），已忽略该条件。")
                % {"label": label or name, "why": " ".join(errors)}
            )
        data = dict(form.cleaned_data)
        with_sub = request.GET.get("sub") == "1" and data.get("unit") not in (None, "", "none")
        if with_sub:
            data.pop("unit")  # the unit with its sub-units: read below
        qs = _filtered(scope, data, now)
        qs = _report_filtered(qs, request.GET, active, with_unit=with_sub)
    page = Paginator(qs.select_related("unit").order_by("due_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if active.shown:
        active.total = page.paginator.count
    for complaint in page:
        if complaint.is_open:
            complaint.countdown = countdown(complaint.received_at, complaint.due_at, now)
    notices = ComplaintNotice.objects.filter(
        to=request.user, read_at__isnull=True, complaint__in=scope
    ).select_related("complaint")[:50]
    context = {
        "form": form,
        "page": page,
        "notices": notices,
        "open_count": scope.filter(status__in=OPEN_STATUSES).count(),
        "overdue_count": scope.filter(overdue_q(now)).count(),
        "unassigned_count": scope.filter(status=Status.RECEIVED).count(),
        "active": active,
        # The unit has its own field in the form; the rest ride along hidden.
        "hidden": [(k, v) for k, v in active.hidden(request.GET) if k != "unit"],
    }
    return render(request, "complaints/inbox.html", context)


@require_POST
@require("view_complaints")
def read_notice(request: HttpRequest, pk: int) -> HttpResponse:
    ComplaintNotice.objects.filter(pk=pk, to=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("complaints:inbox")


def _forms(complaint: Complaint) -> dict[str, Any]:
    initial = {"version": complaint.version}
    return {
        "assign_form": AssignForm(initial={**initial, "unit": complaint.unit_id}),
        "reply_form": ReplyForm(initial=initial),
        "close_form": CloseForm(initial=initial),
        "reopen_form": ReopenForm(initial=initial),
        "due_form": DueForm(initial={**initial, "due_at": timezone.localtime(complaint.due_at)}),
    }


def _detail(request: HttpRequest, complaint: Complaint, **bound: Any) -> HttpResponse:
    now = timezone.now()
    context = {
        "complaint": complaint,
        "countdown": countdown(complaint.received_at, complaint.due_at, now)
        if complaint.is_open
        else None,
        "trail": trail(complaint),
        "can_handle": has_perm(request.user, "handle_complaints"),
        **_forms(complaint),
        **bound,
    }
    return render(request, "complaints/detail.html", context, status=400 if bound else 200)


@require_GET
@require("view_complaints")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, complaint_for(request.user, pk))


def _act(
    request: HttpRequest, pk: int, form_class: Any, key: str, done: str, run: Any
) -> HttpResponse:
    """Validate the posted form, run the service; on a refusal show the page again
    with the message next to the form, nothing changed."""
    complaint = complaint_for(request.user, pk)
    form = form_class(request.POST)
    refusals: list[str] = []
    if form.is_valid():
        try:
            run(complaint, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_service_error(form, exc)
            else:
                # A refused transition or a stale version: the page has changed under
                # the person, so say so above everything rather than beside one form.
                refusals = exc.messages
        else:
            messages.success(request, done)
            return redirect("complaints:detail", pk=complaint.pk)
    complaint.refresh_from_db()
    return _detail(request, complaint, refusals=refusals, **{key: form})


@require_POST
@require("handle_complaints")
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        AssignForm,
        "assign_form",
        _("已分派。"),
        lambda c, d: services.assign(
            c, d["unit"], actor=request.user, expected_version=d["version"]
        ),
    )


@require_POST
@require("handle_complaints")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReplyForm,
        "reply_form",
        _("答复已保存。"),
        lambda c, d: services.reply(
            c, d["reply"], actor=request.user, expected_version=d["version"]
        ),
    )


@require_POST
@require("handle_complaints")
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CloseForm,
        "close_form",
        _("已办结。"),
        lambda c, d: services.close(c, actor=request.user, expected_version=d["version"]),
    )


@require_POST
@require("handle_complaints")
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReopenForm,
        "reopen_form",
        _("已重新打开。"),
        lambda c, d: services.reopen(
            c, d["reason"], actor=request.user, expected_version=d["version"]
        ),
    )


@require_POST
@require("handle_complaints")
def set_due(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DueForm,
        "due_form",
        _("答复时限已调整。"),
        lambda c, d: services.set_due(
            c, d["due_at"], actor=request.user, reason=d["reason"], expected_version=d["version"]
        ),
    )
