"""Items today and the daily trend, counted by fetch time in the office's time zone,
as the items list filters them (`period=today`, `day=YYYY-MM-DD`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from huiying.items.models import Item
from huiying.items.views import day_span
from huiying.web.dashboard.scope import Scope
from huiying.web.listing import with_duplicate_counts

TREND_DAYS = 14
NEWEST = 8


@dataclass(frozen=True)
class Day:
    day: date
    n: int
    url: str


def _items(scope: Scope, since: datetime):  # type: ignore[no-untyped-def]
    qs = Item.objects.filter(fetched_at__gte=since)
    if scope.source_ids is not None:
        qs = qs.filter(source_id__in=scope.source_ids)
    return qs.order_by()


def trend(scope: Scope, now: datetime, days: int = TREND_DAYS) -> list[Day]:
    """Items per local day for the last `days` days, today last (counted up to now)."""
    today = timezone.localdate(now)
    spans = [day_span(today - timedelta(days=k)) for k in range(days - 1, -1, -1)]
    # One count per day, each a range of the fetched_at index (one query with a filter
    # per day reads every row fourteen times); today is open-ended like the list's.
    counts = {}
    for k, (start, end) in enumerate(spans):
        qs = _items(scope, start)
        counts[f"d{k}"] = (qs.filter(fetched_at__lt=end) if k < days - 1 else qs).count()
    base = reverse("items:list")
    return [
        Day(start.date(), counts[f"d{k}"], f"{base}?{urlencode({'day': start.date().isoformat()})}")
        for k, (start, _end) in enumerate(spans)
    ]


def today_url() -> str:
    return f"{reverse('items:list')}?period=today"


def newest(scope: Scope, n: int = NEWEST) -> list[Item]:
    """The newest items the user may see, with their near-duplicate counts."""
    qs = Item.objects.select_related("source").defer("html", "tokens", "fingerprint")
    if scope.source_ids is not None:
        qs = qs.filter(source_id__in=scope.source_ids)
    return list(with_duplicate_counts(list(qs.order_by("-id")[:n]), scope.sources))
