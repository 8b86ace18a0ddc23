"""Watch-rule pages. Thin: forms validate, huiying.watch.services changes state,
huiying.watch.backtest evaluates a query over stored items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huiying.core.highlight import snippet
from huiying.core.rules import RuleSyntaxError, highlight_terms, parse_rule
from huiying.org.permissions import can_act_on_unit, has_perm, visible_units
from huiying.sources.forms import apply_service_error
from huiying.sources.models import Source
from huiying.watch import services
from huiying.watch.backtest import days_between, preview
from huiying.watch.forms import PreviewForm, ReapplyForm, RuleForm, period_initial
from huiying.watch.models import RuleMatch, WatchRule
from huiying.web.access import require, strict_csp

RECENT_MATCHES = 50
CHART_DAYS = 30


def _rule_for(request: HttpRequest, pk: int) -> WatchRule:
    """The rule, if the user's units include its unit (else 403)."""
    rule = get_object_or_404(WatchRule.objects.select_related("unit"), pk=pk)
    if not can_act_on_unit(request.user, rule.unit):
        raise PermissionDenied(_("该监测专题不属于您所在的单位。"))
    return rule


def _day_start(days_ago: int = 0) -> Any:
    tz = timezone.get_default_timezone()
    today = timezone.localtime(timezone.now(), tz).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return today - timedelta(days=days_ago)


def _count_since(start: Any) -> Coalesce:
    """A rule's matches with item time from `start` on: one range of the (rule, item_at)
    index per rule, however many matches the rule has in total."""
    matches = (
        RuleMatch.objects.filter(rule=OuterRef("pk"), item_at__gte=start)
        .values("rule")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(matches), 0)


@require_GET
@require("view_rules")
@strict_csp
def rule_list(request: HttpRequest) -> HttpResponse:
    today = _day_start()
    week = timezone.now() - timedelta(days=7)
    rules = (
        WatchRule.objects.filter(unit__in=visible_units(request.user))
        .select_related("unit")
        .annotate(matches_today=_count_since(today), matches_week=_count_since(week))
        .order_by("unit__name", "name")
    )
    return render(request, "watch/list.html", {"rules": rules})


