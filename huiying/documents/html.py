"""Clean HTML: a fragment for the app's pages (no inline styles, so the page CSP holds) or a
standalone page with print CSS, which is also what the PDF is made from."""

from __future__ import annotations

import base64
from html import escape
from importlib import resources

from huiying.documents.model import (
    PARAGRAPH_STYLES,
    Block,
    Document,
    Figure,
    Heading,
    Image,
    NoteNumbers,
    Paragraph,
    RichText,
    Table,
    chinese_date,
    recipients_line,
)
from huiying.documents.sanitise import clean_html, safe_href

CSS_PX_PER_CM = 96 / 2.54


def print_css() -> str:
    return resources.files("huiying.documents").joinpath("print.css").read_text("utf-8")


def _figure(figure: Figure, notes: NoteNumbers) -> str:
    number = notes.number(figure)
    value = escape(figure.value)
    title = escape(figure.note, quote=True)
    href = safe_href(figure.href)
    if href:
        shown = (
            f'<a class="hy-figure" href="{escape(href, quote=True)}" title="{title}">{value}</a>'
        )
    else:
        shown = f'<span class="hy-figure" title="{title}">{value}</span>'
    marker = f'<sup class="hy-note-ref"><a href="#hy-note-{number}">[{number}]</a></sup>'
    # Kept together so a line never breaks between a value and its note number.
    return f'<span class="hy-figure-with-note">{shown}{marker}</span>'


def _parts(parts: list[str | Figure], notes: NoteNumbers) -> str:
    return "".join(
        _figure(part, notes) if isinstance(part, Figure) else escape(part) for part in parts
    )


def _table(table: Table, notes: NoteNumbers) -> str:
    out = ['<table class="hy-table">']
    if table.caption:
        out.append(f"<caption>{escape(table.caption)}</caption>")
    out.append("<thead><tr>")
    out.extend(f"<th>{escape(cell)}</th>" for cell in table.header)
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>")
        out.extend(f"<td>{_parts([cell], notes)}</td>" for cell in row)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _image(image: Image) -> str:
    data = base64.b64encode(image.png).decode("ascii")
    # A width attribute rather than a style attribute: the app's CSP forbids inline styles,
    # and WeasyPrint maps CSS px to 1/96 in, so print keeps the requested width in cm.
    width = round(image.width_cm * CSS_PX_PER_CM)
    alt = escape(image.caption, quote=True)
    out = f'<figure class="hy-image"><img src="data:image/png;base64,{data}" width="{width}" alt="{alt}">'
    if image.caption:
        out += f"<figcaption>{escape(image.caption)}</figcaption>"
    return out + "</figure>"


def _block(block: Block, notes: NoteNumbers) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 4)
        return f'<h{level + 1} class="hy-h{level}">{escape(block.text)}</h{level + 1}>'
    if isinstance(block, Paragraph):
        style = block.style if block.style in PARAGRAPH_STYLES else "body"
        return f'<p class="hy-{style}">{_parts(block.parts, notes)}</p>'
    if isinstance(block, Table):
        return _table(block, notes)
    if isinstance(block, Image):
        return _image(block)
    if isinstance(block, RichText):
        return f'<div class="hy-rich">{clean_html(block.html)}</div>'
    raise TypeError(f"not a document block: {type(block).__name__}")


def _notes(notes: NoteNumbers) -> str:
    listed = notes.notes()
    if not listed:
        return ""
    items = "".join(
        f'<li id="hy-note-{number}" value="{number}">{escape(note)}</li>' for number, note in listed
    )
    return f'<section class="hy-notes"><p class="hy-notes-title">注：</p><ol>{items}</ol></section>'


def render_body(doc: Document) -> str:
    notes = NoteNumbers()
    out = ['<article class="hy-doc" lang="zh-CN">']
    if doc.doc_number:
        out.append(f'<p class="hy-doc-number">{escape(doc.doc_number)}</p>')
    out.append(f'<h1 class="hy-title">{escape(doc.title)}</h1>')
    if doc.subtitle:
        out.append(f'<p class="hy-subtitle">{escape(doc.subtitle)}</p>')
    if doc.recipients:
        out.append(f'<p class="hy-recipients">{escape(recipients_line(doc.recipients))}</p>')
    out.extend(_block(block, notes) for block in doc.blocks)
    if doc.issuer or doc.date:
        out.append('<div class="hy-signature">')
        if doc.issuer:
            out.append(f'<p class="hy-issuer">{escape(doc.issuer)}</p>')
        if doc.date:
            out.append(
                f'<p class="hy-date"><time datetime="{doc.date.isoformat()}">'
                f"{chinese_date(doc.date)}</time></p>"
            )
        out.append("</div>")
    out.append(_notes(notes))
    out.append("</article>")
    return "\n".join(part for part in out if part)


def render_html(doc: Document, *, standalone: bool = True) -> str:
    """The document as HTML. Figures become links with a numbered note marker, and the notes
    are listed at the end. `standalone` wraps it in a page with print CSS (A4, GB/T 9704
    margins); without it the fragment carries classes only, for embedding in app pages."""
    body = render_body(doc)
    if not standalone:
        return body
    # WeasyPrint copies these into the PDF's metadata; no render time, so output is repeatable.
    meta = ""
    if doc.issuer:
        meta += f'<meta name="author" content="{escape(doc.issuer, quote=True)}">\n'
    if doc.date:
        meta += f'<meta name="dcterms.created" content="{doc.date.isoformat()}">\n'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(doc.title)}</title>\n{meta}<style>\n{print_css()}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
