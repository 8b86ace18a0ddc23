"""The visual draft editor in headless Chromium: an editor formats a statement with the
toolbar (heading, bulleted list, bold, a link, an image from a file), sees proofreading
findings for what was typed, saves (the stored body has the structure), jumps from a
finding to the passage in the editor, and edits the HTML source, which reloads the editor.
The page's strict CSP reports no violation throughout."""

from __future__ import annotations

import base64

from playwright.sync_api import Page, expect

from huiying.org.services import create_staff_user, create_unit
from huiying.reviews.models import Draft
from huiying.reviews.terms import seed_starter_terms
from tests.browser.test_sources_flow import chromium_page, pytestmark  # noqa: F401

# A 1×1 PNG, as an office member would pick from disk.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
WORD = (
    "<html><head><style>p.MsoNormal {font-family:仿宋_GB2312;}</style></head><body>"
    "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>"
    "排查结果及时公布<o:p></o:p></span></p></body></html>"
)
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.columnNumber].join(' '));
});
"""


def test_format_with_toolbar_proofread_and_save(live_server, transactional_db):
    seed_starter_terms()
    unit = create_unit(code="zjj", name="市住建局")
    create_staff_user(
        username="author", password="pw-author-2024", role="editor", units=[unit],
        display_name="起草编辑",
    )  # fmt: skip

    with chromium_page() as page:
        seen = _compose(page, live_server.url)

    assert seen["csp_console"] == [] and seen["csp_events"] == [] and seen["errors"] == []
    draft = Draft.objects.get()
    body = draft.body
    assert "<h2>城南小区停水情况通报</h2>" in body
    assert (
        "<ul><li>我局会同国家卫生计生委驻地工作组连夜抢修</li><li>已于当晚恢复供水</li></ul>"
        in body
    )
    assert (
        '<p><strong>请市民节约用水</strong>，详见<a href="https://zjj.example.gov.cn/tzgg/1024.html"'
        ' rel="noopener noreferrer">通知公告</a></p>'
    ) in body
    assert '<img src="data:image/png;base64,' in body
    assert "data-list" not in body and "ql-" not in body and "\ufeff" not in body
    assert "<strong></strong>" not in body
    assert seen["selected"] == "国家卫生计生委"
    assert seen["reloaded_heading"] == "城南小区停水情况通报"


def _compose(page: Page, base: str) -> dict[str, object]:
    seen: dict[str, object] = {"csp_console": [], "errors": []}
    page.add_init_script(WATCH_CSP)
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and seen["csp_console"].append(m.text),  # type: ignore[union-attr]
    )
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))  # type: ignore[union-attr]
    page.goto(f"{base}/reviews/new/")
    page.fill("#id_username", "author")
    page.fill("#id_password", "pw-author-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/reviews/new/")

    page.fill("#id_title", "城南小区停水情况通报")
    page.check("input[name=channels][value=website]")
    editor = page.locator(".body-editor .ql-editor")
    expect(page.locator("details.html-source #id_body")).to_be_hidden()
    expect(page.get_by_role("button", name="二级标题")).to_have_attribute("title", "二级标题")
    editor.click()
    page.get_by_role("button", name="二级标题").click()
    page.keyboard.type("城南小区停水情况通报")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="项目符号列表").click()
    page.keyboard.type("我局会同国家卫生计生委驻地工作组连夜抢修")
    page.keyboard.press("Enter")
    page.keyboard.type("已于当晚恢复供水")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("请市民节约用水")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("，详见通知公告")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="插入链接").click()
    page.fill(
        ".body-editor .ql-tooltip input[type=text]", "https://zjj.example.gov.cn/tzgg/1024.html"
    )
    page.keyboard.press("Enter")
    editor.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="插入图片").click()
    page.set_input_files(
        ".editor-image-panel .image-file",
        files=[{"name": "guandao.png", "mimeType": "image/png", "buffer": PNG}],
    )
    expect(editor.locator("img")).to_have_count(1)

    # The textarea follows the editor, and the live proofreading follows the textarea.
    expect(page.locator("#live .finding-row-term")).to_contain_text("国家卫生计生委")
    expect(page.locator("#live .draft-html ul li").first).to_contain_text("连夜抢修")
    source = page.input_value("#id_body")
    assert "<ul><li>" in source and "<h2>" in source

    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/reviews/*/")
    seen["reloaded_heading"] = editor.locator("h2").inner_text()

    # One click on a finding selects its passage in the editor.
    page.locator(".finding-row-term button.jump").first.click()
    seen["selected"] = page.evaluate("() => window.getSelection().toString()")

    # Word content pasted into the editor keeps its text, not its inline styles.
    editor.press("Control+End")
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '排查结果及时公布');
            document.querySelector('.body-editor .ql-editor').dispatchEvent(
                new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD,
    )
    expect(editor.locator("p").last).to_have_text("排查结果及时公布")
    assert 'style="' not in page.input_value("#id_body")

    # HTML pasted into the source (Word's inline styles included) reloads the editor;
    # a body with a table is left to the source, since the editor would flatten it.
    page.locator("details.html-source > summary").click()
    page.fill("#id_body", f'<h3 style="font-family:仿宋">二、下一步工作</h3>{WORD}')
    expect(editor.locator("h3")).to_have_text("二、下一步工作")
    expect(editor.locator("p")).to_have_text("排查结果及时公布")
    expect(editor).not_to_contain_text("城南小区停水情况通报")
    page.fill("#id_body", "<table><tr><td>小区</td><td>户数</td></tr></table>")
    expect(page.locator(".editor-notice")).to_contain_text("正文含表格")
    expect(editor).to_have_attribute("contenteditable", "false")
    seen["csp_events"] = page.evaluate("() => window.__csp")
    return seen