@require_GET
@require("view_rules")
@strict_csp
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_for(request, pk)
    try:
        terms = highlight_terms(parse_rule(rule.query))
    except RuleSyntaxError:
        terms = []
    recent = list(
        RuleMatch.objects.filter(rule=rule)
        .select_related("item__source")
        .defer("item__html", "item__tokens", "item__fingerprint")
        .order_by("-item_at", "-id")[:RECENT_MATCHES]
    )
    for match in recent:
        # snippet() escapes the text and adds only <mark>: safe to show as HTML.
        match.title_html = mark_safe(snippet(match.item.title, terms, width=200))
        match.snippet_html = mark_safe(snippet(match.item.text, terms))
    start = _day_start(CHART_DAYS - 1)
    counts = dict(
        RuleMatch.objects.filter(rule=rule, item_at__gte=start)
        .annotate(day=TruncDate("item_at", tzinfo=timezone.get_default_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    per_day = [(day, counts.get(day, 0)) for day in days_between(start, timezone.now())]
    context = {
        "rule": rule,
        "recent": recent,
        "total": rule.matches.count(),
        "per_day": per_day,
        "chart": _chart(per_day),
        "reapply_form": ReapplyForm(),
        "can_manage": has_perm(request.user, "manage_rules"),
    }
    return render(request, "watch/detail.html", context)


def _chart(per_day: list[tuple[Any, int]]) -> dict[str, Any]:
    return {
        "days": [day.isoformat() for day, _n in per_day],
        "counts": [n for _day, n in per_day],
        "name": _("命中条数"),
    }


# --- The editor and its live preview ------------------------------------------------


def preview_context(request: HttpRequest, data: QueryDict) -> dict[str, Any]:
    """What the preview fragment shows for the editor's current fields."""
    units = visible_units(request.user)
    form = PreviewForm(data, units=units)
    if not form.is_valid():
        return {"invalid": form.errors}
    query = form.cleaned_data["query"] or ""
    if not query.strip():
        return {"empty": True}
    unit = form.cleaned_data["unit"]
    sources = Source.objects.filter(unit__in=[unit] if unit else units)
    if form.cleaned_data["sources"]:
        sources = sources.filter(pk__in=[s.pk for s in form.cleaned_data["sources"]])
    since, until = form.period()
    try:
        result = preview(
            query, since=since, until=until, source_ids=list(sources.values_list("id", flat=True))
        )
    except RuleSyntaxError as error:
        at = error.position
        return {
            "syntax_error": error.message,
            "pointer": error.pointer(),
            "position": at + 1,
            "before": query[:at],
            "at": query[at : at + 1],
            "after": query[at + 1 :],
        }
    for sample in result.samples:
        sample.title_html = mark_safe(sample.title_html)  # escaped + <mark> by snippet()
        sample.snippet_html = mark_safe(sample.snippet_html)
    return {
        "preview": result,
        "first_day": result.per_day[0][0] if result.per_day else None,
        "last_day": result.per_day[-1][0] if result.per_day else None,
        "chart": _chart(result.per_day),
    }


@require_GET
@require("view_rules")
@strict_csp
def rule_preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview (an HTMX fragment): the parse error with a caret, or
    the count, matches per day and newest samples over the chosen period."""
    return render(request, "watch/_preview.html", preview_context(request, request.GET))


def _initial(rule: WatchRule) -> dict[str, Any]:
    tz = timezone.get_default_timezone()
    return {
        "name": rule.name,
        "unit": rule.unit,
        "query": rule.query,
        "sources": list(rule.sources.all()),
        "active_from": timezone.localtime(rule.active_from, tz) if rule.active_from else None,
        "active_until": timezone.localtime(rule.active_until, tz) if rule.active_until else None,
        "notify": list(rule.notify.all()),
        "enabled": rule.enabled,
    }


def _editor(request: HttpRequest, rule: WatchRule | None) -> HttpResponse:
    units = visible_units(request.user)
    initial = _initial(rule) if rule is not None else {"enabled": True}
    posted = request.POST if request.method == "POST" else None
    form = RuleForm(posted, units=units, initial=initial)
    period = PreviewForm(posted, units=units, initial=period_initial())
    context: dict[str, Any] = {"rule": rule, "form": form, "period": period}
    if posted is not None and posted.get("action") == "preview":
        context.update(preview_context(request, posted))
        context["previewed"] = True
    elif posted is not None and form.is_valid():
        saved = _save(request, form, rule)
        if saved is not None:
            return redirect("watch:detail", pk=saved.pk)
    return render(request, "watch/edit.html", context)


def _save(request: HttpRequest, form: RuleForm, rule: WatchRule | None) -> WatchRule | None:
    data = form.cleaned_data
    try:
        if rule is None:
            rule = services.create_rule(actor=request.user, **data)
            messages.success(request, _("已创建监测专题“%(name)s”。") % {"name": rule.name})
            return rule
        changes = {name: data[name] for name in form.changed_data}
        if not changes:
            messages.info(request, _("没有修改。"))
            return rule
        rule = services.update_rule(rule, actor=request.user, **changes)
    except ValidationError as exc:
        apply_service_error(form, exc)
        return None
    text = _("已保存监测专题“%(name)s”。") % {"name": rule.name}
    if changes.keys() & {"query", "sources", "unit", "active_from", "active_until"}:
        text += _("已有的命中记录按旧规则产生，可点击“重新应用到历史数据”更新。")
    messages.success(request, text)
    return rule


@require_http_methods(["GET", "POST"])
@require("manage_rules")
@strict_csp
def rule_add(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@require_http_methods(["GET", "POST"])
@require("manage_rules")
@strict_csp
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor(request, _rule_for(request, pk))


# --- Actions on a saved rule -----------------------------------------------------------


@require_POST
@require("manage_rules")
def rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_for(request, pk)
    rule = services.set_enabled(rule, not rule.enabled, actor=request.user)
    if rule.enabled:
        messages.success(request, _("已启用监测专题“%(name)s”。") % {"name": rule.name})
    else:
        messages.info(request, _("已停用监测专题“%(name)s”。") % {"name": rule.name})
    return redirect("watch:detail", pk=rule.pk)


@require_POST
@require("manage_rules")
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_for(request, pk)
    services.delete_rule(rule, actor=request.user)
    messages.info(request, _("已删除监测专题“%(name)s”。") % {"name": rule.name})
    return redirect("watch:list")


@require_POST
@require("manage_rules")
def rule_reapply(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_for(request, pk)
    form = ReapplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择重新应用的范围。"))
        return redirect("watch:detail", pk=rule.pk)
    try:
        done = services.reapply_rule(rule, since=form.since(), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("watch:detail", pk=rule.pk)
    messages.success(
        request,
        _("已重新应用到历史数据：共命中 %(total)s 条（新增 %(added)s 条，移除 %(removed)s 条）。")
        % {"total": done.total, "added": done.added, "removed": done.removed},
    )
    return redirect("watch:detail", pk=rule.pk)
