"""The home page: a plain overview until the dashboard proper arrives."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from huiying.items.models import Item
from huiying.web.access import require, visible_sources
from huiying.web.listing import with_duplicate_counts


def start_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@require("view_items")
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    day_ago = now - timedelta(hours=24)
    sources = visible_sources(request.user)
    items = Item.objects.filter(source__in=sources)
    by_source = (
        sources.annotate(recent=Count("items", filter=Q(items__fetched_at__gte=day_ago)))
        .filter(recent__gt=0)
        .order_by("-recent", "name")
    )
    newest = list(items.select_related("source").order_by("-id")[:20])
    context = {
        "now": now,
        "items_today": items.filter(fetched_at__gte=start_of_today(now)).count(),
        "items_24h": items.filter(fetched_at__gte=day_ago).count(),
        "source_count": sources.count(),
        "by_source": by_source,
        "failing": sources.filter(consecutive_failures__gt=0)
        .select_related("unit")
        .order_by("-consecutive_failures"),
        "newest": with_duplicate_counts(newest, sources),
    }
    return render(request, "web/home.html", context)
