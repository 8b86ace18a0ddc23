"""The database is the truth: a write that rolls back, a failure inside grouping, and
items stored before events existed all end with every item in exactly one event."""

from __future__ import annotations

import pytest
from django.db import transaction

from huiying.events.grouping import default_grouping
from huiying.events.models import Event, EventMembership
from huiying.items.ingest import default_context
from huiying.items.models import Item
from huiying.watch import services as watch_services
from tests.events.conftest import event_of, store
from tests.events.corpus import HEXI, LANTING, XINYUAN, XINYUAN_LATER, at

pytestmark = pytest.mark.django_db


def without_event() -> list[str]:
    return list(Item.objects.filter(event_membership__isnull=True).values_list("guid", flat=True))


def test_a_store_rolled_back_after_grouping_leaves_nothing_behind(letters, forum, monkeypatch):
    store(letters, XINYUAN[:2])

    def rules_fail(items, now=None):
        raise RuntimeError("a later stage failed")

    monkeypatch.setattr(watch_services, "match_new_items", rules_fail)
    with pytest.raises(RuntimeError):
        store(forum, LANTING + HEXI)  # grouped in memory, then the transaction rolls back
    monkeypatch.undo()
    assert not Item.objects.filter(guid__startswith="lt-").exists()

    # The same rows stored now (SQLite even hands out the same ids again) are grouped
    # from the database, not from what the process remembered.
    again = store(forum, LANTING + HEXI)
    assert default_grouping().rebuilds == 2
    assert_whole(again)


def test_an_outer_transaction_rolled_back_after_the_store(letters, forum):
    store(letters, XINYUAN[:2])
    with pytest.raises(RuntimeError), transaction.atomic():
        store(forum, LANTING + HEXI)
        raise RuntimeError("the refresh failed after storing")
    # The near-duplicate index (huiying.items.ingest) does not notice this rollback by
    # itself; it is not what this test is about.
    default_context.cache_clear()
    again = store(forum, LANTING + HEXI)
    assert default_grouping().rebuilds == 2
    assert_whole(again)


def assert_whole(again: list[Item]) -> None:
    assert without_event() == []
    assert len({event_of(i) for i in again if i.guid.startswith("lt-")}) == 1
    assert len({event_of(i) for i in again}) == 2
    assert sorted(Event.objects.values_list("item_count", flat=True)) == [2, 2, 3]
    assert EventMembership.objects.count() == Item.objects.count() == 7


def test_a_failure_in_grouping_fails_the_store_and_the_next_store_is_whole(
    letters, forum, monkeypatch
):
    store(letters, XINYUAN[:2])
    context = default_grouping()
    calls = {"n": 0}
    real_extract = context.terms.extract

    def failing_once(title, text):
        calls["n"] += 1
        if calls["n"] == 2:
            raise MemoryError("out of memory while grouping")
        return real_extract(title, text)

    monkeypatch.setattr(context.terms, "extract", failing_once)
    with pytest.raises(MemoryError):
        store(forum, LANTING)
    assert not Item.objects.filter(guid__startswith="lt-").exists()  # nothing half-stored
    assert context.clusterer is None  # the state is dropped, not trusted

    store(forum, LANTING + XINYUAN[2:])
    assert without_event() == []
    assert {event_of(Item.objects.get(guid=g)) for g in ("xy-1", "xy-3", "xy-4")} == {
        event_of(Item.objects.get(guid="xy-2"))
    }


def test_items_stored_before_events_existed_get_sentiment_and_events(letters, forum):
    store(letters, XINYUAN)
    # As after upgrading a database whose items were stored before this app existed.
    EventMembership.objects.all().delete()
    Item.objects.update(sentiment_label="neu", sentiment_score=0.0)
    default_grouping.cache_clear()

    store(forum, XINYUAN_LATER)
    assert without_event() == []
    assert set(Item.objects.values_list("sentiment_label", flat=True)) == {"neg"}
    (event,) = {event_of(item) for item in Item.objects.all()}
    assert Event.objects.get(pk=event).item_count == 6


def test_items_older_than_the_replay_window_are_not_replayed(letters, forum, settings):
    store(letters, XINYUAN, now=at(11, 18))
    default_grouping.cache_clear()
    settings.HUIYING_EVENTS_REPLAY_DAYS = 3
    later = store(forum, XINYUAN_LATER, now=at(20, 18))
    context = default_grouping()
    assert context.clusterer is not None and len(context.clusterer) == len(XINYUAN_LATER)
    # The old event's items were not replayed, so the new reports open a new event;
    # the stored one is untouched.
    old = event_of(Item.objects.get(guid="xy-1"))
    assert {event_of(i) for i in later} != {old}
    assert Event.objects.get(pk=old).item_count == len(XINYUAN)
