"""Draft bodies are cleaned to the allowed tags: Word pastes become plain structure and
hostile HTML cannot run anything. Pure: no database."""

from __future__ import annotations

import pytest

from huiying.reviews.sanitise import clean_body

WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=Generator content="Microsoft Word 15">
<title>Microsoft Word - 情况通报</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; font-family:宋体;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>
<p class=MsoTitle align=center style='text-align:center'><b><span style='font-size:22.0pt;
font-family:方正小标宋简体'>关于城南小区停水的情况通报<o:p></o:p></span></b></p>
<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span
style='font-family:仿宋_GB2312'>11月24日，我局接到群众反映。<span lang=EN-US>2026</span>年底前完成排查。<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr><td width=200 valign=top
style='width:150pt'><p class=MsoNormal>小区</p></td><td colspan=2><p class=MsoNormal>户数</p></td></tr></table>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.</span><![endif]>排查管道</p>
</div></body></html>"""


def test_word_paste_keeps_text_and_structure_only():
    html = clean_body(WORD_PASTE)
    assert "<b>关于城南小区停水的情况通报</b>" in html
    assert "11月24日，我局接到群众反映。2026年底前完成排查。" in html
    assert '<td colspan="2"><p>户数</p></td>' in html
    for debris in (
        "Microsoft Word",
        "WordDocument",
        "mso-",
        "style",
        "class",
        "<o:p",
        "<span",
        "宋体",
        "<![if",
    ):
        assert debris not in html, debris
    assert "<p></p>" not in html  # Word's empty spacer paragraphs are dropped


@pytest.mark.parametrize(
    "payload",
    [
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">点此</a>',
        '<a href=" JaVaScRiPt:alert(1)">点此</a>',
        '<a href="java&#x09;script:alert(1)">点此</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点此</a>',
        '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"></svg>',
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">文字</p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<form action="https://evil.example/"><input name="x"><button>提交</button></form>',
        '<object data="x.swf"></object><embed src="x.swf">',
        '<a href="https://example.org/" target="_blank" onmouseover="alert(1)">链接</a>',
        '<img src="//evil.example/track.png">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<base href="https://evil.example/">',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
)
def test_hostile_html_cannot_run(payload):
    html = clean_body(payload).lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "javascript:",
        "<iframe",
        "<svg",
        "<form",
        "<input",
        "<object",
        "<embed",
        "<meta",
        "<base",
        "style=",
        "data:text",
        "data:image/svg",
        "//evil",
        "<style",
    ):
        assert bad not in html, (bad, html)


def test_allowed_markup_survives():
    source = (
        "<h1>标题</h1><h3>小标题</h3><p><strong>强</strong><em>斜</em><u>下划线</u><br>换行</p>"
        "<ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引用</blockquote>"
        '<p><a href="https://www.example.gov.cn/x">网站</a> <a href="/reviews/">站内</a>'
        ' <a href="mailto:office@example.gov.cn">邮件</a></p>'
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="图"><img src="/media/a.png" alt="站内图"></p>'
        "<table><thead><tr><th>项</th></tr></thead><tbody><tr><td>值</td></tr></tbody></table>"
    )
    html = clean_body(source)
    for kept in (
        "<h1>标题</h1>", "<h3>小标题</h3>", "<strong>强</strong>", "<em>斜</em>", "<u>下划线</u>",
        "<br>", "<ul><li>一</li></ul>", "<ol><li>二</li></ol>", "<blockquote>引用</blockquote>",
        'href="https://www.example.gov.cn/x"', 'href="/reviews/"', 'href="mailto:office@example.gov.cn"',
        'src="data:image/png;base64,iVBORw0KGgo="', 'src="/media/a.png"', "<thead><tr><th>项</th></tr></thead>",
    ):  # fmt: skip
        assert kept in html, kept


def test_external_images_are_not_hotlinked():
    assert clean_body('<p>图<img src="https://tracker.example/p.gif"></p>') == "<p>图<img></p>"
