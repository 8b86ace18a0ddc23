"""DONE-WHEN of the reports issue, in real headless Chromium: from the dashboard follow
a figure to its records, generate the daily brief and a half-year summary, download
both as DOCX and PDF, and check the files' Chinese headings and figures against the
database."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import Page

from huiying.reports.models import Report
from tests.browser.test_sources_flow import chromium_page, pytestmark  # noqa: F401
from tests.reports.expected import expected
from tests.reports.readback import docx_text, pdf_text
from tests.reports.world import at, build

USER, PASSWORD = "bianji", "pw-bianji-2026"


def _marks_off(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)


def test_generate_and_download_daily_brief_and_half_year(live_server, transactional_db, tmp_path):
    build()
    with chromium_page() as page:
        seen = _walk_through(page, live_server.url, tmp_path)

    daily = Report.objects.get(kind="daily")
    half = Report.objects.get(kind="half-year")
    day_want = expected(at(2026, 6, 15), at(2026, 6, 16))
    half_want = expected(at(2026, 1, 1), at(2026, 7, 1))
    # The report page linked its figure to the records it counted.
    assert seen["figure_url"].endswith(half.figures["items"]["href"].split("?")[1])

    headings, text = docx_text(seen["daily.docx"])
    assert headings[:4] == [
        "一、总体情况",
        "二、新发和升级事件",
        "三、在办案件与时限",
        "四、待答复诉求",
    ]
    assert f"采集信息{day_want['items']}，新发现事件{day_want['events.total']}" in _marks_off(text)
    assert f"受理诉求{daily.figures['complaints']['received']['text']}" in _marks_off(text)
    pdf = _marks_off(pdf_text(seen["daily.pdf"]))
    assert "二、新发和升级事件" in pdf and f"采集信息{day_want['items']}" in pdf

    headings, text = docx_text(seen["half.docx"])
    assert headings[:4] == ["一、总体情况", "二、监测情况", "三、处置与回应", "四、诉求办理"]
    plain = _marks_off(text)
    for label, key in (
        ("本期共采集信息", "items"),
        ("首次公开回应用时中位数", "cases.median_hours"),
        ("第90百分位", "cases.p90_hours"),
        ("按时回应率", "cases.within"),
        ("办结率", "complaints.closure_rate"),
    ):
        assert f"{label}{half_want[key]}" in plain, label
    pdf = _marks_off(pdf_text(seen["half.pdf"]))
    assert "三、处置与回应" in pdf
    assert (
        f"受理诉求{half_want['complaints.received']}，已答复{half_want['complaints.replied']}"
        in pdf
    )


def _download(page: Page, name: str, target: Path) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    info.value.save_as(target)
    return target.read_bytes()


def _generate(page: Page, base: str, kind: str, period: str) -> None:
    page.goto(f"{base}/reports/")
    page.get_by_role("link", name="生成报告").click()
    page.wait_for_url(f"{base}/reports/new/")
    page.select_option("#id_kind", kind)
    page.fill("#id_period", period)
    page.get_by_role("button", name="生成").click()
    page.wait_for_url(re.compile(rf"{base}/reports/\d+/$"))


def _walk_through(page: Page, base: str, tmp: Path) -> dict[str, object]:
    seen: dict[str, object] = {}
    page.goto(f"{base}/")
    if "/login/" in page.url:
        page.fill("#id_username", USER)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base}/")
    # The dashboard: follow a figure (healthy sources) to the records behind it.
    figure = page.locator("main a.health-ok")
    shown = int(figure.locator(".num").inner_text())
    assert shown > 0
    figure.click()
    page.wait_for_url(re.compile(rf"{base}/sources/\?health=ok"))
    assert page.locator("main tbody tr").count() == shown

    _generate(page, base, "daily", "2026-06-15")
    assert "舆情日报（2026年6月15日）" in page.inner_text("h1")
    seen["daily.docx"] = _download(page, "下载 DOCX", tmp / "daily.docx")
    seen["daily.pdf"] = _download(page, "下载 PDF", tmp / "daily.pdf")

    _generate(page, base, "half-year", "2026-H1")
    assert "2026年上半年" in page.inner_text("h1")
    page.locator("img").first.wait_for()
    page.screenshot(path=str(tmp / "half-year.png"), full_page=True)
    if target := os.environ.get("HUIYING_SCREENSHOT"):
        shutil.copyfile(tmp / "half-year.png", target)
    seen["half.docx"] = _download(page, "下载 DOCX", tmp / "half.docx")
    seen["half.pdf"] = _download(page, "下载 PDF", tmp / "half.pdf")
    # A figure in the report opens the records it counted.
    page.locator("article a.figure").first.click()
    page.wait_for_url(re.compile(rf"{base}/items/\?"))
    seen["figure_url"] = page.url
    return seen
