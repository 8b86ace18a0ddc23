"""The assignment-rules page (分派规则), for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huiying.complaints import assignment
from huiying.complaints.forms import RuleForm
from huiying.complaints.models import AssignmentRule
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


@require_http_methods(["GET", "POST"])
@require("manage_org")
def rule_list(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment.create_rule(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("分派规则已添加。"))
            return redirect("complaints:rules")
    rules = AssignmentRule.objects.select_related("unit").order_by("priority", "id")
    status = 400 if form.is_bound else 200
    return render(request, "complaints/rules.html", {"rules": rules, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require("manage_org")
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(AssignmentRule.objects.select_related("unit"), pk=pk)
    initial = {f: getattr(rule, f) for f in assignment.RULE_FIELDS}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assignment.update_rule(rule, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("分派规则已保存。"))
            return redirect("complaints:rules")
    return render(request, "complaints/rule_edit.html", {"rule": rule, "form": form})


@require_POST
@require("manage_org")
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(AssignmentRule, pk=pk)
    assignment.delete_rule(rule, actor=request.user)
    messages.success(request, _("分派规则“%(name)s”已删除。") % {"name": rule.name})
    return redirect("complaints:rules")
