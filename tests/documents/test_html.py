"""HTML exports: figures link to their records, nothing executes."""

from __future__ import annotations

import re

import lxml.html

from huiying.documents import Document, Figure, Paragraph, RichText, render_html
from tests.documents.sample import CASES, CLOSURE, HEADINGS, MEDIAN, sample_document


def css(page, selector: str) -> list:
    """Elements by tag and class, e.g. "a.hy-figure" (lxml's cssselect needs an extra package)."""
    tag, _, cls = selector.partition(".")
    return page.xpath(f"//{tag or '*'}[contains(concat(' ', @class, ' '), ' {cls} ')]")


def test_figures_are_links_with_note_markers_and_a_notes_list():
    page = lxml.html.fromstring(render_html(sample_document(with_chart=False)))
    links = css(page, "a.hy-figure")
    assert [(a.text, a.get("href")) for a in links[:2]] == [
        (CASES.value, CASES.href),
        (CLOSURE.value, CLOSURE.href),
    ]
    assert links[0].get("title") == CASES.note
    marker = links[0].getnext()
    assert marker.tag == "sup" and marker.text_content() == "[1]"
    assert marker.find("a").get("href") == "#hy-note-1"
    # A figure without href is still footnoted, just not a link.
    median = css(page, "span.hy-figure")[0]
    assert median.text == MEDIAN.value
    notes = page.xpath("//section[@class='hy-notes']//li")
    assert [(li.get("id"), li.text) for li in notes[:3]] == [
        ("hy-note-1", CASES.note),
        ("hy-note-2", CLOSURE.note),
        ("hy-note-3", MEDIAN.note),
    ]


def test_headings_and_structure():
    page = lxml.html.fromstring(render_html(sample_document(with_chart=False)))
    assert css(page, "h1.hy-title")[0].text == "关于2026年上半年网络舆情处置工作情况的报告"
    assert [h.text for h in page.xpath("//*[@class='hy-h1' or @class='hy-h2' or @class='hy-h3']")][
        :3
    ] == HEADINGS[:3]
    assert page.xpath("//time")[0].get("datetime") == "2026-11-25"
    assert page.xpath("//time")[0].text == "2026年11月25日"


def test_no_script_and_no_event_handlers_even_from_hostile_input():
    doc = Document(
        title="<script>alert('t')</script>标题",
        blocks=[
            RichText(
                '<p onmouseover="steal()">正文<script>alert(1)</script></p>'
                '<a href="javascript:alert(2)">坏链接</a><img src="x" onerror="alert(3)">'
                '<svg onload="alert(4)"></svg><iframe src="https://evil.example"></iframe>'
                '<a href="data:text/html,<script>alert(5)</script>">数据链接</a>'
            ),
            Paragraph([Figure("1", "说明", href="javascript:alert(6)")]),
        ],
    )
    for standalone in (True, False):
        html = render_html(doc, standalone=standalone)
        assert "<script" not in html.lower()
        assert not re.search(r"\son\w+=", html, re.I)
        assert "javascript:" not in html.lower()
        assert "data:text/html" not in html
        assert "<iframe" not in html and "<svg" not in html
        assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;标题" in html


def test_fragment_has_no_inline_styles_for_the_page_csp():
    html = render_html(sample_document(), standalone=False)
    assert html.startswith('<article class="hy-doc"')
    assert "style" not in html  # neither <style> nor style="" attributes
    assert '<img src="data:image/png;base64,' in html
    assert 'width="567"' in html  # 15 cm at 96 px per inch


def test_standalone_page_carries_print_css():
    html = render_html(sample_document(with_chart=False))
    assert html.startswith("<!DOCTYPE html>")
    assert "size: A4" in html and "margin: 37mm 26mm 35mm 28mm" in html
    assert (
        '"FangSong", "仿宋_GB2312", "WenQuanYi Micro Hei", "Noto Serif CJK SC", sans-serif' in html
    )
