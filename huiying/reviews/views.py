"""Draft pages: review queue, my drafts, the editor with its proofreading panel, the
live preview and the version comparison. Thin: forms parse, services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.cases.models import Case
from huiying.org.permissions import can_act_on_unit, has_perm, visible_units
from huiying.reviews import diff, rules, services
from huiying.reviews.access import draft_for, review_csp, visible_drafts
from huiying.reviews.forms import DraftForm, NewDraftForm
from huiying.reviews.models import Draft, Level, Outcome, Status
from huiying.reviews.proofing import Span, marked_text, panel, plain_text, run_checks
from huiying.reviews.sanitise import clean_body
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


@require_GET
@require("view_drafts")
@review_csp
def queue(request: HttpRequest) -> HttpResponse:
    waiting = rules.review_queue(request.user)
    by_level = [(level, [d for d in waiting if d.level == level]) for level in Level]
    return render(
        request,
        "reviews/queue.html",
        {
            "by_level": by_level,
            "total": len(waiting),
            "can_write": has_perm(request.user, "write_drafts"),
        },
    )


@require_GET
@require("view_drafts")
@review_csp
def mine(request: HttpRequest) -> HttpResponse:
    drafts = visible_drafts(request.user).filter(author=request.user)
    return render(request, "reviews/mine.html", {"drafts": drafts[:200]})


@require_http_methods(["GET", "POST"])
@require("write_drafts")
@review_csp
def new(request: HttpRequest) -> HttpResponse:
    form = NewDraftForm(request.POST or None, user=request.user)
    if request.method == "GET" and (case_id := request.GET.get("case", "")).isdigit():
        case = Case.objects.filter(pk=int(case_id), unit__in=visible_units(request.user)).first()
        if case is not None:
            form.initial.update({"case": case, "unit": case.unit, "title": case.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.create_draft(
                title=data["title"],
                body=data["body"],
                channels=data["channels"],
                unit=data["unit"],
                case=data["case"],
                author=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("稿件已保存为第 1 版。"))
            return redirect("reviews:edit", pk=draft.pk)
    return render(request, "reviews/edit.html", {"form": form, "draft": None})


def _returned_view(draft: Draft) -> dict[str, Any] | None:
    """The version the last return was about, with its commented passages marked."""
    last = draft.decisions.filter(outcome=Outcome.RETURN).order_by("-at", "-id").first()
    if last is None:
        return None
    comments = list(last.comments.select_related("author"))
    version = draft.versions.get(number=last.version_number)
    html, _jump = marked_text(
        version.text, [Span(c.start, c.end, f"comment-{c.pk}", "comment-mark") for c in comments]
    )
    return {"decision": last, "comments": comments, "marked": html, "version": version}


def _editor_context(draft: Draft) -> dict[str, Any]:
    version = draft.versions.get(number=draft.revision)
    return {
        "returned": _returned_view(draft),
        "draft": draft,
        "version": version,
        "proof": panel(version.text, version.findings),
        "comments": draft.comments.select_related("author").order_by("-at")[:50],
        "versions": draft.versions.order_by("-number"),
        "editable": draft.status != Status.PUBLISHED,
    }


@require_http_methods(["GET", "POST"])
@require("view_drafts")
@review_csp
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    initial = {
        "title": draft.title,
        "channels": draft.channels,
        "body": draft.body,
        "expected_version": draft.version,
    }
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_draft(
                    draft,
                    title=data["title"],
                    body=data["body"],
                    channels=data["channels"],
                    actor=request.user,
                    expected_version=data["expected_version"],
                )
            except ValidationError as exc:
                # The form keeps what the user typed: nothing is lost on a refusal.
                apply_service_error(form, exc)
                if getattr(exc, "code", None) == "stale":
                    # Saving again after reading the latest version is a deliberate choice.
                    draft.refresh_from_db()
                    form.data = form.data.copy()
                    form.data["expected_version"] = str(draft.version)
            else:
                messages.success(request, _("已保存为第 %(n)d 版。") % {"n": draft.revision})
                return redirect("reviews:edit", pk=draft.pk)
        draft.refresh_from_db()
    context = _editor_context(draft)
    can_write = has_perm(request.user, "write_drafts") and can_act_on_unit(request.user, draft.unit)
    context.update(form=form, can_write=can_write, editable=context["editable"] and can_write)
    return render(request, "reviews/edit.html", context, status=400 if form.errors else 200)


@require_POST
@require("write_drafts")
@review_csp
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    try:
        services.submit(
            draft, actor=request.user, expected_version=_int(request.POST.get("expected_version"))
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已送初审。"))
    return redirect("reviews:edit", pk=draft.pk)


@require_POST
@require("view_drafts")
@review_csp
def preview(request: HttpRequest) -> HttpResponse:
    """Live preview while typing: the cleaned body and its proofreading findings."""
    body = clean_body(request.POST.get("body", "")[: services.MAX_BODY])
    text = plain_text(body)
    return render(
        request,
        "reviews/_preview.html",
        {"body": body, "proof": panel(text, run_checks(text)), "live": True},
    )


@require_GET
@require("view_drafts")
@review_csp
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    versions = list(draft.versions.order_by("number"))
    numbers = [v.number for v in versions]
    b = _int(request.GET.get("b")) or numbers[-1]
    a = _int(request.GET.get("a")) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    old = next((v for v in versions if v.number == a), versions[0])
    new_ = next((v for v in versions if v.number == b), versions[-1])
    title_diff = diff.compare(old.title, new_.title)
    body_diff = diff.compare(old.text, new_.text)
    return render(
        request,
        "reviews/compare.html",
        {
            "draft": draft,
            "versions": versions,
            "old": old,
            "new": new_,
            "title_diff": title_diff,
            "body_diff": body_diff,
        },
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
