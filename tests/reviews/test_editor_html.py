"""What the visual editor (static reviews/editor.js, Quill 2) writes into the body field
keeps its meaning through the sanitiser: headings, both kinds of list, emphasis, links,
inline and site images, quotes. Pure: no database."""

from __future__ import annotations

from huiying.reviews.sanitise import clean_body

PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

# As editor.js serialises Quill's DOM: bullets regrouped from Quill's
# <ol><li data-list="bullet"> into <ul>, UI markers and classes dropped.
EDITOR_HTML = (
    "<h2>关于城南小区停水的情况通报</h2>"
    "<h3>一、基本情况</h3>"
    "<p>11月24日上午，我局接到群众反映，<strong>城南小区</strong>停水，"
    "<em>经核查</em>系<u>供水管道老化</u>所致。</p>"
    "<ul><li>连夜组织抢修</li><li>当晚恢复供水</li></ul>"
    "<ol><li>排查老旧管道</li><li>公布排查结果</li></ol>"
    '<p>详见<a href="https://zjj.example.gov.cn/tzgg/1024.html" rel="noopener noreferrer">'
    "通知公告</a>。</p>"
    f'<p><img src="{PNG}"></p>'
    '<p><img src="/media/reviews/guandao.png"></p>'
    "<blockquote>供水是民生大事。</blockquote>"
    "<p><br></p>"
)


def test_editor_output_keeps_its_structure():
    html = clean_body(EDITOR_HTML)
    assert html.startswith("<h2>关于城南小区停水的情况通报</h2><h3>一、基本情况</h3>")
    assert "<strong>城南小区</strong>" in html
    assert "<em>经核查</em>" in html and "<u>供水管道老化</u>" in html
    assert "<ul><li>连夜组织抢修</li><li>当晚恢复供水</li></ul>" in html
    assert "<ol><li>排查老旧管道</li><li>公布排查结果</li></ol>" in html
    assert '<a href="https://zjj.example.gov.cn/tzgg/1024.html" rel="noopener noreferrer">' in html
    assert f'<img src="{PNG}">' in html
    assert '<img src="/media/reviews/guandao.png">' in html
    assert "<blockquote>供水是民生大事。</blockquote>" in html
    assert "<br>" not in html  # the editor's empty trailing line is dropped


def test_raw_quill_markup_is_still_cleaned():
    # If Quill's own DOM reached the server (no editor.js mapping), nothing unsafe or
    # editor-specific is kept: UI spans, classes, data attributes and targets go.
    raw = (
        '<ol><li data-list="bullet"><span class="ql-ui" contenteditable="false"></span>'
        '要点</li></ol><p class="ql-align-center"><a href="javascript:alert(1)" '
        'target="_blank">链接</a><img src="https://tracker.example.com/x.png"></p>'
    )
    html = clean_body(raw)
    assert html == '<ol><li>要点</li></ol><p><a rel="noopener noreferrer">链接</a><img></p>'
