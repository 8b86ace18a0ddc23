"""RichText (the allowed HTML subset) converted to DOCX paragraphs, headings, lists and tables."""

from __future__ import annotations

import base64
import binascii

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import html as lxml_html
from lxml.html import HtmlElement

from huiying.documents.sanitise import DATA_IMAGE_RE, clean_html, safe_href
from huiying.documents.word_inline import (
    TEXT_WIDTH_CM,
    add_formatted,
    add_hyperlink,
    add_picture,
    add_text,
    format_cell_paragraph,
    repeat_header,
)
from huiying.documents.word_styles import BODY_FONT, CHAR, HEI_FONT, KAI_FONT, TABLE_SIZE, no_indent

HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3}
HEADING_FONTS = {1: HEI_FONT, 2: KAI_FONT, 3: BODY_FONT}
INLINE_FORMAT = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underline",
}
BLOCK_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "table"}
PICTURE_FORMATS = {"png", "jpeg", "gif"}  # what python-docx can embed


def _image_bytes(src: str) -> bytes | None:
    match = DATA_IMAGE_RE.match(src or "")
    if match is None or match.group(1).lower() not in PICTURE_FORMATS:
        return None
    try:
        return base64.b64decode(src.split(",", 1)[1], validate=False)
    except (binascii.Error, ValueError):
        return None


def _image(paragraph: DocxParagraph, element: HtmlElement, font: str) -> None:
    png = _image_bytes(element.get("src", ""))
    if png is None:
        # Relative or unsupported images cannot travel inside the file; keep their text.
        alt = element.get("alt", "").strip()
        if alt:
            add_text(paragraph, f"［图：{alt}］", font)
        return
    width = element.get("width", "")
    width_cm = min(int(width) * 2.54 / 96, TEXT_WIDTH_CM) if width.isdigit() else None
    try:
        add_picture(paragraph, png, width_cm)
    except Exception:  # a corrupt image must not lose the whole export
        add_text(paragraph, "［图片无法显示］", font)


def _inline(
    paragraph: DocxParagraph, element: HtmlElement, font: str, fmt: dict[str, bool]
) -> None:
    """The element's text and children as runs (the element's own tail is the caller's)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in INLINE_FORMAT:
        fmt = {**fmt, INLINE_FORMAT[tag]: True}
    if tag == "br":
        paragraph.add_run().add_break()
        return
    if tag == "img":
        _image(paragraph, element, font)
        return
    if tag == "a" and (href := safe_href(element.get("href", ""))).startswith(
        ("http:", "https:", "mailto:")
    ):
        add_hyperlink(paragraph, href, element.text_content(), font, fmt)
        return
    if element.text:
        add_formatted(paragraph, element.text, font, fmt)
    for child in element:
        _inline(paragraph, child, font, fmt)
        if child.tail:
            add_formatted(paragraph, child.tail, font, fmt)


class _Writer:
    def __init__(self, out: DocxDocument) -> None:
        self.out = out
        self.loose: DocxParagraph | None = None  # collects text between block elements

    def loose_paragraph(self) -> DocxParagraph:
        if self.loose is None:
            self.loose = self.out.add_paragraph()
        return self.loose

    def text(self, text: str | None) -> None:
        if text and text.strip():
            add_text(self.loose_paragraph(), text, BODY_FONT)

    def block(self, element: HtmlElement, depth: int = 0) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in BLOCK_TAGS:
            if tag == "li":  # a stray li outside a list
                tag = "p"
            else:
                paragraph = self.loose_paragraph()
                _inline(paragraph, element, BODY_FONT, {})
                if element.tail and element.tail.strip():
                    add_text(paragraph, element.tail, BODY_FONT)
                return
        self.loose = None
        if tag in HEADING_LEVELS:
            level = HEADING_LEVELS[tag]
            paragraph = self.out.add_paragraph(style=f"Heading {level}")
            _inline(paragraph, element, HEADING_FONTS[level], {"bold": level == 3})
        elif tag == "p":
            _inline(self.out.add_paragraph(), element, BODY_FONT, {})
        elif tag in {"ul", "ol"}:
            self.list(element, tag == "ol", depth)
        elif tag == "table":
            self.table(element)
        self.text(element.tail)

    def list(self, element: HtmlElement, ordered: bool, depth: int) -> None:
        number = 0
        for item in element:
            if item.tag != "li":
                continue
            number += 1
            paragraph = self.out.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(CHAR.pt * (2 + 2 * depth))
            no_indent(fmt)
            add_text(paragraph, f"{number}. " if ordered else "· ", BODY_FONT)
            if item.text:
                add_text(paragraph, item.text, BODY_FONT)
            for child in item:
                if child.tag in {"ul", "ol"}:
                    self.list(child, child.tag == "ol", depth + 1)
                    paragraph = self.out.add_paragraph()
                    paragraph.paragraph_format.left_indent = fmt.left_indent
                    no_indent(paragraph.paragraph_format)
                else:
                    _inline(paragraph, child, BODY_FONT, {})
                if child.tail and child.tail.strip():
                    add_text(paragraph, child.tail, BODY_FONT)
            if not paragraph.text and not paragraph.runs:
                paragraph._p.getparent().remove(paragraph._p)

    def table(self, element: HtmlElement) -> None:
        rows = [row for row in element.iter("tr")]
        if not rows:
            return
        columns = max(len(row.findall("th")) + len(row.findall("td")) for row in rows)
        if columns == 0:
            return
        table = self.out.add_table(rows=0, cols=columns)
        table.style = self.out.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in rows:
            cells = table.add_row().cells
            for cell, source in zip(cells, [c for c in row if c.tag in {"th", "td"}], strict=False):
                paragraph = cell.paragraphs[0]
                format_cell_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
                is_header = source.tag == "th"
                font = HEI_FONT if is_header else BODY_FONT
                before = len(paragraph.runs)
                _inline(paragraph, source, font, {})
                for run in paragraph.runs[before:]:
                    run.font.size = TABLE_SIZE
        if rows[0].find("th") is not None:
            repeat_header(table)
        self.out.add_paragraph()


def add_rich_text(out: DocxDocument, fragment: str) -> None:
    """Append a RichText fragment (sanitised again here) to the document."""
    cleaned = clean_html(fragment)
    if not cleaned.strip():
        return
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    writer = _Writer(out)
    writer.text(root.text)
    for child in root:
        writer.block(child)
