"""Case pages: my cases, the case page with its action forms, and opening a case. Thin:
forms validate, huiying.cases.services changes state, huiying.cases.trail decides who
sees what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.cases import forms as f
from huiying.cases import services
from huiying.cases.clocks import countdown
from huiying.cases.flash import flash_text
from huiying.cases.leaders import required_leaders
from huiying.cases.models import (
    Case,
    CaseClock,
    CaseNotice,
    Evidence,
    Origin,
    Step,
)
from huiying.cases.steps import CLOSABLE, error, next_steps
from huiying.cases.trail import case_for, trail, visible_cases
from huiying.core.tiers import Tier
from huiying.items.listfilters import Active, as_of, day_range, flag, unit_ids
from huiying.items.models import Item
from huiying.org.permissions import has_perm
from huiying.sources.forms import apply_service_error
from huiying.web.access import require


def _with_clocks(cases: list[Case], now: datetime) -> list[Case]:
    """Attach each running clock's countdown; late cases first, then by nearest deadline."""
    for case in cases:
        running = [c for c in case.clocks.all() if c.done_at is None]
        case.countdowns = [(c, countdown(c, now)) for c in running]
        case.late = any(cd.state == "late" for _c, cd in case.countdowns)
        case.next_deadline = min((c.deadline for c in running), default=None)
    far = timezone.now().replace(year=9999)
    return sorted(cases, key=lambda c: (not c.late, c.next_deadline or far, c.pk))


CAP = 500


def _report_filters(request: HttpRequest, qs: Any) -> tuple[Any, Active]:
    """The report figures' links (huiying.reports.figures.cases): opened_at / closed_at
    in local days (both included), tier (the case's tier), responded=1 (has a first
    public response), respond_due=1 (has a response clock and was answered or its
    deadline passed before the end of the as_of day, else now), unit (with sub=1 its
    sub-units). Closed cases are then listed too."""
    active = Active()
    for name, label in (("opened", _("立案时间")), ("closed", _("办结时间"))):
        start, end = day_range(request.GET, f"{name}_from", f"{name}_to", label, active)
        if start is not None:
            qs = qs.filter(**{f"{name}_at__gte": start})
        if end is not None:
            qs = qs.filter(**{f"{name}_at__lt": end})
    raw = (request.GET.get("tier") or "").strip()
    if raw:
        active.keys.append("tier")
        if raw.isdigit() and int(raw) in {t.value for t in Tier}:
            qs = qs.filter(tier=int(raw))
            active.shown.append(_("级别：%(t)s") % {"t": Tier(int(raw)).label})
        else:
            active.errors.append(_("级别“%(v)s”无效，已忽略该条件。") % {"v": raw[:20]})
    if flag(request.GET, "responded", _("已有首次公开回应"), active):
        qs = qs.filter(first_response_at__isnull=False)
    cutoff = as_of(request.GET, active)
    if flag(request.GET, "respond_due", _("设有回应时限，且已回应或时限已到"), active):
        # One clause, so the step and the deadline are those of the same clock.
        passed = Q(clocks__deadline__lt=cutoff or timezone.now())
        qs = qs.filter(
            Q(clocks__step="respond") & (Q(first_response_at__isnull=False) | passed)
        ).distinct()
    units = unit_ids(request.GET, active)
    if units is not None:
        qs = qs.filter(unit_id__in=units)
    return qs, active


