from __future__ import annotations

import pytest

from huiying.core.sanitise import html_to_text, sanitise_html

BASE = "https://news.example.cn/xwzx/2024/0427/123.html"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x.jpg" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#09;script:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
        '<iframe src="https://evil.example.net/"></iframe>',
        "<style>body{display:none}</style>",
        '<p style="position:fixed" onclick="x()">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example.net/"><input name="q"></form>',
        '<object data="x.swf"></object><embed src="x.swf">',
    ],
)
def test_nothing_active_survives(hostile: str) -> None:
    out = sanitise_html(f"<p>正文</p>{hostile}", base_url=BASE).lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "vbscript:", "data:",
                "<iframe", "<style", "style=", "<form", "<input", "<object", "<embed"):  # fmt: skip
        assert bad not in out
    assert "正文" in out


def test_safe_formatting_and_links_are_kept_and_made_absolute() -> None:
    out = sanitise_html(
        '<h2>小标题</h2><p>见<a href="../0426/99.html" title="前文">前文</a>和'
        '<img src="/img/1.jpg" alt="现场"></p><table><tr><td colspan="2">表</td></tr></table>',
        base_url=BASE,
    )
    assert "<h2>小标题</h2>" in out
    assert 'href="https://news.example.cn/xwzx/2024/0426/99.html"' in out
    assert 'rel="noopener noreferrer nofollow"' in out
    assert 'src="https://news.example.cn/img/1.jpg"' in out
    assert 'alt="现场"' in out
    assert 'colspan="2"' in out


def test_relative_links_without_a_base_are_dropped_not_left_pointing_at_us() -> None:
    out = sanitise_html('<a href="/x.html">链接</a>')
    assert "href" not in out
    assert "链接" in out


def test_images_do_not_send_our_address_to_the_source_site() -> None:
    assert 'referrerpolicy="no-referrer"' in sanitise_html('<img src="https://a.example.cn/1.jpg">')


def test_html_to_text_paragraphs_entities_whitespace() -> None:
    html = (
        "<div>　　县教育局\n    发布通知<!-- 注释 -->：</div>"
        "<p>第二段&amp;&nbsp;&lt;附件&gt; <b>加粗</b>，A\nB</p>"
        "<script>var x = '不要';</script><style>p{}</style>"
        "<ul><li>一</li><li>二</li></ul>第一行<br>第二行"
    )
    assert (
        html_to_text(html) == "县教育局发布通知：\n第二段& <附件> 加粗，A B\n一\n二\n第一行\n第二行"
    )


def test_html_to_text_on_plain_text_and_empty_input() -> None:
    assert html_to_text("没有标签的纯文本 &amp; 实体") == "没有标签的纯文本 & 实体"
    assert html_to_text("") == ""
    assert html_to_text("<!-- 只有注释 -->") == ""
    assert html_to_text('<?xml version="1.0" encoding="gb2312"?><p>声明</p>') == "声明"


def test_html_to_text_survives_deep_nesting() -> None:
    # Old CMS pages leave a <font> open in every paragraph; libxml2's default depth
    # limit would silently drop everything after the ~250th.
    page = "".join(f"<p><font color=red>第{i}段" for i in range(400))
    lines = html_to_text(page).split("\n")
    assert len(lines) == 400
    assert lines[-1] == "第399段"
    assert html_to_text("<div>" * 1000 + "深" + "</div>" * 1000) == "深"
