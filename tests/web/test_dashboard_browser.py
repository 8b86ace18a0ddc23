"""The dashboard in real headless Chromium against the live server: the charts draw
under the page's strict Content-Security-Policy, and clicking today's bar of the trend
opens the list of exactly the items it counts."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from huiying.core.entries import RawEntry
from huiying.items.ingest import store_entries
from huiying.org.services import create_staff_user, create_unit
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source
from tests.browser.test_sources_flow import chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() and not os.environ.get("HUIYING_REQUIRE_BROWSER"),
        reason="apt-get install chromium",
    ),
]

TITLES = ["东门街道老旧小区加装电梯复工", "江滨路下穿通道积水已排除", "桂花苑外墙脱落隐患已整改"]


def test_trend_bar_leads_to_todays_items(live_server, transactional_db, settings):
    settings.HUIYING_DASHBOARD_CACHE_SECONDS = 0
    unit = create_unit(code="wxb", name="市委网信办", is_office=True)
    create_staff_user(username="jiance", password="pw-jiance-2024", role="monitor", units=[unit])
    source = create_source(
        name="青川日报", kind=SourceKind.FEED, url="http://127.0.0.1:9/a.xml", unit=unit
    )
    now = timezone.now()
    rows = [
        RawEntry(url=f"https://a.example.cn/{n}.html", title=title, text=f"{title}。详情见通报第{n}号。",
                 html="", published_at=None, author="", guid=f"t{n}")
        for n, title in enumerate(TITLES)
    ]  # fmt: skip
    store_entries(source, rows, now=now - timedelta(minutes=1))
    errors: list[str] = []

    with chromium_page() as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "jiance")
        page.fill("input[name=password]", "pw-jiance-2024")
        page.click("section.login button[type=submit]")
        page.wait_for_selector("#dash-trend .dash-chart-ready canvas")
        assert page.inner_text("#stat-items-today .stat-n") == "3"
        # Today's bar is the last; click the middle of it.
        x, y = page.evaluate(
            """() => {
              const box = document.querySelector('#dash-trend .dash-chart');
              const chart = window.echarts.getInstanceByDom(box);
              const labels = chart.getOption().xAxis[0].data;
              const [px, py] = chart.convertToPixel({seriesIndex: 0}, [labels.length - 1, 1.5]);
              const r = box.getBoundingClientRect();
              return [r.left + px, r.top + py];
            }"""
        )
        with page.expect_navigation():
            page.mouse.click(x, y)
        assert "day=" in page.url
        listed = page.locator("ol.items li.item .item-title a:first-child").all_inner_texts()

    assert sorted(listed) == sorted(TITLES)
    assert not [e for e in errors if "Content Security Policy" in e or "echarts" in e], errors
