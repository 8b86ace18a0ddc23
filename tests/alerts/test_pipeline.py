"""Items stored through the real write path (store_entries: sentiment, events, watch
rules), then tiered: harm words in the items count, watchers of a matching rule are told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huiying.alerts.models import Alert, EventTier
from huiying.alerts.services import evaluate_events, event_figures
from huiying.core.entries import RawEntry
from huiying.events.grouping import default_grouping
from huiying.events.models import Event
from huiying.items.ingest import store_entries
from huiying.org.services import create_staff_user
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source
from huiying.watch.live import rule_cache
from huiying.watch.services import create_rule
from tests.alerts.conftest import DAYTIME

pytestmark = pytest.mark.django_db

POSTS = [
    ("城西隧道施工现场塌方", "城西隧道施工现场今晨发生塌方，两名工人受伤送医。"),
    ("城西隧道塌方　兩名工人受傷", "城西隧道工地塌方，現場兩名工人受傷，已送醫院救治。"),
    ("城西隧道塌方后续", "城西隧道塌方事故中受伤工人伤情稳定，无人死亡。"),
    ("城西隧道施工塌方 工人受伤", "网友反映城西隧道施工塌方，有工人受伤，质疑施工安全。"),
]


@pytest.fixture(autouse=True)
def _fresh_grouping():
    default_grouping.cache_clear()
    rule_cache.cache_clear()
    yield
    default_grouping.cache_clear()
    rule_cache.cache_clear()


def test_harm_words_in_items_raise_the_tier_and_rule_watchers_are_told(office, monitor_user):
    watcher = create_staff_user(
        username="zhiban", password="pw-zhiban-123", role="editor", units=[office]
    )
    create_rule(unit=office, name="城西隧道工程", query="隧道 & 施工", notify=[watcher])
    forum = create_source(name="青川论坛", kind=SourceKind.POSTS_IMPORT, url="", unit=office)
    entries = [
        RawEntry(
            url=f"https://bbs.example.cn/{n}.html",
            title=title,
            text=text,
            html="",
            published_at=DAYTIME - timedelta(minutes=10 * (4 - n)),
            author="",
            guid=f"p{n}",
        )
        for n, (title, text) in enumerate(POSTS)
    ]
    store_entries(forum, entries, now=DAYTIME)
    event = Event.objects.order_by("-item_count").first()
    assert event is not None and event.item_count >= 3

    figures, _newest = event_figures(event)
    assert "受伤" in figures.harm_words  # Traditional 受傷 folds to it
    assert "死亡" not in figures.harm_words  # 无人死亡 is negated

    # Storing already evaluated the event (huiying.analysis): evaluating again pages nobody.
    assert evaluate_events([event], DAYTIME) == []
    [alert] = Alert.objects.filter(event=event)
    assert alert.tier == 2 and "伤害词" in alert.reason
    assert EventTier.objects.get(event=event).reasons == [alert.reason]
    [note] = alert.deliveries.all()
    assert note.recipient == watcher and note.status == "sent"
    assert EventTier.objects.get(event=event).harm_words == ["受伤"]

    # A later item of the same event is scanned on the next evaluation, alone.
    later = RawEntry(
        url="https://bbs.example.cn/9.html",
        title="城西隧道施工塌方 一名受伤工人死亡",
        text="城西隧道施工塌方事故中一名受伤工人经抢救无效死亡，网友质疑施工安全。",
        html="",
        published_at=DAYTIME + timedelta(minutes=20),
        author="",
        guid="p9",
    )
    store_entries(forum, [later], now=DAYTIME + timedelta(minutes=30))
    assert Event.objects.get(pk=event.pk).item_count == event.item_count + 1
    evaluate_events([Event.objects.get(pk=event.pk)], DAYTIME + timedelta(minutes=30))
    state = EventTier.objects.get(event=event)
    assert state.harm_words == ["受伤", "死亡"]
    assert (
        state.scanned_item_id
        == Event.objects.get(pk=event.pk).memberships.latest("item_id").item_id
    )
