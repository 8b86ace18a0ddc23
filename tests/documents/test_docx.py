"""DOCX exports read back with python-docx, as an office would open them in Word/WPS."""

from __future__ import annotations

import base64
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from huiying.documents import Document, Paragraph, RichText, chart_png, render_docx
from tests.documents.sample import CASES, CLOSURE, HEADINGS, MEDIAN, UNIT_A, sample_document


@pytest.fixture(scope="module")
def word() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(sample_document())))


def east_asia(element) -> str | None:
    rpr = element.find(qn("w:rPr"))
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraph(word, text: str):
    return next(p for p in word.paragraphs if p.text == text)


def test_page_is_a4_with_official_margins(word):
    section = word.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_title_and_headings_are_intact_with_their_fonts(word):
    title = paragraph(word, "关于2026年上半年网络舆情处置工作情况的报告")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.size.pt == 22
    assert east_asia(title.runs[0]._element) == "方正小标宋简体"
    expected = {HEADINGS[0]: ("Heading 1", "黑体"), HEADINGS[1]: ("Heading 2", "楷体_GB2312")}
    expected[HEADINGS[2]] = ("Heading 3", "仿宋_GB2312")
    for text, (style, font) in expected.items():
        found = paragraph(word, text)
        assert found.style.name == style
        assert east_asia(found.runs[0]._element) == font
        assert east_asia(found.style.element) == font


def test_body_is_fangsong_sanhao_with_fixed_lines_and_two_character_indent(word):
    normal = word.styles["Normal"]
    assert east_asia(normal.element) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= fmt.line_spacing.pt <= 29
    assert fmt.first_line_indent.pt == 32
    assert fmt._element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    # Word falls back from docDefaults when a run names no font: that must be Chinese too.
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert east_asia(defaults) == "仿宋_GB2312"
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None


def test_font_table_names_fallbacks_for_missing_gb2312_fonts():
    data = render_docx(sample_document(with_chart=False))
    package = docx.Document(io.BytesIO(data)).part.package
    table = next(p for p in package.iter_parts() if p.partname == "/word/fontTable.xml").blob
    text = table.decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in text and 'w:altName w:val="仿宋"' in text
    assert 'w:name="方正小标宋简体"' in text and 'w:altName w:val="宋体"' in text


def test_figures_keep_their_values_and_numbered_notes(word):
    body = paragraph(
        word, "上半年共处置网络舆情128[1]件，群众诉求办结率达91.7%[2]，较去年同期有所提高。"
    )
    markers = [r.text for r in body.runs if r.font.superscript]
    assert markers == ["[1]", "[2]"]
    texts = [p.text for p in word.paragraphs]
    start = texts.index("注：")
    notes = texts[start + 1 : start + 5]
    assert notes == [
        f"[1] {CASES.note}",
        f"[2] {CLOSURE.note}",
        f"[3] {MEDIAN.note}",
        f"[4] {UNIT_A.note}",
    ]


def test_table_has_a_repeating_header_and_figure_cells(word):
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["主办单位", "处置数", "办结率"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["区应急管理局", "46[4]", "95.0%"]
    # The same computing rule shares its note number.
    assert table.rows[2].cells[2].text == "91.7%[2]"


def test_chart_is_embedded_at_the_requested_width(word):
    (shape,) = word.inline_shapes
    assert shape.width.cm == pytest.approx(15.0, abs=0.01)


def test_issuer_and_date_at_the_end_right_aligned(word):
    texts = [p.text for p in word.paragraphs]
    issuer, date = paragraph(word, "某某区委网信办"), paragraph(word, "2026年11月25日")
    assert texts.index("2026年11月25日") == texts.index("某某区委网信办") + 1
    assert texts.index("2026年11月25日") < texts.index("注：")
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraph(word, "区委办公室：").paragraph_format.first_line_indent.pt == 0


def test_footer_prints_page_numbers_between_dashes(word):
    section = word.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(
            " —"
        )
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_rich_text_becomes_headings_lists_links_without_script(word):
    texts = [p.text for p in word.paragraphs]
    assert paragraph(word, "（二）典型做法").style.name == "Heading 2"
    assert "坚持分级处置，详见工作通知。" in texts
    bold = [r.text for r in paragraph(word, "坚持分级处置，详见工作通知。").runs if r.bold]
    assert bold == ["分级处置"]
    links = [link.address for p in word.paragraphs for link in p.hyperlinks]
    assert links == ["https://example.gov.cn/notice"]
    assert {"· 建立台账", "· 定期通报", "1. 每周一次", "无脚本"} <= set(texts)
    assert not any("alert" in t for t in texts)


def test_rich_text_tables_and_hostile_markup():
    doc = Document(
        title="测试",
        blocks=[
            RichText(
                "<table><tr><th>单位</th><th>件数</th></tr><tr><td>甲</td><td>3</td></tr></table>"
                '<p>正文<img src="https://tracker.example/x.png" alt="外链图"><br>第二行</p>'
                "<iframe src='https://evil.example'></iframe><style>p{color:red}</style>"
            ),
            Paragraph(["段落"]),
        ],
    )
    word = docx.Document(io.BytesIO(render_docx(doc)))
    table = word.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [["单位", "件数"], ["甲", "3"]]
    texts = [p.text for p in word.paragraphs]
    # The remote image is not fetched; its alt text says where it was.
    assert "正文［图：外链图］\n第二行" in texts
    assert not word.inline_shapes
    assert not any("color" in t or "evil" in t for t in texts)


def test_rich_text_embedded_image_keeps_its_width():
    png = chart_png("pie", ["已办结", "办理中"], {"件数": [9.0, 3.0]})
    src = "data:image/png;base64," + base64.b64encode(png).decode()
    doc = Document(title="图片", blocks=[RichText(f'<p><img src="{src}" width="378"></p>')])
    (shape,) = docx.Document(io.BytesIO(render_docx(doc))).inline_shapes
    assert shape.width.cm == pytest.approx(10.0, abs=0.05)  # 378 px at 96 dpi


def test_document_without_optional_parts():
    word = docx.Document(io.BytesIO(render_docx(Document(title="简报", blocks=[]))))
    assert [p.text for p in word.paragraphs if p.text] == ["简报"]