@require_GET
@require("view_cases")
def my_cases(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scope = request.GET.get("scope", "mine")
    qs, active = _report_filters(request, visible_cases(request.user))
    if not active.keys:  # the everyday list: cases still in hand
        qs = qs.exclude(step=Step.CLOSED)
    if scope != "all":
        qs = qs.filter(owner=request.user)
    if request.GET.get("late") == "1":  # a running clock past its deadline
        qs = qs.filter(clocks__done_at__isnull=True, clocks__deadline__lt=now).distinct()
    shown = list(qs.select_related("unit", "owner__profile")[:CAP])
    # The list is capped: the total lets a report's figure be checked all the same.
    active.total = len(shown) if len(shown) < CAP else qs.count()
    cases = _with_clocks(shown, now)
    notices = CaseNotice.objects.filter(to=request.user, read_at__isnull=True).select_related(
        "case"
    )[:50]
    context = {
        "cases": cases,
        "scope": scope,
        "notices": notices,
        "active": active,
        "capped": active.total > len(cases),
        "cap": CAP,
    }
    return render(request, "cases/list.html", context)


@require_POST
@require("view_cases")
def read_notice(request: HttpRequest, pk: int) -> HttpResponse:
    CaseNotice.objects.filter(pk=pk, to=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("cases:mine")


def _open_initial(request: HttpRequest) -> dict[str, Any]:
    """What the 开立处置 links fill in: from an alert, its event and tier; from an event
    (`event`, or `event_key` as older links say), the event's current tier."""
    from huiying.alerts.models import Alert, EventTier

    initial: dict[str, Any] = {"owner": request.user.pk}
    for key in ("event_title", "complaint", "title"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    event_id = request.GET.get("event") or request.GET.get("event_key") or ""
    alert_id = request.GET.get("alert", "")
    if request.GET.get("complaint"):
        initial["origin"] = Origin.COMPLAINT
    elif alert_id.isdigit():
        alert = Alert.objects.select_related("event").filter(pk=int(alert_id)).first()
        if alert is not None:
            initial.update(origin=Origin.ALERT, alert=alert.pk, event=alert.event_id)
            initial.update(tier=alert.tier, event_title=alert.event.title)
            initial.setdefault("title", alert.event.title[:300])
            initial.setdefault("summary", alert.reason)
    elif event_id.isdigit():
        # Opened from an event page: the case starts at the event's current tier.
        initial.update(origin=Origin.EVENT, event=int(event_id))
        state = EventTier.objects.filter(event_id=int(event_id)).first()
        initial["tier"] = state.tier if state else 1
    return initial


@require_http_methods(["GET", "POST"])
@require("handle_cases")
def open_case(request: HttpRequest) -> HttpResponse:
    form = f.OpenCaseForm(request.POST or None, initial=_open_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(**form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已立案。"))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/open.html", {"form": form}, status=400 if form.errors else 200)


def _clock_choices(case: Case) -> list[tuple[str, str]]:
    return [(c.step, c.display_label) for c in case.clocks.filter(done_at__isnull=True)]


def _forms(case: Case) -> dict[str, Any]:
    v = {"version": case.version}
    return {
        "advance_form": f.AdvanceForm(initial=v, steps=next_steps(case.step)),
        "assign_form": f.AssignForm(initial={**v, "owner": case.owner_id, "unit": case.unit_id}),
        "tier_form": f.TierForm(initial={**v, "tier": case.tier}),
        "deadline_form": f.DeadlineForm(initial=v, clocks=_clock_choices(case)),
        "flash_form": f.FlashForm(initial=v),
        "consult_form": f.ConsultForm(initial=v),
        "publication_form": f.PublicationForm(initial=v),
        "follow_up_form": f.FollowUpForm(initial=v),
        "evidence_form": f.EvidenceForm(initial=v),
        "close_form": f.CloseForm(initial=v),
    }


# Which action forms the case page offers at each step (the services decide what is
# allowed; this only keeps the page short).
_FORMS_AT = {
    "flash": {Step.DISCOVER, Step.WATCH, Step.FLASH},
    "consult": {Step.FLASH, Step.CONSULT, Step.STATEMENT},
    "statement": {Step.FLASH, Step.CONSULT, Step.STATEMENT},
    "publish": {Step.STATEMENT, Step.RESPOND, Step.FOLLOW_UP},
    "follow_up": {Step.RESPOND, Step.FOLLOW_UP},
    "close": set(CLOSABLE),
}


def _shown_forms(step: str) -> dict[str, bool]:
    return {name: step in steps for name, steps in _FORMS_AT.items()}


def _detail(request: HttpRequest, case: Case, status: int = 200, **bound: Any) -> HttpResponse:
    now = timezone.now()
    clocks = list(case.clocks.all())
    show = _shown_forms(case.step)
    can_handle = has_perm(request.user, "handle_cases") and case.is_open
    preview: dict[str, Any] = {}
    if can_handle and show["flash"]:
        # What 报送快报 will send, and to whom, shown before it is sent.
        to = required_leaders(case)
        preview = {"flash_to": to, "flash_preview": flash_text(case, now=now, recipients=to)}
    context = {
        "case": case,
        "clocks": [(c, countdown(c, now)) for c in clocks],
        "timeline": case.steps.select_related("actor__profile"),
        "flash_reports": case.flash_reports.prefetch_related("recipients"),
        "consultations": case.consultations.prefetch_related("agreed_by"),
        "statements": case.statements.select_related("approved_by", "drafted_by"),
        "publications": case.publications.all(),
        "follow_ups": case.follow_ups.select_related("actor"),
        "evidence": case.evidence.select_related("item"),
        "trail": trail(case),
        "can_handle": can_handle,
        "next_steps": next_steps(case.step),
        "show": show,
        **preview,
        "drafts": case.drafts.select_related("author").order_by("-id"),
        "may_draft": can_handle and has_perm(request.user, "write_drafts"),
        **_forms(case),
        **bound,
    }
    return render(request, "cases/detail.html", context, status=status)


@require_GET
@require("view_cases")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, case_for(request.user, pk))


@require_GET
@require("view_cases")
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    case = case_for(request.user, pk)
    evidence = Evidence.objects.filter(pk=evidence_id, case=case).exclude(file="").first()
    if evidence is None:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


def _item(data: dict[str, Any]) -> Item | None:
    if not data.get("item"):
        return None
    item = Item.objects.filter(pk=data["item"]).first()
    if item is None:
        raise error(_("没有编号为 %(id)s 的信息。"), "unknown_item", "item", {"id": data["item"]})
    return item


Runner = Callable[[Case, dict[str, Any], HttpRequest], Any]


def _kw(data: dict[str, Any], request: HttpRequest) -> dict[str, Any]:
    return {"actor": request.user, "expected_version": data["version"]}


ACTIONS: dict[str, tuple[type, str, Any, Runner]] = {
    "advance": (
        f.AdvanceForm,
        "advance_form",
        gettext_lazy("环节已变更。"),
        lambda c, d, r: services.advance(c, d["to_step"], note=d["note"], **_kw(d, r)),
    ),
    "assign": (
        f.AssignForm,
        "assign_form",
        gettext_lazy("负责人和主管单位已更新。"),
        lambda c, d, r: services.assign(c, owner=d["owner"], unit=d["unit"], **_kw(d, r)),
    ),
    "tier": (
        f.TierForm,
        "tier_form",
        gettext_lazy("级别已调整，未完成的时限已重新计算。"),
        lambda c, d, r: services.change_tier(c, d["tier"], d["reason"], **_kw(d, r)),
    ),
    "deadline": (
        f.DeadlineForm,
        "deadline_form",
        gettext_lazy("期限已调整。"),
        lambda c, d, r: services.set_deadline(
            c, d["step"], d["deadline"], reason=d["reason"], **_kw(d, r)
        ),
    ),
    "flash": (
        f.FlashForm,
        "flash_form",
        gettext_lazy("快报已报送。"),
        lambda c, d, r: services.send_flash_report(c, **_kw(d, r)),
    ),
    "consult": (
        f.ConsultForm,
        "consult_form",
        gettext_lazy("会商结果已记录。"),
        lambda c, d, r: services.record_consultation(
            c, facts=d["facts"], line=d["line"], agreed_by=list(d["agreed_by"]), **_kw(d, r)
        ),
    ),
    "publish": (
        f.PublicationForm,
        "publication_form",
        gettext_lazy("发布情况已登记。"),
        lambda c, d, r: services.record_publication(
            c, channel=d["channel"], url=d["url"], published_at=d["published_at"], **_kw(d, r)
        ),
    ),
    "follow_up": (
        f.FollowUpForm,
        "follow_up_form",
        gettext_lazy("跟踪记录已保存。"),
        lambda c, d, r: services.add_follow_up(c, d["note"], **_kw(d, r)),
    ),
    "evidence": (
        f.EvidenceForm,
        "evidence_form",
        gettext_lazy("材料已添加。"),
        lambda c, d, r: services.add_evidence(
            c, item=_item(d), file=d["file"], name=d["name"], **_kw(d, r)
        ),
    ),
    "close": (
        f.CloseForm,
        "close_form",
        gettext_lazy("案件已办结。"),
        lambda c, d, r: services.close_case(c, d["summary"], **_kw(d, r)),
    ),
}


@require_POST
@require("handle_cases")
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Validate the posted form and run the service; on a refusal show the page again
    with the message, nothing changed."""
    if action not in ACTIONS:
        raise Http404
    form_class, key, done, run = ACTIONS[action]
    case = case_for(request.user, pk)
    kwargs: dict[str, Any] = {}
    if form_class is f.AdvanceForm:
        kwargs["steps"] = next_steps(case.step) or [s for s in Step.values]
    if form_class is f.DeadlineForm:
        kwargs["clocks"] = [(c.step, c.display_label) for c in CaseClock.objects.filter(case=case)]
    form = form_class(request.POST, request.FILES, **kwargs)
    refusals: list[str] = []
    if form.is_valid():
        try:
            run(case, form.cleaned_data, request)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_service_error(form, exc)
            else:
                refusals = exc.messages
        else:
            messages.success(request, str(done))
            return redirect("cases:detail", pk=case.pk)
    case.refresh_from_db()
    return _detail(request, case, status=400, refusals=refusals, **{key: form})
