"""Event pages. Thin: figures and pages read, huiying.events.services changes state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huiying.core.tiers import Tier
from huiying.events import services
from huiying.events.figures import Totals, current, explain, figures_for, recent_hourly, totals
from huiying.events.forms import DEFAULT_PERIOD, EventFilterForm, ItemsForm, MergeForm
from huiying.events.models import Event, EventCorrection, EventMembership
from huiying.events.pages import carried_by, families, members_of, timeline, visible_titles
from huiying.items.listfilters import Active, as_of, day_range, unit_ids
from huiying.items.models import Item
from huiying.items.views import sees_all_sources
from huiying.org.permissions import has_perm, visible_units
from huiying.watch.models import WatchRule
from huiying.web.access import require, strict_csp, visible_sources

PAGE = 50
CORRECTIONS_SHOWN = 20


def _source_ids(user: Any) -> list[int] | None:
    """Sources whose items the user may see; None when that is every source."""
    if sees_all_sources(user):
        return None
    return list(visible_sources(user).values_list("id", flat=True))


def _event_for(request: HttpRequest, pk: int, source_ids: list[int] | None) -> Event:
    """The event, if the user may see at least one of its items (else 404: another
    unit's matter is not even confirmed to exist)."""
    event = get_object_or_404(Event, pk=pk)
    if source_ids is not None and not members_of(event, source_ids).exists():
        raise Http404
    return event


@require_GET
@require("view_events")
@strict_csp
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    source_ids = _source_ids(request.user)
    rules = WatchRule.objects.filter(unit__in=visible_units(request.user)).order_by("name")
    events, active, report_link = _report_filters(request)
    query = request.GET.copy()
    # A figure's link names its own period (first_seen): no default recency on top.
    query.setdefault("period", "all" if report_link else DEFAULT_PERIOD)
    form = EventFilterForm(query, rules=rules)
    data = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("tier") and "tier" in form.errors:
        active.errors.append(_("级别“%(v)s”无效，已忽略该条件。") % {"v": request.GET["tier"][:20]})
    since = form.since(now) if form.is_valid() else None
    if since is not None:
        events = events.filter(last_seen__gte=since)
    if data.get("rule"):
        matched = EventMembership.objects.filter(item__rule_matches__rule=data["rule"])
        events = events.filter(pk__in=matched.values("event_id"))
    tier_end = as_of(request.GET, active)
    if data.get("tier") and tier_end is not None:
        events = events.filter(pk__in=_tier_at(events, data["tier"], tier_end))
    elif data.get("tier"):
        # An event never tiered is 一般 (general): the lowest tier is the default.
        tiered = Q(tier_state__tier=data["tier"])
        events = events.filter(
            tiered | Q(tier_state=None) if data["tier"] == Tier.GENERAL else tiered
        )
    rows = figures_for(events, now, source_ids)
    if since is not None:  # over the items the user sees, the last one must be recent
        rows = {pk: r for pk, r in rows.items() if r[0].last_seen and r[0].last_seen >= since}
    sort = data.get("sort") or "heat"
    keys = {
        "heat": lambda r: (r[1].heat,),
        "growth": lambda r: (r[1].trend, r[1].heat),
        "negative": lambda r: (r[0].negative_share, r[1].heat),
    }
    ordered = sorted(rows.items(), key=lambda kv: (*keys[sort](kv[1]), kv[0]), reverse=True)
    if active.shown:
        active.total = len(ordered)
    page = data.get("page") or 1
    shown = ordered[(page - 1) * PAGE : page * PAGE]
    by_pk = Event.objects.in_bulk([pk for pk, _r in shown])
    visible_titles(list(by_pk.values()), source_ids)
    context = {
        "form": form,
        "rows": [(by_pk[pk], t, fig) for pk, (t, fig) in shown],
        "total": len(ordered),
        "sort": sort,
        "page": page,
        "more": len(ordered) > page * PAGE,
        "active": active,
        "hidden": active.hidden(request.GET),
    }
    return render(request, "events/list.html", context)


def _report_filters(request: HttpRequest) -> tuple[Any, Active, bool]:
    """The report figures' links: first_seen in local days (both included) and a unit
    (events with an item of the unit's sources), as huiying.reports.figures.events
    counts them. (events, what is filtered, whether such a link is being followed)."""
    active = Active()
    events = Event.objects.filter(merged_into=None)
    start, end = day_range(request.GET, "first_seen_from", "first_seen_to", _("首次出现"), active)
    if start is not None:
        events = events.filter(first_seen__gte=start)
    if end is not None:
        events = events.filter(first_seen__lt=end)
    units = unit_ids(request.GET, active)
    if units is not None:
        members = EventMembership.objects.filter(item__source__unit_id__in=units)
        events = events.filter(pk__in=members.values("event_id"))
    report_link = bool(active.keys)
    if not report_link:  # the plain list: events with items only
        events = events.filter(item_count__gt=0)
    return events, active, report_link


def _tier_at(events: Any, tier: int, end: Any) -> list[int]:
    """Events whose tier at `end` was `tier`: the last tier change before it; 一般 when
    none (the report figures' rule, huiying.reports.figures.events.tiers_at)."""
    from huiying.reports.figures.events import tiers_at

    ids = list(events.values_list("pk", flat=True))
    tiers = tiers_at(ids, end)
    return [pk for pk in ids if tiers.get(pk, Tier.GENERAL) == tier]


@require_GET
@require("view_events")
@strict_csp
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source_ids = _source_ids(request.user)
    merged = Event.objects.filter(pk=pk, merged_into__isnull=False).first()
    if merged is not None:  # an old link: the event it was merged into checks access
        return redirect("events:detail", pk=_final(merged).pk)
    event = _event_for(request, pk, source_ids)
    visible_titles([event], source_ids)
    now = timezone.now()
    members = members_of(event, source_ids)
    counted = totals([event.pk], source_ids).get(event.pk, Totals())
    fig = current(counted, recent_hourly([event.pk], now, source_ids).get(event.pk, {}), now)
    folded, family_count = families(members)
    context = {
        "event": event,
        "totals": counted,
        "fig": fig,
        "parts": explain(counted, fig, now),
        "chart": timeline(members),
        "sources": carried_by(event, members, source_ids),
        "families": folded,
        "family_count": family_count,
        "corrections": EventCorrection.objects.filter(event=event)
        .select_related("actor")
        .order_by("-at", "-id")[:CORRECTIONS_SHOWN],
        "can_correct": has_perm(request.user, "correct_events"),
        "merge_form": MergeForm(),
    }
    return render(request, "events/detail.html", context)


def _final(event: Event) -> Event:
    seen = {event.pk}
    while event.merged_into_id is not None and event.merged_into_id not in seen:
        seen.add(event.merged_into_id)
        event = Event.objects.get(pk=event.merged_into_id)
    return event


def _chosen_items(request: HttpRequest, event: Event, source_ids: list[int] | None) -> ItemsForm:
    items = Item.objects.filter(event_membership__event=event)
    if source_ids is not None:
        items = items.filter(source_id__in=source_ids)
    return ItemsForm(request.POST, items=items)


def _form_error(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@require("correct_events")
def event_merge(request: HttpRequest, pk: int) -> HttpResponse:
    source_ids = _source_ids(request.user)
    event = _event_for(request, pk, source_ids)
    form = MergeForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("events:detail", pk=event.pk)
    try:
        other = _event_for(request, form.cleaned_data["other"], source_ids)
    except Http404:
        messages.error(
            request, _("没有找到编号为 %(n)s 的事件。") % {"n": form.cleaned_data["other"]}
        )
        return redirect("events:detail", pk=event.pk)
    try:
        services.merge_events(event, other, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:detail", pk=event.pk)
    messages.success(request, _("已把事件 #%(other)s 并入本事件。") % {"other": other.pk})
    return redirect("events:detail", pk=event.pk)


@require_POST
@require("correct_events")
def event_split(request: HttpRequest, pk: int) -> HttpResponse:
    source_ids = _source_ids(request.user)
    event = _event_for(request, pk, source_ids)
    form = _chosen_items(request, event, source_ids)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("events:detail", pk=event.pk)
    try:
        new = services.split_items(list(form.cleaned_data["items"]), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:detail", pk=event.pk)
    messages.success(
        request,
        _("已把所选 %(n)s 条信息拆分为新事件 #%(pk)s。")
        % {"n": len(form.cleaned_data["items"]), "pk": new.pk},
    )
    return redirect("events:detail", pk=new.pk)


@require_POST
@require("correct_events")
def event_move(request: HttpRequest, pk: int) -> HttpResponse:
    source_ids = _source_ids(request.user)
    event = _event_for(request, pk, source_ids)
    form = _chosen_items(request, event, source_ids)
    if not form.is_valid() or not form.cleaned_data.get("to"):
        if form.is_valid():
            messages.error(request, _("请填写目标事件编号。"))
        _form_error(request, form)
        return redirect("events:detail", pk=event.pk)
    try:
        target = _event_for(request, form.cleaned_data["to"], source_ids)
    except Http404:
        messages.error(request, _("没有找到编号为 %(n)s 的事件。") % {"n": form.cleaned_data["to"]})
        return redirect("events:detail", pk=event.pk)
    try:
        for item in form.cleaned_data["items"]:
            services.move_item(item, target, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:detail", pk=event.pk)
    messages.success(
        request,
        _("已把所选 %(n)s 条信息移到事件 #%(pk)s。")
        % {"n": len(form.cleaned_data["items"]), "pk": target.pk},
    )
    return redirect("events:detail", pk=event.pk)
