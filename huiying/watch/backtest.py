"""Rule preview and backtest: what a query would have matched among stored items.

`scan` is the one way to evaluate a rule over stored items; the preview (an unsaved
query) and `services.reapply_rule` (a saved rule over history) both call it. It asks
the search index for candidates (huiying.watch.prefilter), then confirms every
candidate with the matcher on its folded title and text, streaming only the columns
it needs. An item's time is its published time, else its fetch time, and days are
counted in the office's time zone.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from time import perf_counter

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from huiying.core.highlight import snippet
from huiying.core.rules import (
    CompiledRule,
    FoldedDocument,
    Rule,
    highlight_terms,
    parse_rule,
)
from huiying.core.segment import Segmenter
from huiying.core.text import fold
from huiying.items.models import Item
from huiying.sources.models import Source
from huiying.watch.prefilter import build_prefilter, candidate_filter


@dataclass
class ScanStats:
    candidates: int = 0  # items the matcher looked at
    used_index: bool = False


@dataclass
class Sample:
    item: Item
    title_html: str  # escaped, with <mark> around the hits
    snippet_html: str


@dataclass
class Preview:
    query: str
    since: datetime
    until: datetime
    total: int
    per_day: list[tuple[date, int]]  # every day of the period, oldest first
    samples: list[Sample]  # the newest matches
    stats: ScanStats = field(default_factory=ScanStats)
    seconds: float = 0.0


def default_segmenter() -> Segmenter:
    from huiying.items.ingest import default_context

    return default_context().segmenter


def item_time_between(since: datetime | None, until: datetime | None) -> Q:
    """Items whose time (published, else fetched) is in [since, until)."""
    published = Q(published_at__isnull=False)
    fetched = Q(published_at__isnull=True)
    if since is not None:
        published &= Q(published_at__gte=since)
        fetched &= Q(fetched_at__gte=since)
    if until is not None:
        published &= Q(published_at__lt=until)
        fetched &= Q(fetched_at__lt=until)
    if since is None and until is None:
        return Q()
    return published | fetched


def items_in_scope(
    *, since: datetime | None, until: datetime | None, source_ids: list[int] | None
) -> QuerySet[Item]:
    """`source_ids=None` means every source; an empty list means none."""
    items = Item.objects.filter(item_time_between(since, until)).order_by()
    if source_ids is not None:
        items = items.filter(source_id__in=source_ids)
    return items


def scan(
    matcher: CompiledRule,
    items: QuerySet[Item],
    *,
    segmenter: Segmenter | None = None,
    stats: ScanStats | None = None,
    use_index: bool = True,
) -> Iterator[tuple[int, datetime]]:
    """(item id, item time) of every item in `items` that the rule matches."""
    stats = stats if stats is not None else ScanStats()
    prefilter = (
        build_prefilter(matcher.rule, segmenter or default_segmenter()) if use_index else None
    )
    if prefilter is not None:
        if prefilter.impossible:
            return
        items = items.filter(candidate_filter(prefilter))
        stats.used_index = True
    # Folding is most of the cost: fold each source's name once, not once per item.
    names = {pk: fold(name) for pk, name in Source.objects.values_list("id", "name")}
    rows = (
        items.annotate(item_at=Coalesce("published_at", "fetched_at"))
        .values_list("id", "title", "text", "source_id", "item_at")
        .iterator(chunk_size=2000)
    )
    for item_id, title, text, source_id, item_at in rows:
        stats.candidates += 1
        if matcher.matches(FoldedDocument(fold(title), fold(text), names.get(source_id, ""))):
            yield item_id, item_at


def preview(
    query: str,
    *,
    since: datetime,
    until: datetime,
    source_ids: list[int] | None = None,
    sample: int = 20,
    segmenter: Segmenter | None = None,
) -> Preview:
    """What an unsaved query matches among stored items with time in [since, until).
    Raises huiying.core.rules.RuleSyntaxError for a malformed query."""
    started = perf_counter()
    rule = parse_rule(query)
    matcher = CompiledRule(rule)
    tz = timezone.get_default_timezone()
    stats = ScanStats()
    per_day: Counter[date] = Counter()
    newest: list[tuple[datetime, int]] = []
    items = items_in_scope(since=since, until=until, source_ids=source_ids)
    for item_id, item_at in scan(matcher, items, segmenter=segmenter, stats=stats):
        per_day[timezone.localtime(item_at, tz).date()] += 1
        if len(newest) < sample:
            heapq.heappush(newest, (item_at, item_id))
        elif sample:
            heapq.heappushpop(newest, (item_at, item_id))
    return Preview(
        query=query,
        since=since,
        until=until,
        total=sum(per_day.values()),
        per_day=[(day, per_day.get(day, 0)) for day in days_between(since, until)],
        samples=samples_of([item_id for _, item_id in sorted(newest, reverse=True)], rule),
        stats=stats,
        seconds=perf_counter() - started,
    )


def days_between(since: datetime, until: datetime) -> list[date]:
    """Every local day that [since, until) touches."""
    tz = timezone.get_default_timezone()
    first = timezone.localtime(since, tz).date()
    last = timezone.localtime(until - timedelta(microseconds=1), tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def samples_of(item_ids: list[int], rule: Rule) -> list[Sample]:
    """Items in the given order, with the rule's words highlighted."""
    terms = highlight_terms(rule)
    by_id = (
        Item.objects.select_related("source")
        .defer("html", "tokens", "fingerprint")
        .in_bulk(item_ids)
    )
    return [
        Sample(by_id[i], snippet(by_id[i].title, terms, width=200), snippet(by_id[i].text, terms))
        for i in item_ids
        if i in by_id
    ]
