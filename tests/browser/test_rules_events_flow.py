"""A monitor writes a watch rule in the rule editor, sees its live preview, saves it,
applies it to the stored items, and opens the event it points to, in real headless
Chromium against the live server. The event page's chart data and item list must be
what the database holds.

The event page is saved as a screenshot in the test's tmp_path; set
HUIYING_SCREENSHOT=/some/file.png to keep a copy elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from huiying.core.entries import RawEntry
from huiying.events.grouping import default_grouping
from huiying.events.models import Event
from huiying.items.ingest import store_entries
from huiying.items.models import Item
from huiying.org.services import create_staff_user, create_unit
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source
from huiying.watch.live import rule_cache
from huiying.watch.models import WatchRule
from tests.browser.test_sources_flow import chromium_page
from tests.events.corpus import (
    HEXI,
    LANTING,
    XINYUAN,
    XINYUAN_COPY,
    XINYUAN_LATER,
    XINYUAN_RESOLVED,
    at,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() and not os.environ.get("HUIYING_REQUIRE_BROWSER"),
        reason="apt-get install chromium",
    ),
]

QUERY = "馨园 电梯"  # both words; matches the Traditional 馨園…電梯 as well
MATCHING = XINYUAN + XINYUAN_LATER + XINYUAN_RESOLVED + XINYUAN_COPY


@pytest.fixture(autouse=True)
def _fresh_caches():
    default_grouping.cache_clear()
    rule_cache.cache_clear()
    yield
    default_grouping.cache_clear()
    rule_cache.cache_clear()


def _recent(rows, shift: timedelta) -> list[RawEntry]:
    return [
        RawEntry(
            url=f"https://letters.example.cn/{guid}.html",
            title=title,
            text=text,
            html="",
            published_at=when + shift,
            author="",
            guid=guid,
        )
        for guid, title, text, when in rows
    ]


def test_write_a_rule_preview_save_and_open_its_event(live_server, transactional_db, tmp_path):
    unit = create_unit(code="wxb", name="市委网信办", is_office=True)
    create_staff_user(
        username="jiance",
        password="pw-jiance-2024",
        role="monitor",
        units=[unit],
        display_name="值班监测员",
    )
    letters = create_source(name="市长信箱", kind=SourceKind.POSTS_IMPORT, url="", unit=unit)
    now = timezone.now()
    # The corpus, moved so that its last item is an hour old.
    shift = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1) - at(13, 10)
    rows = XINYUAN + LANTING + HEXI + XINYUAN_COPY + XINYUAN_LATER + XINYUAN_RESOLVED
    store_entries(letters, _recent(rows, shift), now=now)
    shot = tmp_path / "event.png"

    with chromium_page() as page:
        seen = _walk_through(page, live_server.url, shot)

    if target := os.environ.get("HUIYING_SCREENSHOT"):
        shutil.copyfile(shot, target)
    # The preview counted what the rule matches.
    assert seen["preview_total"] == len(MATCHING)
    rule = WatchRule.objects.get(name="馨园加装电梯")
    assert rule.query == QUERY and rule.matches.count() == len(MATCHING)
    # The event page showed the stored event: its chart counts per hour and sentiment …
    event = Event.objects.get(pk=seen["event_id"])
    members = Item.objects.filter(event_membership__event=event)
    assert set(members.values_list("guid", flat=True)) == {guid for guid, *_ in MATCHING}
    expected: Counter[tuple[str, str]] = Counter()
    for item in members:
        hour = item.published_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        expected[(hour.isoformat(), item.sentiment_label)] += 1
    chart = seen["chart"]
    shown: Counter[tuple[str, str]] = Counter()
    for n, iso in enumerate(chart["hours"]):
        hour = timezone.datetime.fromisoformat(iso).astimezone(UTC).isoformat()
        for label, counts in chart["series"].items():
            if counts[n]:
                shown[(hour, label)] = counts[n]
    assert shown == expected
    # … and its items, the republication folded under its original.
    original = Item.objects.get(guid="xy-1")
    listed = seen["families"]
    assert sum(1 + n for n in listed.values()) == members.count()
    assert listed[original.pk] == 1
    assert Item.objects.get(guid="copy-xy-1").dup_of_id == original.pk
    assert seen["title"] == event.title


def _walk_through(page: Page, base: str, shot: Path) -> dict[str, object]:
    seen: dict[str, object] = {}
    page.goto(f"{base}/watch/add/")
    assert "/login/" in page.url
    page.fill("#id_username", "jiance")
    page.fill("#id_password", "pw-jiance-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/watch/add/")

    # Write the rule: the preview follows the typing (htmx), first with an error …
    page.fill("#id_name", "馨园加装电梯")
    page.fill("#id_query", "馨园 (电梯")
    page.locator("#rule-preview .rule-error").wait_for()
    assert "右括号" in page.inner_text("#rule-preview")
    # … then, once the query is right, with the count of stored items it matches.
    page.fill("#id_query", QUERY)
    total = page.locator("#rule-preview .preview-total strong")
    total.wait_for()
    seen["preview_total"] = int(total.inner_text())
    assert page.locator("#rule-preview .day-chart canvas").count() >= 1

    # Save it, and apply it to the items already stored.
    page.get_by_role("button", name="保存").click()
    page.locator(".msg-success", has_text="已创建监测专题").wait_for()
    page.locator("form[action$='/reapply/'] select[name=period]").select_option("all")
    page.get_by_role("button", name="重新应用到历史数据").click()
    page.locator(".msg-success", has_text="已重新应用到历史数据").wait_for()

    # The events of this rule, from the navigation bar.
    page.get_by_role("link", name="事件", exact=True).click()
    page.wait_for_url(f"{base}/events/")
    page.locator("#id_rule").select_option(label="馨园加装电梯")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/events/?*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 1
    rows.first.locator(".event-cell a").click()
    page.wait_for_url("**/events/*/")
    seen["event_id"] = int(page.url.rstrip("/").rsplit("/", 1)[1])
    seen["title"] = page.inner_text("h1.event-title")

    # The chart is drawn (ECharts under the strict CSP) from the data next to it.
    page.locator(".hour-chart canvas").first.wait_for()
    seen["chart"] = json.loads(page.locator("#event-chart-data").text_content() or "{}")
    families = page.locator("li.item.family")
    seen["families"] = {
        int(families.nth(n).get_attribute("data-item") or 0): int(
            families.nth(n).get_attribute("data-similar") or 0
        )
        for n in range(families.count())
    }
    page.screenshot(path=str(shot), full_page=True)
    return seen
