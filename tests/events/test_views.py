"""Event pages through Django's test client on the real database: what they show is
what the database holds, over the items the user's units may see."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huiying.events.models import Event, EventCorrection
from huiying.items.models import Item
from huiying.org.services import create_staff_user
from huiying.watch.services import create_rule
from tests.events.conftest import event_of, store
from tests.events.corpus import (
    CANTEEN,
    HEXI,
    LANTING,
    XINYUAN,
    XINYUAN_COPY,
    XINYUAN_LATER,
    XINYUAN_RESOLVED,
)

pytestmark = pytest.mark.django_db
ALL = {"period": "all"}


def chart_data(page: str) -> dict:
    found = re.search(r'<script id="event-chart-data" type="application/json">(.*?)</script>', page)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def hour_counts_from_db(event_id: int) -> dict[str, Counter]:
    """Items per clock hour by sentiment, counted straight from the items."""
    counts: dict[str, Counter] = {"pos": Counter(), "neu": Counter(), "neg": Counter()}
    for item in Item.objects.filter(event_membership__event_id=event_id):
        when = min(item.published_at or item.fetched_at, item.fetched_at)
        hour = when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        counts[item.sentiment_label][hour] += 1
    return counts


@pytest.fixture
def stored(letters, forum):
    store(letters, XINYUAN + LANTING + HEXI + CANTEEN + XINYUAN_COPY)
    store(forum, XINYUAN_LATER + XINYUAN_RESOLVED)
    return event_of(Item.objects.get(guid="xy-1"))


def test_the_event_page_chart_and_items_match_the_database(client, monitor_user, stored):
    client.force_login(monitor_user)
    response = client.get(reverse("events:detail", args=[stored]))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    chart = chart_data(page)
    expected = hour_counts_from_db(stored)
    shown = {label: Counter() for label in ("pos", "neu", "neg")}
    for n, iso in enumerate(chart["hours"]):
        hour = datetime.fromisoformat(iso).astimezone(UTC)
        for label in shown:
            if chart["series"][label][n]:
                shown[label][hour] = chart["series"][label][n]
    assert shown == expected
    assert sum(sum(c.values()) for c in expected.values()) == 9
    assert sum(expected["pos"].values()) >= 1  # the thank-you post
    # Hours run without gaps from the first item's hour to the last one's.
    hours = [datetime.fromisoformat(h) for h in chart["hours"]]
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(hours))

    # Items: the republication is folded into its original's family ("相似 1").
    original = Item.objects.get(guid="xy-1")
    heads = re.findall(r'<li class="item family" data-item="(\d+)" data-similar="(\d+)">', page)
    assert dict((int(a), int(b)) for a, b in heads)[original.pk] == 1
    assert len(heads) == 8  # nine items, two of them one family
    assert f'data-item="{Item.objects.get(guid="copy-xy-1").pk}"' in page
    assert "相似 1" in page


def test_the_heat_shown_is_the_formulas(client, monitor_user, stored):
    client.force_login(monitor_user)
    page = client.get(reverse("events:detail", args=[stored])).content.decode()
    shown = re.search(r'<dd class="heat"><strong>([\d.]+)</strong>', page).group(1)
    formula = re.findall(r"= ([\d.]+)</p>", page)[-1]
    assert shown == formula
    assert "每过 24 小时热度减半" in page


def test_the_list_sorts_by_heat_growth_and_negative_share(client, monitor_user, stored):
    client.force_login(monitor_user)
    page = client.get(reverse("events:list"), ALL).content.decode()
    rows = re.findall(r'<tr id="event-(\d+)">', page)
    assert len(rows) == 4 and int(rows[0]) == stored  # the largest, most recent matter
    heats = [float(h) for h in re.findall(r'class="num heat">([\d.]+)<', page)]
    assert heats == sorted(heats, reverse=True)

    page = client.get(reverse("events:list"), {**ALL, "sort": "negative"}).content.decode()
    shares = [int(s) for s in re.findall(r'class="num negative">(\d+)%<', page)]
    assert shares == sorted(shares, reverse=True) and shares[-1] < 100
    assert int(re.findall(r'<tr id="event-(\d+)">', page)[-1]) == stored

    response = client.get(reverse("events:list"), {**ALL, "sort": "growth"})
    assert response.status_code == 200


def test_the_list_filters_by_watch_rule_and_time(client, monitor_user, office, stored):
    rule = create_rule(unit=office, name="路面积水", query="积水 | 内涝")
    from huiying.watch.services import reapply_rule

    reapply_rule(rule)
    hexi = event_of(Item.objects.get(guid="hx-1"))
    client.force_login(monitor_user)
    page = client.get(reverse("events:list"), {**ALL, "rule": rule.pk}).content.decode()
    assert re.findall(r'<tr id="event-(\d+)">', page) == [str(hexi)]

    # Nothing in the last 24 hours (the corpus is of 10–13 November 2026) …
    page = client.get(reverse("events:list"), {"period": "24h"}).content.decode()
    now = timezone.now()
    recent = Event.objects.filter(last_seen__gte=now - timedelta(hours=24)).count()
    assert len(re.findall(r'<tr id="event-', page)) == recent


def test_the_default_period_is_the_last_seven_days(client, monitor_user, letters):
    now = timezone.now()
    rows = [
        (guid, title, text, now - timedelta(days=days))
        for days, (guid, title, text, _when) in zip(
            (1, 1, 10, 10), XINYUAN[:2] + HEXI[:2], strict=True
        )
    ]
    store(letters, rows, now=now)
    client.force_login(monitor_user)
    page = client.get(reverse("events:list")).content.decode()
    assert re.findall(r'<tr id="event-(\d+)">', page) == [
        str(event_of(Item.objects.get(guid="xy-1")))
    ]


def test_other_units_see_only_events_with_their_items(client, other_unit, zjj_source, stored):
    outsider = create_staff_user(
        username="zjj", password="pw-zjj-12345", role="monitor", units=[other_unit]
    )
    client.force_login(outsider)
    page = client.get(reverse("events:list"), ALL).content.decode()
    assert "馨园" not in page and 'id="event-' not in page
    assert client.get(reverse("events:detail", args=[stored])).status_code == 404

    # The other unit's own report of the same matter joins the event; they then see it,
    # counted over their items only, titled by their item.
    store(
        zjj_source,
        [
            (
                "zjj-1",
                "关于馨园小区3栋加装电梯停工的情况说明",
                "馨园小区3栋加装电梯项目因补贴资金拨付延迟停工，区住建局已督促施工单位尽快复工，"
                "资金将于本月拨付到位。",
                XINYUAN_LATER[0][3],
            )
        ],
    )
    zjj_item = Item.objects.get(guid="zjj-1")
    assert event_of(zjj_item) == stored
    response = client.get(reverse("events:detail", args=[stored]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="items-total">1</dd>' in page
    assert re.findall(r'data-item="(\d+)"', page) == [str(zjj_item.pk)]
    assert sum(sum(v) for v in chart_data(page)["series"].values()) == 1


def test_corrections_need_the_permission(client, office, stored, admin_user):
    editor = create_staff_user(
        username="bianji", password="pw-bianji-123", role="editor", units=[office]
    )
    lanting = event_of(Item.objects.get(guid="lt-1"))
    client.force_login(editor)
    page = client.get(reverse("events:detail", args=[stored])).content.decode()
    assert "并入本事件" not in page and 'name="items"' not in page
    response = client.post(reverse("events:merge", args=[stored]), {"other": lanting})
    assert response.status_code == 403
    assert not EventCorrection.objects.exists()


def test_split_and_move_through_the_page(client, monitor_user, stored):
    client.force_login(monitor_user)
    chosen = [Item.objects.get(guid=g).pk for g in ("xy-7", "xy-8")]
    response = client.post(reverse("events:split", args=[stored]), {"items": chosen})
    new = Event.objects.exclude(pk__in=[stored]).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"].endswith(f"/events/{new.pk}/")
    assert {event_of(Item(pk=pk)) for pk in chosen} == {new.pk}

    response = client.post(
        reverse("events:move", args=[new.pk]), {"items": chosen[:1], "to": stored}
    )
    assert response.status_code == 302
    assert event_of(Item(pk=chosen[0])) == stored
    assert EventCorrection.objects.filter(kind="move").count() == 1

    lanting = event_of(Item.objects.get(guid="lt-1"))
    client.post(reverse("events:merge", args=[stored]), {"other": lanting})
    assert Event.objects.get(pk=lanting).merged_into_id == stored
    response = client.get(reverse("events:detail", args=[lanting]))
    assert response.status_code == 302 and response["Location"].endswith(f"/events/{stored}/")


def test_pages_require_login(client, office):
    response = client.get(reverse("events:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_list_filters_by_tier(client, monitor_user, admin_user, stored):
    from huiying.alerts.services import set_tier

    hexi = Event.objects.get(pk=event_of(Item.objects.get(guid="hx-1")))
    set_tier(hexi, 3, "道路积水致车辆被困，按重大处置", admin_user, now=timezone.now())
    client.force_login(monitor_user)
    page = client.get(reverse("events:list"), {**ALL, "tier": 3}).content.decode()
    assert re.findall(r'<tr id="event-(\d+)">', page) == [str(hexi.pk)]
    # Events never tiered count as 一般 (general).
    general = client.get(reverse("events:list"), {**ALL, "tier": 1}).content.decode()
    shown = set(re.findall(r'<tr id="event-(\d+)">', general))
    assert str(hexi.pk) not in shown and str(stored) in shown


def test_a_case_is_opened_from_the_event_page_at_its_tier(client, monitor_user, admin_user, stored):
    from huiying.alerts.services import set_tier

    event = Event.objects.get(pk=stored)
    set_tier(event, 2, "群众反映集中，按较大处置", admin_user, now=timezone.now())
    client.force_login(monitor_user)
    page = client.get(reverse("events:detail", args=[stored])).content.decode()
    link = re.search(r'href="(/cases/open/\?event=[^"]+)"', page)
    assert link, "no 开立处置 link on the event page"
    form = client.get(link.group(1).replace("&amp;", "&")).context["form"]
    assert form.initial["origin"] == "event"
    assert form.initial["tier"] == 2
    assert form.initial["event"] == stored
    assert form.initial["title"] == event.title
