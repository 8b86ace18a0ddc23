"""Item pages: the newest items, filters and search, and one item with its family."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from huiying.items.listfilters import Active, day_range, unit_ids
from huiying.items.models import Item
from huiying.items.search import search_items
from huiying.org.permissions import profile_of
from huiying.sources.models import Source
from huiying.web.access import check_unit, require, strict_csp, visible_sources
from huiying.web.listing import with_duplicate_counts

PAGE = 50

PERIODS = [
    ("", _("全部时间")),
    ("today", _("今天")),
    ("24h", _("近 24 小时")),
    ("7d", _("近 7 天")),
    ("30d", _("近 30 天")),
]


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=200)
    source = forms.ModelChoiceField(
        label=pgettext_lazy("field", "信息源"),
        queryset=Source.objects.none(),
        required=False,
        empty_label=_("全部信息源"),
    )
    period = forms.ChoiceField(label=_("时间"), choices=PERIODS, required=False)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # One local calendar day (the dashboard's trend links here).
    day = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _('词语、"短语"、-排除词')}
        )


def period_start(period: str, now: datetime) -> datetime | None:
    if period == "today":
        return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    hours = {"24h": 24, "7d": 24 * 7, "30d": 24 * 30}.get(period)
    return now - timedelta(hours=hours) if hours else None


def day_span(day: date) -> tuple[datetime, datetime]:
    """A local calendar day as [start, end)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def sees_all_sources(user: Any) -> bool:
    profile = profile_of(user)
    return bool(getattr(user, "is_superuser", False) or (profile and profile.spans_all_units))


@require_GET
@require("view_items")
@strict_csp
def item_list(request: HttpRequest) -> HttpResponse:
    sources = visible_sources(request.user)
    form = ItemFilterForm(request.GET, sources=sources)
    data = form.cleaned_data if form.is_valid() else {}
    source = data.get("source")
    since = period_start(data.get("period") or "", timezone.now())
    until = None
    if data.get("day"):
        since, until = day_span(data["day"])
    before = data.get("before")
    query = (data.get("q") or "").strip()
    # The report figures' links: fetched_at in local days (both included), a unit.
    active = Active()
    start, end = day_range(request.GET, "fetched_from", "fetched_to", _("采集时间"), active)
    if start is not None:
        since = start if since is None else max(since, start)
    if end is not None:
        until = end if until is None else min(until, end)
    units = unit_ids(request.GET, active)
    if units is not None:
        sources = sources.filter(unit_id__in=units)
    if source is not None and not sources.filter(pk=source.pk).exists():
        sources, source = sources.none(), None

    if query:
        scoped = units is not None
        items, more = _search(request, query, source, since, before, sources, until, scoped)
    else:
        qs = Item.objects.filter(source__in=[source] if source else sources).select_related(
            "source"
        )
        if since is not None:
            qs = qs.filter(fetched_at__gte=since)
        if until is not None:
            qs = qs.filter(fetched_at__lt=until)
        if active.shown:  # a figure's link: say how many match, beyond this page
            active.total = qs.count()
        if before is not None:
            qs = qs.filter(pk__lt=before)
        items = list(qs.order_by("-id")[: PAGE + 1])
        more = len(items) > PAGE
        items = items[:PAGE]
    with_duplicate_counts(items, sources)
    context = {
        "form": form,
        "items": items,
        "query": query,
        "older": items[-1].pk if more and items else None,
        "paged": before is not None,
        "active": active,
        "hidden": active.hidden(request.GET),
    }
    return render(request, "items/list.html", context)


def _search(
    request: HttpRequest,
    query: str,
    source: Source | None,
    since: datetime | None,
    before: int | None,
    sources: QuerySet[Source],
    until: datetime | None = None,
    scoped: bool = False,
) -> tuple[list[Item], bool]:
    if source is not None:
        source_ids: list[int] | None = [source.pk]
    elif sees_all_sources(request.user) and not scoped:
        source_ids = None
    else:
        source_ids = list(sources.values_list("pk", flat=True))
        if not source_ids:
            # An empty list would mean "no filter" to the search backend.
            return [], False
    result = search_items(
        query, source_ids=source_ids, since=since, until=until, limit=PAGE, before_id=before
    )
    items = []
    for hit in result.hits:
        # The search module escapes the text and adds only <mark>: these two are safe.
        hit.item.title_html = mark_safe(hit.title_html)
        hit.item.snippet_html = mark_safe(hit.snippet_html)
        items.append(hit.item)
    return items, result.more


@require_GET
@require("view_items")
@strict_csp
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("source__unit"), pk=pk)
    check_unit(request.user, item.source.unit)
    sources = visible_sources(request.user)
    head_id = item.dup_of_id or item.pk
    family = list(
        Item.objects.filter(Q(pk=head_id) | Q(dup_of_id=head_id), source__in=sources)
        .select_related("source")
        .order_by("id")
    )
    sightings = (
        item.sightings.filter(source__in=sources).select_related("source").order_by("seen_at")
    )
    context = {
        "item": item,
        "family": family if len(family) > 1 else [],
        "head_id": head_id,
        "sightings": sightings,
    }
    return render(request, "items/detail.html", context)
