"""Items stored through the real write path get sentiment and an event, in the same
transaction; grouping follows the matter, and event identity is stable."""

from __future__ import annotations

from collections import Counter

import pytest

from huiying.events.models import Event, EventMembership
from huiying.items.models import Item
from tests.events.conftest import event_of, store
from tests.events.corpus import (
    CANTEEN,
    HEXI,
    LANTING,
    XINYUAN,
    XINYUAN_COPY,
    XINYUAN_LATER,
    XINYUAN_RESOLVED,
    at,
)

pytestmark = pytest.mark.django_db


def test_stored_items_get_sentiment_and_an_event(letters):
    items = store(letters, XINYUAN + XINYUAN_RESOLVED)
    for item in items:
        item.refresh_from_db()
        assert item.event_membership.event_id is not None
        assert -1.0 <= item.sentiment_score <= 1.0
    labels = {item.guid: item.sentiment_label for item in items}
    assert labels["xy-1"] == "neg"  # a complaint
    assert labels["xy-4"] == "neg"  # the same complaint, in Traditional script
    assert labels["xy-8"] == "pos"  # thanks once the works resumed
    assert (
        Item.objects.get(guid="xy-8").sentiment_score
        > 0
        > Item.objects.get(guid="xy-1").sentiment_score
    )


def test_same_matter_worded_differently_is_one_event_and_other_places_are_not(letters, forum):
    xinyuan = store(letters, XINYUAN)
    others = store(forum, LANTING + HEXI + CANTEEN)
    assert len({event_of(item) for item in xinyuan}) == 1
    by_matter = {
        "lanting": {event_of(i) for i in others if i.guid.startswith("lt-")},
        "hexi": {event_of(i) for i in others if i.guid.startswith("hx-")},
        "canteen": {event_of(i) for i in others if i.guid.startswith("ct-")},
    }
    assert all(len(ids) == 1 for ids in by_matter.values())
    # The same problem (a lift stopped half-built) at another compound is another event.
    events = {event_of(xinyuan[0])} | set().union(*by_matter.values())
    assert len(events) == 4
    assert Event.objects.count() == 4


def test_event_ids_are_stable_as_items_arrive(letters, forum):
    first = store(letters, XINYUAN + LANTING)
    before = {item.pk: event_of(item) for item in first}
    xinyuan_event = event_of(first[0])
    store(forum, HEXI, now=at(12, 19))
    later = store(forum, XINYUAN_LATER + XINYUAN_RESOLVED, now=at(13, 12))
    # Nothing already placed moved, no event dissolved, and the new reports joined.
    assert {pk: event_of(Item(pk=pk)) for pk in before} == before
    assert {event_of(item) for item in later} == {xinyuan_event}
    event = Event.objects.get(pk=xinyuan_event)
    assert event.item_count == len(XINYUAN + XINYUAN_LATER + XINYUAN_RESOLVED)
    assert Event.objects.filter(pk__in=set(before.values())).count() == 2


def test_a_republication_joins_its_familys_event(letters, forum):
    original = store(letters, XINYUAN)[0]
    copy = store(forum, XINYUAN_COPY)[0]
    copy.refresh_from_db()
    assert copy.dup_of_id == original.pk
    assert event_of(copy) == event_of(original)


def test_stored_figures_count_the_events_items(letters, forum):
    store(letters, XINYUAN)
    store(forum, XINYUAN_LATER + XINYUAN_RESOLVED, now=at(13, 11, 30))
    event = Event.objects.get(pk=event_of(Item.objects.get(guid="xy-1")))
    members = Item.objects.filter(event_membership__event=event)
    moods = Counter(members.values_list("sentiment_label", flat=True))
    assert event.item_count == members.count() == 8
    assert event.negative_count == moods["neg"]
    assert event.source_count == 2
    assert event.first_seen == min(i.published_at for i in members)
    assert event.last_seen == max(i.published_at for i in members)
    assert event.title_item_id in set(members.values_list("id", flat=True))
    assert "电梯" in event.keywords
    assert 0 < event.heat < 100
    # Items per hour now: the current clock hour and the two before (9:00–11:59 on the
    # 13th) hold two items (09:30, 10:15); the three hours before hold none.
    assert event.per_hour_now == pytest.approx(2 / 3)
    assert event.trend == pytest.approx(2 / 3)


def test_membership_time_is_the_items_own_time(letters):
    items = store(letters, XINYUAN)
    for item in items:
        member = EventMembership.objects.get(item=item)
        assert member.item_at == item.published_at
        assert not member.pinned
