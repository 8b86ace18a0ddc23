"""RichText cleaning and image inlining for exports."""

from __future__ import annotations

import io

import docx

from huiying.documents import Document, RichText, chart_png, clean_html, inline_images, render_docx
from huiying.documents.sanitise import safe_href


def test_pasted_word_html_is_reduced_to_allowed_tags():
    pasted = (
        '<p class="MsoNormal" style="text-indent:2em"><span lang="ZH-CN" style="font-family:仿宋">'
        "各单位：</span><o:p></o:p></p><h2>一、<font color=red>要求</font></h2>"
        "<!--[if gte mso 9]><xml>x</xml><![endif]-->"
    )
    assert clean_html(pasted) == "<p>各单位：</p><h2>一、要求</h2>"


def test_links_keep_only_safe_schemes():
    assert safe_href("https://example.gov.cn/a") == "https://example.gov.cn/a"
    assert safe_href("/cases/?unit=3") == "/cases/?unit=3"
    assert safe_href("mailto:office@example.gov.cn") == "mailto:office@example.gov.cn"
    assert safe_href(" JavaScript:alert(1)") == ""
    assert safe_href("data:text/html,x") == ""


def test_inline_images_embeds_uploaded_pictures_and_drops_the_rest():
    png = chart_png("bar", ["甲", "乙"], {"件数": [1.0, 2.0]})
    asked: list[str] = []

    def load(src: str) -> bytes | None:
        asked.append(src)
        return png if src == "/media/drafts/1.png" else None

    fragment = (
        '<p>如图<img src="/media/drafts/1.png" alt="统计图">所示</p>'
        '<p><img src="/media/drafts/gone.png"><img src="https://tracker.example/p.gif"></p>'
    )
    inlined = inline_images(fragment, load)
    assert asked == ["/media/drafts/1.png", "/media/drafts/gone.png"]  # never the remote one
    assert inlined.count('src="data:image/png;base64,') == 1
    word = docx.Document(io.BytesIO(render_docx(Document("图文", [RichText(inlined)]))))
    assert len(word.inline_shapes) == 1
