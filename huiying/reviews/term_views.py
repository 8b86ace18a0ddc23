"""The office's term list and flagged phrases (manage_terms to change them), and the
reviewer rules (manage_org)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huiying.org.models import Role
from huiying.org.permissions import has_perm
from huiying.reviews import terms
from huiying.reviews.access import review_csp
from huiying.reviews.forms import FlaggedForm, RuleForm, TermForm
from huiying.reviews.models import DEFAULT_ROLES, FlaggedPhrase, Level, ReviewerRule, Term
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


def _page(
    request: HttpRequest, term_form: TermForm, flagged_form: FlaggedForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reviews/terms.html",
        {
            "terms": Term.objects.all(),
            "flagged": FlaggedPhrase.objects.all(),
            "term_form": term_form,
            "flagged_form": flagged_form,
            "can_manage": has_perm(request.user, "manage_terms"),
        },
        status=status,
    )


@require_GET
@require("view_drafts")
@review_csp
def index(request: HttpRequest) -> HttpResponse:
    return _page(request, TermForm(), FlaggedForm())


@require_POST
@require("manage_terms")
@review_csp
def add_term(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST)
    if form.is_valid():
        try:
            terms.save_term(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("reviews:terms")
    return _page(request, form, FlaggedForm(), status=400)


@require_POST
@require("manage_terms")
def delete_term(request: HttpRequest, pk: int) -> HttpResponse:
    terms.delete_term(get_object_or_404(Term, pk=pk), actor=request.user)
    messages.success(request, _("已删除。"))
    return redirect("reviews:terms")


@require_POST
@require("manage_terms")
@review_csp
def add_flagged(request: HttpRequest) -> HttpResponse:
    form = FlaggedForm(request.POST)
    if form.is_valid():
        try:
            terms.save_flagged(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("reviews:terms")
    return _page(request, TermForm(), form, status=400)


@require_POST
@require("manage_terms")
def delete_flagged(request: HttpRequest, pk: int) -> HttpResponse:
    terms.delete_flagged(get_object_or_404(FlaggedPhrase, pk=pk), actor=request.user)
    messages.success(request, _("已删除。"))
    return redirect("reviews:terms")


@require_POST
@require("manage_terms")
def seed(request: HttpRequest) -> HttpResponse:
    added = terms.seed_starter_terms(actor=request.user)
    messages.success(request, _("已从初始词表补充 %(n)d 条。") % {"n": added})
    return redirect("reviews:terms")


@require_GET
@require("view_drafts")
@review_csp
def reviewer_rules(request: HttpRequest) -> HttpResponse:
    return _rules_page(request, RuleForm())


def _rules_page(request: HttpRequest, form: RuleForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reviews/rules.html",
        {
            "rules": ReviewerRule.objects.select_related("unit").order_by(
                "unit__name", "level", "channel"
            ),
            "defaults": [
                (Level(level).label, Role(role).label) for level, role in DEFAULT_ROLES.items()
            ],
            "form": form,
            "can_manage": has_perm(request.user, "manage_org"),
        },
        status=status,
    )


@require_POST
@require("manage_org")
@review_csp
def set_rule(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            terms.set_reviewer_rule(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("reviews:rules")
    return _rules_page(request, form, status=400)


@require_POST
@require("manage_org")
def delete_rule(request: HttpRequest, pk: int) -> HttpResponse:
    terms.delete_reviewer_rule(get_object_or_404(ReviewerRule, pk=pk), actor=request.user)
    messages.success(request, _("已删除。"))
    return redirect("reviews:rules")
