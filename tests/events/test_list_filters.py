"""The event list follows a report figure's link: first_seen within local days (both
included), a unit (events with an item of its sources), and the tier an event had at
the end of the `as_of` day rather than today's."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from huiying.alerts.models import EventTier, TierChange
from huiying.events.models import Event, EventMembership
from huiying.items.models import Item
from huiying.org.services import create_staff_user, create_unit
from huiying.sources.models import Source

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(2026, 6, d, h, mi, tzinfo=SH)


@pytest.fixture
def setup(client):
    office = create_unit(code="office", name="市委网信办", is_office=True)
    zjj = create_unit(code="zjj", name="市住建局", parent=office)
    sources = {
        u.code: Source.objects.create(name=f"{u.name}网站", kind="rss", unit=u)
        for u in (office, zjj)
    }
    # (unit of its item, first seen, tier changes (at, tier))
    plan = [
        ("zjj", at(14, 23, 59), []),  # the evening before
        ("zjj", at(15, 0, 0), [(at(15, 9), 2), (at(17, 9), 3)]),  # rose after the 15th
        ("office", at(15, 23, 59), [(at(15, 23, 59), 2)]),
        ("zjj", at(16, 0, 0), []),  # the next day
    ]
    for i, (code, first, changes) in enumerate(plan):
        item = Item.objects.create(
            source=sources[code],
            guid=f"g{i}",
            title=f"城区道路积水第{i}起",
            text="暴雨后城区多处道路积水。",
            fetched_at=first,
            content_hash=f"h{i}",
        )
        event = Event.objects.create(
            key=f"k{i}",
            title=f"城区道路积水第{i}起",
            first_seen=first,
            last_seen=first + timedelta(hours=2),
            item_count=1,
            updated_at=first,
        )
        EventMembership.objects.create(item=item, event=event, item_at=first)
        previous = None
        for when, tier in changes:
            TierChange.objects.create(event=event, from_tier=previous, to_tier=tier, at=when)
            previous = tier
        if previous:
            EventTier.objects.create(event=event, tier=previous, decided_at=changes[-1][0])
    user = create_staff_user(
        username="bianji", password="pw-bianji-2026", role="admin", units=[office]
    )
    client.force_login(user)
    return client


def listed(client, query: str) -> tuple[int, str]:
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html.count('<tr id="event-'), html


DAY = "first_seen_from=2026-06-15&first_seen_to=2026-06-15"


def test_first_seen_days_include_both_ends_and_no_recency_default(setup):
    # These events are months old; the list's usual 近 7 天 must not hide them.
    n, html = listed(setup, DAY)
    assert n == 2
    assert "符合条件的记录共 2 条" in html
    assert "首次出现：2026-06-15 至 2026-06-15" in html


def test_a_unit_counts_events_with_an_item_of_its_sources(setup):
    assert listed(setup, DAY + "&unit=zjj")[0] == 1
    assert listed(setup, DAY + "&unit=office")[0] == 1


def test_tier_as_of_a_day_is_the_tier_then(setup):
    assert listed(setup, DAY + "&tier=2&as_of=2026-06-15")[0] == 2
    assert listed(setup, DAY + "&tier=3&as_of=2026-06-15")[0] == 0
    assert listed(setup, DAY + "&tier=3")[0] == 1  # today's tier: it rose on the 17th
    n, html = listed(setup, DAY + "&tier=1&as_of=2026-06-14")
    assert n == 2 and "状态截至：2026-06-14" in html  # before any change: 一般


def test_bad_values_are_ignored_and_said_so(setup):
    n, html = listed(setup, "first_seen_from=15/06/2026&tier=9&period=all")
    assert "不是有效日期" in html and "级别“9”无效" in html
    assert n == 4
