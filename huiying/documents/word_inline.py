"""Runs, figures, hyperlinks and pictures inside a DOCX paragraph."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from huiying.documents.model import Figure, NoteNumbers
from huiying.documents.word_styles import MARGINS_MM, PAGE_MM, no_indent, set_fonts

TEXT_WIDTH_CM = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)


def add_text(
    paragraph: DocxParagraph,
    text: str,
    font: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
    size: Length | None = None,
) -> Run:
    run = paragraph.add_run(text)
    set_fonts(run._element, font)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    if size is not None:
        run.font.size = size
    return run


def add_formatted(paragraph: DocxParagraph, text: str, font: str, fmt: dict[str, bool]) -> Run:
    """add_text with formatting collected from enclosing HTML tags (bold, italic, underline)."""
    return add_text(
        paragraph,
        text,
        font,
        bold=fmt.get("bold"),
        italic=fmt.get("italic"),
        underline=fmt.get("underline"),
    )


def add_note_marker(paragraph: DocxParagraph, number: int, font: str) -> Run:
    run = add_text(paragraph, f"[{number}]", font)
    run.font.superscript = True
    return run


def add_parts(
    paragraph: DocxParagraph,
    parts: list[str | Figure],
    notes: NoteNumbers,
    font: str,
    *,
    bold: bool | None = None,
    size: Length | None = None,
) -> None:
    """Text and Figures; each Figure prints its value followed by a superscript note number."""
    for part in parts:
        if isinstance(part, Figure):
            add_text(paragraph, part.value, font, bold=bold, size=size)
            marker = add_note_marker(paragraph, notes.number(part), font)
            if size is not None:
                marker.font.size = size
        elif part:
            add_text(paragraph, part, font, bold=bold, size=size)


def add_hyperlink(
    paragraph: DocxParagraph, url: str, text: str, font: str, fmt: dict[str, bool]
) -> None:
    """An external link (python-docx has no API to create one)."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = add_formatted(paragraph, text, font, fmt)
    run.font.color.rgb = LINK_COLOUR
    run.underline = True
    link.append(run._element)  # moves the run from the paragraph into the link
    paragraph._p.append(link)


def add_picture(paragraph: DocxParagraph, png: bytes, width_cm: float | None) -> None:
    """An inline picture, never wider than the text block. Exact line spacing would clip it,
    so its paragraph gets single spacing."""
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run = paragraph.add_run()
    limit = Cm(TEXT_WIDTH_CM)
    if width_cm is not None:
        run.add_picture(io.BytesIO(png), width=Cm(min(width_cm, TEXT_WIDTH_CM)))
        return
    shape = run.add_picture(io.BytesIO(png))
    if shape.width > limit:
        shape.height = Length(int(shape.height * limit / shape.width))
        shape.width = limit


def format_cell_paragraph(paragraph: object, align: WD_ALIGN_PARAGRAPH) -> None:
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    no_indent(fmt)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.alignment = align


def repeat_header(table: DocxTable) -> None:
    """The first row repeats on every page the table runs over."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
