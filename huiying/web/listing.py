"""Shared helpers for lists of items: near-duplicate counts within what a user may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, QuerySet

from huiying.items.models import Item
from huiying.sources.models import Source


def with_duplicate_counts(items: Sequence[Item], sources: QuerySet[Source]) -> Sequence[Item]:
    """Set `dup_count` on each item: how many near-duplicates (from sources the user may
    see) joined its family. One query for the whole page."""
    ids = [item.pk for item in items]
    counts = dict(
        Item.objects.filter(dup_of_id__in=ids, source__in=sources)
        .values("dup_of_id")
        .annotate(n=Count("id"))
        .values_list("dup_of_id", "n")
    )
    for item in items:
        item.dup_count = counts.get(item.pk, 0)
    return items
