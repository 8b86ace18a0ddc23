"""Ledger pages: the roster and responsibility list, a task with its periods and 台账,
and the task form. Thin: forms parse, huiying.ledger.services changes state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.ledger import forms as f
from huiying.ledger import services
from huiying.ledger.access import can_keep, check_edit_list, check_keep, keeps_whole_list
from huiying.ledger.models import EvidenceFile, ResponsibilityTask, TaskStatus
from huiying.ledger.occurrences import ensure_occurrences, office_today, overdue_q, sync_task
from huiying.org.models import LeadingGroupMember
from huiying.sources.forms import apply_service_error
from huiying.web.access import require, strict_csp


@require_GET
@strict_csp
@require("view_ledger")
def index(request: HttpRequest) -> HttpResponse:
    today = office_today()
    ensure_occurrences(today)
    tasks = ResponsibilityTask.objects.select_related("lead_unit", "lead_leader").annotate(
        overdue_count=Count("occurrences", filter=overdue_q(today, "occurrences__"), distinct=True),
        next_due=Min("occurrences__due_on", filter=Q(occurrences__done_on__isnull=True)),
    )
    counts = {
        "total": tasks.count(),
        "open": tasks.filter(status=TaskStatus.OPEN).count(),
        "done": tasks.filter(status=TaskStatus.DONE).count(),
        "overdue": tasks.filter(overdue_count__gt=0).count(),
    }
    form = f.FilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["unit"]:
            tasks = tasks.filter(lead_unit=form.cleaned_data["unit"])
        state = form.cleaned_data["state"]
        if state == "overdue":
            tasks = tasks.filter(overdue_count__gt=0)
        elif state:
            tasks = tasks.filter(status=state)
    # Overdue first, then what falls due soonest; finished tasks last.
    rows = sorted(
        tasks.prefetch_related("co_units")[:1000],
        key=lambda t: (
            t.overdue_count == 0,
            t.status == TaskStatus.DONE,
            t.next_due or t.deadline,
            t.pk,
        ),
    )
    context = {
        "roster": LeadingGroupMember.objects.select_related("unit"),
        "tasks": rows,
        "counts": counts,
        "form": form,
        "today": today,
        "can_edit_list": keeps_whole_list(request.user),
    }
    return render(request, "ledger/index.html", context)


def _task_page(
    request: HttpRequest, task: ResponsibilityTask, status: int = 200, **bound: Any
) -> HttpResponse:
    today = office_today()
    occurrences = list(task.occurrences.select_related("done_by__profile"))
    for o in occurrences:
        o.overdue = not o.is_done and o.due_on < today
    v = {"version": task.version}
    context = {
        "task": task,
        "occurrences": occurrences,
        "entries": task.progress.select_related("author__profile", "occurrence").prefetch_related(
            "files"
        ),
        "today": today,
        "can_keep": can_keep(request.user, task),
        "can_edit_list": keeps_whole_list(request.user),
        "version": task.version,
        "progress_form": f.ProgressForm(initial={"on": today}, occurrences=occurrences),
        "reopen_form": f.ReopenForm(initial=v),
        **bound,
    }
    return render(request, "ledger/task.html", context, status=status)


def _task(pk: int) -> ResponsibilityTask:
    return get_object_or_404(
        ResponsibilityTask.objects.select_related("lead_unit", "lead_leader__unit"), pk=pk
    )


@require_GET
@strict_csp
@require("view_ledger")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(pk)
    sync_task(task, office_today())
    return _task_page(request, task)


@require_http_methods(["GET", "POST"])
@strict_csp
@require("manage_ledger")
def task_new(request: HttpRequest) -> HttpResponse:
    check_edit_list(request.user)
    form = f.TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.create_task(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已加入责任清单。"))
            return redirect("ledger:task", pk=task.pk)
    status = 400 if form.errors else 200
    return render(request, "ledger/task_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@strict_csp
@require("manage_ledger")
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    check_edit_list(request.user)
    task = _task(pk)
    initial = {
        "title": task.title,
        "description": task.description,
        "lead_leader": task.lead_leader_id,
        "lead_unit": task.lead_unit_id,
        "co_units": list(task.co_units.values_list("pk", flat=True)),
        "deadline": task.deadline,
        "version": task.version,
    }
    form = f.EditTaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.edit_task(task, **data, expected_version=version, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("ledger:task", pk=task.pk)
    context = {"form": form, "task": task}
    return render(request, "ledger/task_form.html", context, status=400 if form.errors else 200)


def _refused(request: HttpRequest, task: ResponsibilityTask, exc: ValidationError) -> HttpResponse:
    task.refresh_from_db()
    return _task_page(request, task, status=409, refusals=exc.messages)


@require_POST
@strict_csp
@require("manage_ledger")
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(pk)
    check_keep(request.user, task)
    form = f.OccurrenceForm(request.POST)
    if not form.is_valid():
        return _refused(request, task, ValidationError(_("请求不完整，请刷新页面后重试。")))
    try:
        services.complete_occurrence(
            task, form.cleaned_data["occurrence"],
            expected_version=form.cleaned_data["version"], actor=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        return _refused(request, task, exc)
    messages.success(request, _("已标记完成。"))
    return redirect("ledger:task", pk=task.pk)


@require_POST
@strict_csp
@require("manage_ledger")
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(pk)
    check_keep(request.user, task)
    form = f.ReopenForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, status=400, reopen_form=form)
    try:
        services.reopen_occurrence(
            task, form.cleaned_data["occurrence"], reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"], actor=request.user,
        )  # fmt: skip
    except ValidationError as exc:
        return _refused(request, task, exc)
    messages.success(request, _("已重新打开。"))
    return redirect("ledger:task", pk=task.pk)


@require_POST
@strict_csp
@require("manage_ledger")
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(pk)
    check_keep(request.user, task)
    form = f.ProgressForm(request.POST, request.FILES, occurrences=task.occurrences.all())
    if form.is_valid():
        try:
            services.add_progress(
                task, text=form.cleaned_data["text"], on=form.cleaned_data["on"],
                occurrence_id=form.cleaned_data["occurrence"], files=form.cleaned_data["files"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记工作进展。"))
            return redirect("ledger:task", pk=task.pk)
    return _task_page(request, task, status=400, progress_form=form)


@require_GET
@require("view_ledger")
def evidence_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    evidence = EvidenceFile.objects.filter(pk=file_id, entry__task_id=pk).first()
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.name,
        content_type=evidence.content_type,
    )  # fmt: skip
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
