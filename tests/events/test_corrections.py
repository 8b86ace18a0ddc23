"""A person's corrections (merge, split, move): stored, audited, and kept by the
grouping of items that arrive afterwards, in this process and in others."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.events.grouping import default_grouping
from huiying.events.models import Event, EventCorrection, EventMembership
from huiying.events.services import merge_events, move_item, split_items
from huiying.items.models import Item
from tests.events.conftest import event_of, store
from tests.events.corpus import LANTING, XINYUAN, XINYUAN_LATER, at

pytestmark = pytest.mark.django_db

LANTING_LATER = [
    (
        "lt-3",
        "兰亭苑7栋加装电梯停工三个月了",
        "兰亭苑小区7栋加装电梯停工已经三个月，井道钢架生锈，施工方还是说资金没到位，请督促复工。",
        at(12, 16, 0),
    )
]


def copy_of(guid: str, new_guid: str, when=None):
    """Another site's republication of a stored item (a lead-in line added)."""
    item = Item.objects.get(guid=guid)
    return [(new_guid, item.title, "【转载】" + item.text, when or at(12, 17))]


def item(guid: str) -> Item:
    return Item.objects.get(guid=guid)


def test_a_moved_item_stays_where_it_was_put(letters, forum, admin_user):
    store(letters, XINYUAN + LANTING)
    xinyuan, lanting = event_of(item("xy-1")), event_of(item("lt-1"))
    move_item(item("xy-4"), Event.objects.get(pk=lanting), actor=admin_user)
    assert event_of(item("xy-4")) == lanting
    assert EventMembership.objects.get(item=item("xy-4")).pinned

    # More reports of the same matter arrive, and a copy of the moved item.
    later = store(forum, XINYUAN_LATER + copy_of("xy-4", "copy-xy-4"))
    assert event_of(item("xy-4")) == lanting  # nothing automatic moved it back
    assert {event_of(i) for i in later if i.guid.startswith("xy-")} == {xinyuan}
    assert event_of(item("copy-xy-4")) == lanting  # a copy follows where the person put it
    assert Event.objects.get(pk=xinyuan).item_count == 3 + 2
    assert Event.objects.get(pk=lanting).item_count == 2 + 2

    correction = EventCorrection.objects.get()
    assert correction.kind == "move"
    assert correction.data == {"kind": "move", "item": str(item("xy-4").pk), "to": str(lanting)}
    assert correction.actor == admin_user
    assert AuditEntry.objects.filter(action="event.move", object_id=str(lanting)).exists()


def test_merge_joins_two_events_for_good(letters, forum, admin_user):
    store(letters, XINYUAN + LANTING)
    xinyuan, lanting = event_of(item("xy-1")), event_of(item("lt-1"))
    merged = merge_events(
        Event.objects.get(pk=xinyuan), Event.objects.get(pk=lanting), actor=admin_user
    )
    assert merged.pk == xinyuan
    assert merged.item_count == len(XINYUAN + LANTING)
    gone = Event.objects.get(pk=lanting)
    assert gone.merged_into_id == xinyuan and gone.item_count == 0
    assert {event_of(i) for i in Item.objects.all()} == {xinyuan}

    store(forum, LANTING_LATER)  # what used to be the other event's matter
    assert event_of(item("lt-3")) == xinyuan
    assert AuditEntry.objects.filter(action="event.merge").count() == 1
    with pytest.raises(ValidationError):
        merge_events(merged, merged, actor=admin_user)


def test_split_items_form_a_new_event_that_keeps_them(letters, forum, admin_user):
    store(letters, XINYUAN)
    origin = event_of(item("xy-1"))
    new = split_items([item("xy-3"), item("xy-4")], actor=admin_user)
    assert new.pk != origin
    assert new.item_count == 2
    assert Event.objects.get(pk=origin).item_count == 2
    assert {event_of(item("xy-3")), event_of(item("xy-4"))} == {new.pk}
    assert new.title_item_id in {item("xy-3").pk, item("xy-4").pk}

    store(forum, copy_of("xy-3", "copy-xy-3"))
    assert event_of(item("copy-xy-3")) == new.pk  # copies follow the split-off item
    with pytest.raises(ValidationError):  # splitting every item off is no split
        split_items(list(Item.objects.filter(event_membership__event=new)), actor=admin_user)


def test_a_rebuilt_process_keeps_assigning_to_the_same_events(letters, forum, admin_user):
    store(letters, XINYUAN + LANTING)
    xinyuan, lanting = event_of(item("xy-1")), event_of(item("lt-1"))
    move_item(item("xy-4"), Event.objects.get(pk=lanting), actor=admin_user)
    events_before = set(Event.objects.values_list("pk", "key"))

    default_grouping.cache_clear()  # a new process: its clusterer is rebuilt from the database
    later = store(forum, XINYUAN_LATER + LANTING_LATER + copy_of("xy-4", "copy-xy-4"))
    assert default_grouping().rebuilds == 1
    assert set(Event.objects.values_list("pk", "key")) == events_before  # no new events
    assert {event_of(i) for i in later if i.guid.startswith("xy-")} == {xinyuan}
    assert event_of(item("lt-3")) == lanting
    assert event_of(item("copy-xy-4")) == lanting
    assert event_of(item("xy-4")) == lanting


def test_processes_see_each_others_items_and_corrections(letters, forum, admin_user, processes):
    one = processes.use("one")
    store(letters, XINYUAN[:2] + LANTING)
    xinyuan, lanting = event_of(item("xy-1")), event_of(item("lt-1"))

    processes.use("two")  # another worker stores more and a person corrects there
    store(forum, XINYUAN[2:])
    move_item(item("xy-2"), Event.objects.get(pk=lanting), actor=admin_user)

    processes.use("one")  # the first worker catches up before placing its next items
    store(letters, XINYUAN_LATER + copy_of("xy-2", "copy-xy-2"))
    assert one.rebuilds == 1  # caught up, not rebuilt
    assert {event_of(item(g)) for g in ("xy-3", "xy-4", "xy-5", "xy-6")} == {xinyuan}
    assert event_of(item("copy-xy-2")) == lanting
    assert one.clusterer is not None
    assert one.db_of[one.clusterer.event_of(str(item("xy-2").pk))] == lanting
    assert one.db_of[one.clusterer.event_of(str(item("xy-4").pk))] == xinyuan


def test_a_process_warmed_at_start_only_catches_up_when_it_stores(letters, forum, admin_user):
    from huiying.events.grouping import warm

    store(letters, XINYUAN + LANTING)
    lanting = event_of(item("lt-1"))
    default_grouping.cache_clear()
    warm(at(12, 18))  # a new worker, before its first write
    context = default_grouping()
    assert context.rebuilds == 1 and len(context.clusterer or []) == len(XINYUAN + LANTING)

    move_item(item("xy-4"), Event.objects.get(pk=lanting), actor=admin_user)
    store(forum, LANTING_LATER + copy_of("xy-4", "copy-xy-4"))
    assert context.rebuilds == 1
    assert event_of(item("lt-3")) == lanting == event_of(item("copy-xy-4"))
