"""Fixtures for watch rules: the office's two sources and another unit's, filled with
the items of tests/watch/corpus.py through the real storage path."""

from __future__ import annotations

from datetime import datetime

import pytest

from huiying.core.entries import RawEntry
from huiying.items.ingest import store_entries
from huiying.items.models import Item
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source
from huiying.watch.live import rule_cache
from huiying.watch.services import match_new_items
from tests.watch.corpus import DAILY, FORUM, OTHER, at

STORED_AT = at(24, 12)


@pytest.fixture(autouse=True)
def _fresh_rule_cache():
    rule_cache.cache_clear()
    yield
    rule_cache.cache_clear()


def entries(rows: list[tuple[str, str, str, datetime]], site: str) -> list[RawEntry]:
    return [
        RawEntry(
            url=f"https://{site}.example.cn/{guid}.html",
            title=title,
            text=text,
            html="",
            published_at=published,
            author="",
            guid=guid,
        )
        for guid, title, text, published in rows
    ]


def store(source: Source, rows, *, now: datetime = STORED_AT) -> list[Item]:
    """Store through ingest, then run the watch hook on the new items, as ingest does."""
    result = store_entries(source, entries(rows, source.name), now=now)
    items = list(Item.objects.filter(pk__in=result.item_ids).select_related("source"))
    match_new_items(items)
    return items


@pytest.fixture
def daily(office):
    return create_source(
        name="青川日报", kind=SourceKind.FEED, url="https://daily.example.cn/rss", unit=office
    )


@pytest.fixture
def forum(office):
    return create_source(name="青川论坛", kind=SourceKind.POSTS_IMPORT, url="", unit=office)


@pytest.fixture
def zjj_source(other_unit):
    return create_source(
        name="住建局门户", kind=SourceKind.FEED, url="https://zjj.example.cn/rss", unit=other_unit
    )


@pytest.fixture
def stored(daily, forum, zjj_source) -> dict[str, Item]:
    """Every corpus item, by guid."""
    items = store(daily, DAILY) + store(forum, FORUM) + store(zjj_source, OTHER)
    return {item.guid: item for item in items}
