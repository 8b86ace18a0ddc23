"""三审三校 end to end in headless Chromium: an editor drafts the statement for a case and
sees the proofreading findings, submits it; 初审 approves; 复审 returns it with a comment
on a passage; the author fixes and resubmits; three levels approve; the office records
the publication, and the case's first-response clock stops at that time. A user without
the level's role is refused by the server, whatever the page shows.

The approval page is saved as a screenshot in the test's tmp_path; set
HUIYING_SCREENSHOT=/some/file.png to keep a copy elsewhere."""

from __future__ import annotations

import io
import os
import shutil
from datetime import timedelta
from pathlib import Path

import docx
from django.utils import timezone
from playwright.sync_api import Page, expect

from huiying.cases.models import Case, CaseClock
from huiying.cases.services import open_case
from huiying.org.services import create_staff_user, create_unit
from huiying.reviews.models import Draft, ReviewDecision, Status
from huiying.reviews.terms import seed_starter_terms
from tests.browser.test_sources_flow import chromium_page, pytestmark  # noqa: F401

BODY = (
    "<p>11月24日上午，我局接到群众反映城南小区停水。经核查，系供水管道老化破裂所致。</p>"
    "<p>我局会同国家卫生计生委驻地工作组和区供水公司连夜进行进行抢修，已于当晚恢复供水。</p>"
    "<p>下一步，我局将对辖区老旧管道开展全面排查，排查结果将及时向社会公布。</p>"
)
PEOPLE = {
    "author": ("editor", "起草编辑"),
    "chushen": ("editor", "初审编辑"),
    "fushen": ("dept_head", "住建局负责人"),
    "zhongshen": ("supervising_leader", "分管副局长"),
}


def test_statement_for_a_case_through_three_levels(live_server, transactional_db, tmp_path):
    seed_starter_terms()
    unit = create_unit(code="zjj", name="市住建局")
    users = {
        name: create_staff_user(
            username=name, password=f"pw-{name}-2024", role=role, units=[unit], display_name=label
        )
        for name, (role, label) in PEOPLE.items()
    }
    case = open_case(
        title="城南小区停水引发关注", tier=2, unit=unit, owner=users["author"],
        now=timezone.now() - timedelta(hours=2),
    )  # fmt: skip

    with chromium_page() as page:
        seen = _walk_through(page, live_server.url, case.pk, tmp_path)

    if target := os.environ.get("HUIYING_SCREENSHOT"):
        shutil.copyfile(tmp_path / "review.png", target)

    draft = Draft.objects.get(case=case)
    assert draft.status == Status.PUBLISHED and draft.revision == 2
    decisions = list(
        draft.decisions.values_list("level", "outcome", "actor__username", "version_number")
    )
    assert decisions == [
        (1, "approve", "chushen", 1),
        (2, "return", "fushen", 1),
        (1, "approve", "chushen", 2),
        (2, "approve", "fushen", 2),
        (3, "approve", "zhongshen", 2),
    ]
    comment = draft.comments.get()
    assert comment.quote == "连夜进行进行抢修" and comment.version_number == 1
    assert draft.versions.get(number=1).text[comment.start : comment.end] == comment.quote
    # The refused attempt left nothing behind.
    assert seen["refused_status"] == 403
    assert not ReviewDecision.objects.filter(actor__username="fushen", level=1).exists()
    # The case's first public response is the recorded publication time.
    published = draft.publications.get()
    assert (
        timezone.localtime(published.published_at).strftime("%Y-%m-%d %H:%M") == seen["published"]
    )
    case = Case.objects.get(pk=case.pk)
    assert case.first_response_at == published.published_at
    assert CaseClock.objects.get(case=case, step="respond").done_at == published.published_at
    assert seen["case_first_response"] == seen["published"]
    # The DOCX export opens and shows the Chinese text.
    exported = docx.Document(io.BytesIO(seen["docx"]))
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "城南小区停水引发关注" in text and "我局会同国家卫生健康委驻地工作组" in text


def _login(page: Page, base: str, username: str, path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}{path}")


def _approve(
    page: Page, base: str, username: str, draft_url: str, level: str, findings: bool
) -> None:
    _login(page, base, username, "/reviews/")
    page.locator(f"section.queue-level:has(h2:has-text('{level}')) a").first.click()
    page.wait_for_url(f"{base}{draft_url}review/")
    # The approver sees the proofreading findings (or that there are none) on the page.
    if findings:
        expect(page.locator("#proof-panel .finding-row-term")).to_contain_text("国家卫生计生委")
    else:
        expect(page.locator("#proof-panel .no-findings")).to_be_visible()
    page.get_by_role("button", name=f"{level}通过").click()
    page.wait_for_url(f"{base}/reviews/")
    expect(page.locator(".msg-success")).to_contain_text(f"{level}已通过")


