"""DOCX in the layout of a Chinese official document (GB/T 9704)."""

from __future__ import annotations

import datetime
import io

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from huiying.documents.model import (
    Block,
    Document,
    Heading,
    Image,
    NoteNumbers,
    Paragraph,
    RichText,
    Table,
    chinese_date,
    recipients_line,
)
from huiying.documents.word_inline import (
    add_parts,
    add_picture,
    add_text,
    format_cell_paragraph,
    repeat_header,
)
from huiying.documents.word_rich import add_rich_text
from huiying.documents.word_styles import (
    BODY_FONT,
    CHAR,
    HEI_FONT,
    KAI_FONT,
    NOTE_SIZE,
    TABLE_SIZE,
    TITLE_FONT,
    no_indent,
    setup,
)

HEADING_FONTS = {1: HEI_FONT, 2: KAI_FONT, 3: BODY_FONT}


def heading_level(level: int) -> int:
    return min(max(level, 1), 3)


def add_heading(out: DocxDocument, text: str, level: int) -> None:
    level = heading_level(level)
    paragraph = out.add_paragraph(style=f"Heading {level}")
    add_text(paragraph, text, HEADING_FONTS[level], bold=level == 3)


def _paragraph(out: DocxDocument, block: Paragraph, notes: NoteNumbers) -> None:
    paragraph = out.add_paragraph()
    if block.style == "quote":
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(CHAR.pt * 2)
        add_parts(paragraph, block.parts, notes, KAI_FONT)
    else:
        add_parts(paragraph, block.parts, notes, BODY_FONT, bold=block.style == "lead" or None)


def _caption(out: DocxDocument, text: str) -> None:
    paragraph = out.add_paragraph()
    format_cell_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.keep_with_next = True
    add_text(paragraph, text, HEI_FONT, size=NOTE_SIZE)


def _table(out: DocxDocument, block: Table, notes: NoteNumbers) -> None:
    if block.caption:
        _caption(out, block.caption)  # table captions go above the table
    columns = max([len(block.header), *(len(row) for row in block.rows)])
    table = out.add_table(rows=1, cols=columns)
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=False):
        paragraph = cell.paragraphs[0]
        format_cell_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
        add_text(paragraph, text, HEI_FONT, size=TABLE_SIZE)
    repeat_header(table)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            paragraph = cell.paragraphs[0]
            format_cell_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
            add_parts(paragraph, [value], notes, BODY_FONT, size=TABLE_SIZE)
    out.add_paragraph()  # a blank line keeps the next paragraph off the table's border


def _image(out: DocxDocument, block: Image) -> None:
    paragraph = out.add_paragraph()
    format_cell_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.keep_with_next = bool(block.caption)
    add_picture(paragraph, block.png, block.width_cm)
    if block.caption:
        caption = out.add_paragraph()
        format_cell_paragraph(caption, WD_ALIGN_PARAGRAPH.CENTER)
        add_text(caption, block.caption, HEI_FONT, size=NOTE_SIZE)


def _block(out: DocxDocument, block: Block, notes: NoteNumbers) -> None:
    if isinstance(block, Heading):
        add_heading(out, block.text, block.level)
    elif isinstance(block, Paragraph):
        _paragraph(out, block, notes)
    elif isinstance(block, Table):
        _table(out, block, notes)
    elif isinstance(block, Image):
        _image(out, block)
    elif isinstance(block, RichText):
        add_rich_text(out, block.html)
    else:
        raise TypeError(f"not a document block: {type(block).__name__}")


def _width(text: str) -> float:
    """Width in body characters: ASCII is half as wide as a Chinese character."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def _signature(out: DocxDocument, doc: Document) -> None:
    """Issuer centred over the date; the date four characters in from the right."""
    if not (doc.issuer or doc.date):
        return
    out.add_paragraph()
    date_text = chinese_date(doc.date) if doc.date else ""
    if doc.issuer:
        shift = 4 + (_width(date_text) - _width(doc.issuer)) / 2 if date_text else 4
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        no_indent(paragraph.paragraph_format)
        paragraph.paragraph_format.right_indent = Pt(CHAR.pt * max(shift, 0))
        add_text(paragraph, doc.issuer, BODY_FONT)
    if date_text:
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        no_indent(paragraph.paragraph_format)
        paragraph.paragraph_format.right_indent = Pt(CHAR.pt * 4)
        add_text(paragraph, date_text, BODY_FONT)


def _notes(out: DocxDocument, notes: NoteNumbers) -> None:
    """The computing rule of every Figure, numbered as the markers in the text."""
    listed = notes.notes()
    if not listed:
        return
    out.add_paragraph()
    heading = out.add_paragraph(style="Figure Note")
    heading.paragraph_format.left_indent = Pt(0)
    add_text(heading, "注：", BODY_FONT)
    for number, note in listed:
        paragraph = out.add_paragraph(style="Figure Note")
        add_text(paragraph, f"[{number}] {note}", BODY_FONT)


def _front(out: DocxDocument, doc: Document) -> None:
    if doc.doc_number:
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        no_indent(paragraph.paragraph_format)
        add_text(paragraph, doc.doc_number, BODY_FONT)
        out.add_paragraph()
    title = out.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(title, doc.title, TITLE_FONT)
    if doc.subtitle:
        subtitle = out.add_paragraph(style="Subtitle")
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(subtitle, doc.subtitle, KAI_FONT)
    out.add_paragraph()  # 标题下空一行
    if doc.recipients:
        paragraph = out.add_paragraph()
        no_indent(paragraph.paragraph_format)
        add_text(paragraph, recipients_line(doc.recipients), BODY_FONT)


def _properties(out: DocxDocument, doc: Document) -> None:
    props = out.core_properties
    props.title = doc.title
    props.subject = doc.subtitle
    props.author = doc.issuer or "huiying"
    props.last_modified_by = props.author
    props.language = "zh-CN"
    props.comments = ""
    # Stamp the document's own date so regenerating a report gives the same properties.
    day = doc.date or datetime.date(2000, 1, 1)
    stamp = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    props.created = props.modified = stamp
    props.revision = 1


def render_docx(doc: Document) -> bytes:
    """The document as DOCX: A4, GB/T 9704 margins and fonts, Figures with numbered notes."""
    out = docx.Document()
    setup(out)
    notes = NoteNumbers()
    _front(out, doc)
    for block in doc.blocks:
        _block(out, block, notes)
    _signature(out, doc)
    _notes(out, notes)
    _properties(out, doc)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
