"""Fixtures for events: sources of two units, and storing rows through the real write
path (store_entries → after_store: sentiment, events, watch rules)."""

from __future__ import annotations

from datetime import datetime

import pytest

from huiying.core.entries import RawEntry
from huiying.events import services
from huiying.events.grouping import GroupingContext, default_grouping
from huiying.items.ingest import store_entries
from huiying.items.models import Item
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source
from huiying.watch.live import rule_cache
from tests.events.corpus import Row, at

STORED_AT = at(12, 18)


@pytest.fixture(autouse=True)
def _fresh_grouping():
    """Each test starts like a new process: no clusterer, no cached rules."""
    default_grouping.cache_clear()
    rule_cache.cache_clear()
    yield
    default_grouping.cache_clear()
    rule_cache.cache_clear()


def entries(rows: list[Row], site: str) -> list[RawEntry]:
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


def store(source: Source, rows: list[Row], *, now: datetime = STORED_AT) -> list[Item]:
    """Store rows as one batch through ingest; the new items, in row order."""
    result = store_entries(source, entries(rows, f"s{source.pk}"), now=now)
    by_guid = {i.guid: i for i in Item.objects.filter(pk__in=result.item_ids)}
    return [by_guid[guid] for guid, *_ in rows if guid in by_guid]


def event_of(item: Item) -> int:
    return Item.objects.get(pk=item.pk).event_membership.event_id


@pytest.fixture
def letters(office):
    return create_source(name="市长信箱", kind=SourceKind.POSTS_IMPORT, url="", unit=office)


@pytest.fixture
def forum(office):
    return create_source(name="青川论坛", kind=SourceKind.POSTS_IMPORT, url="", unit=office)


@pytest.fixture
def zjj_source(other_unit):
    return create_source(
        name="住建局门户", kind=SourceKind.FEED, url="https://zjj.example.cn/rss", unit=other_unit
    )


class Processes:
    """Stand-ins for separate worker processes: each has its own grouping state (as a
    real process would), and `use(name)` makes it the one storing and correcting."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self.contexts: dict[str, GroupingContext] = {}

    def use(self, name: str) -> GroupingContext:
        if name not in self.contexts:
            default_grouping.cache_clear()
            self.contexts[name] = default_grouping()
        context = self.contexts[name]
        self._monkeypatch.setattr(services, "default_grouping", lambda: context)
        return context


@pytest.fixture
def processes(monkeypatch) -> Processes:
    return Processes(monkeypatch)
