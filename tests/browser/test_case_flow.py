"""One case walked end to end in real headless Chromium against the live server.

Posts about a tunnel works are stored through the real write path; a later batch names
injured workers and the event rises from 一般 to 较大, which raises an alert. The duty
editor opens a case from the alert list (开立处置), reads the flash report with the
event's figures and tier reasons and sends it, records the consultation, drafts the
statement from the case page into the three-level review (and is refused when posting
the 终审 approval, server-side); after 初审 and 复审 the supervising leader logs in and
gives the 终审; the editor records the publication, a follow-up note and
closes the case. The case page shows the clocks and the audit trail of every step; the
database holds the timestamps a report will count, and the audit chain verifies.

The case page is saved as a screenshot in the test's tmp_path; set
HUIYING_SCREENSHOT=/some/file.png to keep a copy elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page

from huiying.alerts.models import Alert, EventTier, TierChange
from huiying.audit.models import AuditEntry
from huiying.audit.services import verify_chain
from huiying.cases.models import Case, Step
from huiying.core.entries import RawEntry
from huiying.events.grouping import default_grouping
from huiying.items.ingest import store_entries
from huiying.org.services import create_staff_user, create_unit
from huiying.reviews.models import Draft
from huiying.reviews.services import approve
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source
from huiying.watch.live import rule_cache
from tests.browser.test_sources_flow import chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() and not os.environ.get("HUIYING_REQUIRE_BROWSER"),
        reason="apt-get install chromium",
    ),
]

# Synthetic posts: the collapse as first reported, then the injured workers.
EARLY = [
    ("城西隧道施工现场塌方 道路封闭", "城西隧道施工现场今晨发生塌方，附近道路临时封闭。"),
    ("城西隧道施工塌方　道路封閉", "網友反映城西隧道施工工地塌方，周邊道路已封閉繞行。"),
    ("城西隧道施工塌方 居民担心", "城西隧道施工塌方后，附近居民担心房屋安全，询问施工方。"),
]
LATER = [
    ("城西隧道施工现场塌方 工人受伤", "城西隧道施工现场塌方，两名工人受伤送医。"),
    ("城西隧道施工塌方　兩名工人受傷", "城西隧道施工工地塌方，現場兩名工人受傷，已送醫院救治。"),
    ("城西隧道施工塌方后续", "网友反映城西隧道施工塌方，有工人受伤，质疑施工安全。"),
]
PASSWORDS = {"bianji": "pw-bianji-2024", "fenguan": "pw-fenguan-2024"}


@pytest.fixture(autouse=True)
def _fresh_caches():
    default_grouping.cache_clear()
    rule_cache.cache_clear()
    yield
    default_grouping.cache_clear()
    rule_cache.cache_clear()


def _entries(rows, start: datetime, prefix: str) -> list[RawEntry]:
    return [
        RawEntry(
            url=f"https://bbs.example.cn/{prefix}{n}.html",
            title=title,
            text=text,
            html="",
            published_at=start + timedelta(minutes=10 * n),
            author="",
            guid=f"{prefix}{n}",
        )
        for n, (title, text) in enumerate(rows)
    ]


def test_a_case_from_alert_to_closure(live_server, transactional_db, tmp_path):
    office = create_unit(code="wxb", name="市委网信办", is_office=True)
    zjj = create_unit(code="zjj", name="市住建局")
    editor = create_staff_user(  # the office's duty editor, drafting for 住建局 too
        username="bianji",
        password=PASSWORDS["bianji"],
        role="editor",
        units=[office, zjj],
        display_name="值班编辑",
    )
    head = create_staff_user(
        username="zjj-head",
        password="pw-head-2024",
        role="dept_head",
        units=[zjj],
        display_name="住建局负责人",
    )
    create_staff_user(
        username="zjj-editor",
        password="pw-zjj-editor-2024",
        role="editor",
        units=[zjj],
        display_name="住建局编辑",
    )
    supervisor = create_staff_user(
        username="fenguan",
        password=PASSWORDS["fenguan"],
        role="supervising_leader",
        units=[zjj],
        display_name="分管副区长",
    )
    forum = create_source(name="青川论坛", kind=SourceKind.POSTS_IMPORT, url="", unit=office)
    now = timezone.now()
    store_entries(forum, _entries(EARLY, now - timedelta(hours=3), "a"), now=now)
    store_entries(forum, _entries(LATER, now - timedelta(minutes=40), "b"), now=now)
    [alert] = Alert.objects.all()
    event = alert.event
    assert alert.tier == 2 and "伤害词" in alert.reason
    assert list(
        TierChange.objects.filter(event=event)
        .order_by("at", "id")
        .values_list("to_tier", flat=True)
    ) == [1, 2], "the event first tiered 一般, then rose to 较大"
    ids = {
        "event": event.pk,
        "alert": alert.pk,
        "zjj": zjj.pk,
        "head": head.pk,
        "supervisor": supervisor.pk,
        "editor": editor.pk,
        "items": event.item_count,
    }
    shot = tmp_path / "case.png"

    with chromium_page() as page:
        seen = _walk_through(page, live_server.url, ids, shot)

    if target := os.environ.get("HUIYING_SCREENSHOT"):
        shutil.copyfile(shot, target)
    case = Case.objects.get()
    assert (case.event_id, case.alert_id, case.origin, case.tier) == (
        event.pk,
        alert.pk,
        "alert",
        2,
    )
    assert case.unit == zjj and case.owner == editor and case.step == Step.CLOSED
    # The report's timestamps, set by the services in the order the steps were taken.
    assert seen["started"] <= case.opened_at < case.first_flash_at < case.closed_at
    assert case.closed_at <= seen["finished"]
    published = seen["published_at"]
    assert case.first_response_at == published
    assert case.clocks.get(step="respond").done_at == published
    assert case.clocks.get(step="flash").done_at == case.first_flash_at
    # The flash report as sent: the event's figures and the reasons for its tier.
    report = case.flash_reports.get()
    assert set(report.recipients.all()) == {head, supervisor}
    assert f"信息条数：{ids['items']} 条" in report.text and "受伤" in report.text
    assert "一般 → 较大" in report.text
    assert seen["preview"] in report.text  # what the page showed is what was sent
    consultation = case.consultations.get()
    assert set(consultation.agreed_by.all()) == {head, supervisor}
    statement = case.statements.get()
    assert statement.approved_by == supervisor and statement.drafted_by == editor
    assert seen["editor_refused"]
    publication = case.publications.get()
    assert (publication.channel, publication.url) == ("weibo", "https://weibo.example.cn/cx/1")
    assert case.follow_ups.get().note.startswith("塌方原因调查")
    assert case.closing_summary.startswith("事件已平息")
    # The trail on the page is the audit log, and the log's chain is whole.
    actions = list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "case.open",
        "case.flash",
        "case.advance",
        "case.consult",
        "case.advance",
        "case.approve_statement",
        "case.publish",
        "case.advance",
        "case.follow_up",
        "case.close",
    ]
    assert seen["trail"] == [
        "立案",
        "报送快报",
        "转入环节",
        "会商",
        "转入环节",
        "审批通稿",
        "登记发布",
        "转入环节",
        "跟踪",
        "办结",
    ]
    ok, _checked, message = verify_chain()
    assert ok, message
    assert EventTier.objects.get(event=event).tier == 2


def _login(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}{next_path}")
    assert "/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}{next_path}")


def _submit(page: Page, section: str, label: str) -> None:
    page.locator(f"#{section}").get_by_role("button", name=label).click()
    page.wait_for_load_state()
    notice = page.locator(".refusal, .errors")
    assert notice.count() == 0, notice.all_inner_texts()


def _advance(page: Page, to_step: str) -> None:
    page.select_option("#advance select[name=to_step]", to_step)
    _submit(page, "advance", "确定")


def _off_the_event_loop(work):
    """Playwright's sync API runs an event loop in this thread, where Django refuses
    database calls; run them in a thread of their own."""
    from django.db import connection

    def run():
        try:
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _first_two_levels() -> Draft:
    draft = Draft.objects.get()
    approve(draft, 1, actor=User.objects.get(username="zjj-editor"))
    approve(draft, 2, actor=User.objects.get(username="zjj-head"))
    draft.refresh_from_db()
    return draft


def _walk_through(page: Page, base: str, ids: dict[str, int], shot: Path) -> dict[str, object]:
    seen: dict[str, object] = {"started": timezone.now().replace(microsecond=0)}
    _login(page, base, "bianji", "/alerts/")
    row = page.locator(f"#alert-{ids['alert']}")
    assert "较大" in row.inner_text()
    row.get_by_role("link", name="开立处置").click()
    page.wait_for_url(re.compile(r"/cases/open/\?alert="))
    # The form is filled from the alert: origin 预警, its tier and event.
    assert page.input_value("#id_origin") == "alert"
    assert page.input_value("#id_tier") == "2"
    assert page.input_value("#id_event") == str(ids["event"])
    page.select_option("#id_unit", str(ids["zjj"]))
    page.get_by_role("button", name="立案").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    # Back to the event and the alert.
    assert page.get_attribute(".case-event", "href") == f"/events/{ids['event']}/"
    assert page.get_attribute(".case-alert", "href") == f"/alerts/#alert-{ids['alert']}"

    # 快报: shown before it is sent, with the event's figures and tier reasons.
    preview = page.inner_text(".flash-preview")
    assert f"信息条数：{ids['items']} 条" in preview and "受伤" in preview
    assert "一般 → 较大" in preview and "伤害词" in preview
    assert page.inner_text(".flash-to") == "住建局负责人、分管副区长"
    seen["preview"] = next(line for line in preview.splitlines() if "信息条数" in line)
    _submit(page, "flash", "报送快报")
    assert "较大" in page.inner_text(".flash-report")

    _advance(page, "consult")
    page.fill("#consult textarea[name=facts]", "隧道施工塌方致两名工人轻伤，已送医，无生命危险。")
    page.fill("#consult textarea[name=line]", "如实发布塌方情况，说明伤员救治和停工检查安排。")
    page.select_option(
        "#consult select[name=agreed_by]", [str(ids["head"]), str(ids["supervisor"])]
    )
    _submit(page, "consult", "记录会商结果")
    assert "如实发布塌方情况" in page.inner_text(".consultation")

    _advance(page, "statement")
    # 通稿 goes through the three-level review (三审三校), starting from the case page.
    page.get_by_role("link", name="起草通稿（送三审三校）").click()
    page.wait_for_url(re.compile(r"/reviews/new/\?case=\d+"))
    page.check("input[name=channels][value=weibo]")
    page.locator("details.html-source > summary").click()  # the HTML source under the editor
    page.fill("#id_body", "<p>关于城西隧道施工塌方的情况通报：两名工人轻伤，已送医。</p>")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    page.get_by_role("button", name="送审").click()
    page.wait_for_load_state()
    # 初审 and 复审 by their holders (the review pages have their own browser test).
    draft = _off_the_event_loop(_first_two_levels)
    assert draft.case_id == int(case_url.rstrip("/").rsplit("/", 1)[1])
    # The editor posting the 终审 anyway is refused by the server.
    page.goto(f"{base}/reviews/{draft.pk}/")
    refused = page.request.post(
        f"{base}/reviews/{draft.pk}/review/",
        form={
            "csrfmiddlewaretoken": page.input_value("input[name=csrfmiddlewaretoken]"),
            "level": "3",
            "expected_version": str(draft.version),
            "outcome": "approve",
        },
    )
    seen["editor_refused"] = refused.status == 403

    # The supervising leader gives the 终审 in a session of their own.
    leader = page.context.browser.new_context(locale="zh-CN")
    try:
        lpage = leader.new_page()
        _login(lpage, base, "fenguan", f"/reviews/{draft.pk}/review/")
        lpage.get_by_role("button", name="终审通过").click()
        lpage.wait_for_url(f"{base}/reviews/")
    finally:
        leader.close()

    page.goto(case_url)
    assert "终审通过" in page.inner_text(".statement")
    page.reload()
    # The form takes minutes: the next whole minute is after the opening and within the
    # clock skew the service allows.
    published = timezone.localtime(timezone.now() + timedelta(minutes=1)).replace(
        second=0, microsecond=0
    )
    seen["published_at"] = published
    page.select_option("#publish select[name=channel]", "weibo")
    page.fill("#publish input[name=url]", "https://weibo.example.cn/cx/1")
    page.fill("#publish input[name=published_at]", published.strftime("%Y-%m-%dT%H:%M"))
    _submit(page, "publish", "登记")
    assert "https://weibo.example.cn/cx/1" in page.inner_text(".publications")

    _advance(page, "follow_up")
    page.fill("#follow_up textarea[name=note]", "塌方原因调查结果已于次日补充发布，网民关注回落。")
    _submit(page, "follow_up", "保存")
    page.fill("#close textarea[name=summary]", "事件已平息：伤员出院，隧道复工前完成安全检查。")
    _submit(page, "close", "办结")
    seen["finished"] = timezone.now()

    # The closed case: clocks (the response clock stopped at the publication) and trail.
    assert page.inner_text(".case-step") == "办结"
    clocks = page.inner_text(".clocks")
    assert "报送快报" in clocks and "已按时完成" in clocks
    respond = page.locator(".clock-row", has_text="首次公开回应").inner_text()
    assert "已按时完成" in respond
    assert f"完成于 {seen['published_at'].strftime('%m-%d %H:%M')}" in respond
    seen["trail"] = [
        row.inner_text() for row in page.locator(".trail-row > div:first-child strong").all()
    ]
    page.screenshot(path=str(shot), full_page=True)
    return seen
