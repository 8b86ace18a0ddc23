"""The approval page (approve or return a level, comments on passages), the review and
publication record, and recording a publication."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.org.permissions import can_act_on_unit, has_perm
from huiying.reviews import publishing, rules, services
from huiying.reviews.access import draft_for, review_csp
from huiying.reviews.forms import DecisionForm, PublishForm
from huiying.reviews.models import Draft, Level, Status
from huiying.reviews.proofing import panel, run_checks
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


def _review_context(
    request: HttpRequest, draft: Draft, form: DecisionForm | None
) -> dict[str, Any]:
    version = draft.versions.get(number=draft.revision)
    # The approver sees findings computed now, with the office's current term list.
    findings = run_checks(version.text)
    level = draft.level
    refusal = rules.refusal(request.user, draft, level) if level else None
    if form is None and level:
        form = DecisionForm(initial={"level": level, "expected_version": draft.version})
    earlier = draft.comments.select_related("author").order_by("-at")
    return {
        "draft": draft,
        "version": version,
        "proof": panel(version.text, findings),
        "level": Level(level) if level else None,
        "approver_role": rules.approver_role(draft, level) if level else None,
        "refusal": refusal,
        "form": form,
        "comments": earlier,
    }


@require_http_methods(["GET", "POST"])
@require("view_drafts")
@review_csp
def review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    if request.method == "GET":
        return render(request, "reviews/review.html", _review_context(request, draft, None))
    form = DecisionForm(request.POST)
    outcome = request.POST.get("outcome")
    if form.is_valid() and outcome in ("approve", "return"):
        data = form.cleaned_data
        level = data["level"]
        passages = []
        if data["quote"].strip() or data["quote_comment"].strip():
            passages.append(
                services.Passage(
                    quote=data["quote"], body=data["quote_comment"], start=data["quote_start"]
                )
            )
        try:
            if outcome == "approve":
                services.approve(
                    draft,
                    level,
                    actor=request.user,
                    comment=data["comment"],
                    passages=passages,
                    expected_version=data["expected_version"],
                )
                messages.success(request, _("%(level)s已通过。") % {"level": Level(level).label})
            else:
                services.return_draft(
                    draft,
                    level,
                    actor=request.user,
                    comment=data["comment"],
                    passages=passages,
                    expected_version=data["expected_version"],
                )
                messages.success(request, _("已退回起草人修改。"))
        except ValidationError as exc:
            # A refusal of the role is a 403, whatever the page showed.
            if getattr(exc, "code", None) == "forbidden":
                raise PermissionDenied(exc.messages[0]) from exc
            apply_service_error(form, exc)
            if getattr(exc, "code", None) == "stale":
                # The page now shows the latest version; deciding on it is a new decision.
                draft.refresh_from_db()
                form.data = form.data.copy()
                form.data["expected_version"] = str(draft.version)
        else:
            return redirect("reviews:queue")
    draft.refresh_from_db()
    return render(request, "reviews/review.html", _review_context(request, draft, form), status=400)


@require_GET
@require("view_drafts")
@review_csp
def record(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    return render(request, "reviews/record.html", _record_context(request, draft, None))


def _record_context(request: HttpRequest, draft: Draft, form: PublishForm | None) -> dict[str, Any]:
    can_publish = (
        draft.status in (Status.APPROVED, Status.PUBLISHED)
        and has_perm(request.user, "write_drafts")
        and can_act_on_unit(request.user, draft.unit)
    )
    if form is None and can_publish:
        form = PublishForm(
            initial={
                "channel": draft.channels[0] if draft.channels else "",
                "published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "expected_version": draft.version,
            }
        )
    return {
        "draft": draft,
        "submissions": draft.submissions.select_related("actor"),
        "decisions": draft.decisions.select_related("actor").prefetch_related("comments"),
        "publications": draft.publications.select_related("recorded_by"),
        "form": form if can_publish else None,
        "exportable": draft.status in (Status.APPROVED, Status.PUBLISHED),
    }


@require_POST
@require("write_drafts")
@review_csp
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_for(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            publishing.publish(
                draft,
                channel=data["channel"],
                url=data["url"],
                published_at=data["published_at"],
                actor=request.user,
                expected_version=data["expected_version"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记发布。"))
            return redirect("reviews:record", pk=draft.pk)
    draft.refresh_from_db()
    return render(request, "reviews/record.html", _record_context(request, draft, form), status=400)