def _walk_through(page: Page, base: str, case_id: int, shots: Path) -> dict[str, object]:
    seen: dict[str, object] = {}
    # The editor drafts the statement from the case; findings follow the typing.
    _login(page, base, "author", f"/reviews/new/?case={case_id}")
    expect(page.locator("#id_title")).to_have_value("城南小区停水引发关注")
    page.check("input[name=channels][value=weibo]")
    page.locator("details.html-source > summary").click()  # the HTML source under the editor
    page.fill("#id_body", BODY)
    live = page.locator("#live .finding-row")
    expect(live.first).to_be_visible()
    expect(page.locator("#live")).to_contain_text("国家卫生健康委")  # suggested by the term list
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/reviews/*/")
    draft_url = page.url.removeprefix(base)
    # One click on a finding jumps to its passage in the text.
    term_row = page.locator(".finding-row-term").first
    target = term_row.locator("button.jump").get_attribute("data-target")
    term_row.locator("button.jump").click()
    mark = page.locator(f"mark#{target}")
    expect(mark).to_have_class("finding finding-term current")
    expect(mark).to_have_text("国家卫生计生委")
    expect(mark).to_be_in_viewport()
    selected = page.evaluate(
        "() => { const e = document.getElementById('id_body');"
        " return e.value.slice(e.selectionStart, e.selectionEnd); }"
    )
    assert selected == "国家卫生计生委"  # and selected in the editor
    page.get_by_role("button", name="送审").click()
    expect(page.locator(".draft-status")).to_contain_text("初审")

    # The department head may not approve 初审: no button, and the server refuses a post.
    _login(page, base, "fushen", f"{draft_url}review/")
    expect(page.locator(".refusal")).to_contain_text("初审须由编辑审核")
    expect(page.get_by_role("button", name="初审通过")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        f"{base}{draft_url}review/",
        form={"level": "1", "expected_version": "2", "outcome": "approve"},
        headers={"X-CSRFToken": token, "Referer": f"{base}{draft_url}review/"},
    )
    seen["refused_status"] = refused.status

    _approve(page, base, "chushen", draft_url, "初审", findings=True)

    # 复审 returns it with a comment on the passage selected in the text.
    _login(page, base, "fushen", "/reviews/")
    page.locator("section.queue-level:has(h2:has-text('复审')) a").first.click()
    page.wait_for_url(f"{base}{draft_url}review/")
    page.evaluate(
        """quote => {
            // Select the quote as a reader would: across the marks inside it.
            const box = document.getElementById('plain-text');
            const at = box.textContent.indexOf(quote);
            if (at < 0) { throw new Error('quote not found'); }
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let seen = 0, node;
            while ((node = walker.nextNode())) {
                const next = seen + node.data.length;
                if (seen <= at && at < next) { range.setStart(node, at - seen); }
                if (seen < at + quote.length && at + quote.length <= next) {
                    range.setEnd(node, at + quote.length - seen);
                }
                seen = next;
            }
            const sel = window.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
            document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        "连夜进行进行抢修",
    )
    expect(page.locator("#id_quote")).to_have_value("连夜进行进行抢修")
    page.screenshot(path=str(shots / "review.png"), full_page=True)
    page.fill("#id_quote_comment", "“进行”重复，请删去一个。")
    page.fill("#id_comment", "请核改后重新送审。")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_url(f"{base}/reviews/")

    # The author sees the comment on the passage, fixes the text and resubmits.
    _login(page, base, "author", draft_url)
    returned = page.locator("section.returned")
    expect(returned).to_contain_text("“进行”重复，请删去一个。")
    expect(returned.locator("mark.comment-mark")).to_have_text("连夜进行进行抢修")
    body = page.input_value("#id_body")
    page.locator("details.html-source > summary").click()
    page.fill(
        "#id_body", body.replace("进行进行", "进行").replace("国家卫生计生委", "国家卫生健康委")
    )
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".revision")).to_contain_text("第 2 版")
    page.get_by_role("button", name="送审").click()
    expect(page.locator(".draft-status")).to_contain_text("初审")

    for username, level in (("chushen", "初审"), ("fushen", "复审"), ("zhongshen", "终审")):
        _approve(page, base, username, draft_url, level, findings=False)

    # The author records the publication on the office's own Weibo account.
    _login(page, base, "author", f"{draft_url}record/")
    expect(page.locator(".decision-row")).to_have_count(5)
    published = timezone.localtime().replace(second=0, microsecond=0)
    page.select_option("#id_channel", "weibo")
    page.fill("#id_url", "https://weibo.example.cn/zjj/5012345")
    page.fill("#id_published_at", published.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="登记发布").click()
    expect(page.locator(".publication-row")).to_contain_text("https://weibo.example.cn/zjj/5012345")
    seen["published"] = page.locator(".publication-row .published-at").inner_text()
    seen["docx"] = page.request.get(f"{base}{draft_url}export.docx").body()

    # The case page shows the first public response at the publication time.
    page.goto(f"{base}/cases/{case_id}/")
    row = page.locator("dt:has-text('首次公开回应时间') + dd")
    seen["case_first_response"] = row.inner_text()
    return seen
