"""A monitor adds a feed, refreshes it, reads its items and sees a broken source's
error, in real headless Chromium against the live server, with feeds from the demo
feed server on loopback.

The sources page is saved as a screenshot in the test's tmp_path; set
HUIYING_SCREENSHOT=/some/file.png to keep a copy elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from huiying.demo.feedserver import DemoFeedServer
from huiying.items.models import Item
from huiying.org.services import create_staff_user, create_unit
from huiying.sources.models import Source

pytestmark = [
    pytest.mark.browser,
    # scripts/test.sh installs chromium and sets HUIYING_REQUIRE_BROWSER, so CI never skips.
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() and not os.environ.get("HUIYING_REQUIRE_BROWSER"),
        reason="apt-get install chromium",
    ),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_page() -> Iterator[Page]:
    """A fresh headless Chromium page. The sync API runs an event loop of its own for
    as long as it is open, so the ORM must not be used inside this block."""
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()  # and it must not start inside another loop
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def feeds():
    fixed_now = datetime.now(UTC)
    with DemoFeedServer(seed=7, clock=lambda: fixed_now) as server:
        yield server


def test_add_refresh_read_and_see_a_failing_source(
    live_server, transactional_db, settings, feeds, tmp_path
):
    settings.HUIYING_FETCH = {**settings.HUIYING_FETCH, "allow_networks": ["127.0.0.0/8"]}
    unit = create_unit(code="wxb", name="市委网信办", is_office=True)
    create_staff_user(
        username="jiance",
        password="pw-jiance-2024",
        role="monitor",
        units=[unit],
        display_name="值班监测员",
    )
    shot = tmp_path / "sources.png"

    with chromium_page() as page:
        seen = _walk_through(page, live_server.url, feeds, shot)

    if target := os.environ.get("HUIYING_SCREENSHOT"):
        shutil.copyfile(shot, target)
    # What the pages showed is what the database holds.
    source = Source.objects.get(name="青川日报·要闻")
    stored = Item.objects.filter(source=source)
    assert stored.count() > 0
    assert seen["shown_24h"] == stored.count()
    assert seen["items_listed"] == min(stored.count(), 50)
    assert stored.order_by("-id").first().title in seen["items_text"]
    failing = Source.objects.get(name="失效的源")
    assert failing.consecutive_failures == 1
    assert seen["error_sentence"] == failing.last_error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in failing.last_error)  # a Chinese sentence


def _walk_through(page: Page, base: str, feeds: DemoFeedServer, shot: Path) -> dict[str, object]:
    seen: dict[str, object] = {}
    # Log in.
    page.goto(f"{base}/sources/")
    assert "/login/" in page.url
    page.fill("#id_username", "jiance")
    page.fill("#id_password", "pw-jiance-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/sources/")
    assert "值班监测员" in page.inner_text(".topbar")

    # Add the daily feed and refresh it now (over HTMX: the row is swapped in place).
    _add_source(page, "青川日报·要闻", feeds.url("/feeds/qingchuan-daily.xml"))
    daily = page.locator("tr", has_text="青川日报·要闻")
    daily.get_by_role("button", name="立即刷新").click()
    message = page.locator("tr", has_text="青川日报·要闻").locator(".row-msg")
    message.wait_for()
    assert "新增" in message.inner_text()
    assert page.url.split("#")[0] == f"{base}/sources/"  # no page load: HTMX swapped the row

    # Its items are on the items page.
    page.get_by_role("link", name="信息", exact=True).click()
    page.wait_for_url(f"{base}/items/")
    seen["items_text"] = page.inner_text("main")
    seen["items_listed"] = page.locator("li.item").count()

    # Its health is on the sources page: last success just now, items in 24 hours.
    page.get_by_role("link", name="信息源", exact=True).click()
    page.wait_for_url(f"{base}/sources/")
    daily = page.locator("tr", has_text="青川日报·要闻")
    last_success = daily.locator(".last-success").inner_text()
    assert last_success == "刚刚" or last_success.endswith("秒前"), last_success
    seen["shown_24h"] = int(daily.locator(".items-24h").inner_text())
    assert "row-bad" not in (daily.get_attribute("class") or "")

    # A second source whose address answers 404: its row turns red with the Chinese error.
    _add_source(page, "失效的源", feeds.url("/feeds/no-such-feed.xml"))
    page.locator("tr", has_text="失效的源").get_by_role("button", name="立即刷新").click()
    broken = page.locator("tr.row-bad", has_text="失效的源")
    broken.wait_for()
    seen["error_sentence"] = broken.locator(".error-text").inner_text()
    assert "404" in str(seen["error_sentence"])

    page.reload()
    page.screenshot(path=str(shot), full_page=True)
    return seen


def _add_source(page: Page, name: str, url: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="添加", exact=True))
    form.get_by_label("名称").fill(name)
    form.get_by_label("类型").select_option("feed")
    form.get_by_label("地址").fill(url)
    form.get_by_role("button", name="添加", exact=True).click()
    page.locator(".msg-success", has_text=f"已添加信息源“{name}”").wait_for()
