"""Document export: one model, rendered to HTML, DOCX (GB/T 9704 layout) and PDF, plus charts.

Callers build a `Document` of blocks; every `Figure` carries the rule that computed it, which
becomes a link (HTML) or a numbered note (DOCX/PDF)::

    doc = Document(
        title="关于2026年上半年网络舆情处置工作情况的报告",
        issuer="某某区委网信办",
        date=datetime.date(2026, 7, 3),
        blocks=[
            Heading("一、总体情况", 1),
            Paragraph(["上半年共处置", Figure("128", "立案时间在……之间的处置数", "/cases/?…"), "件。"]),
            Image(chart_png("bar", ["一月", "二月"], {"处置数": [18, 22]}), caption="图1 各月处置数"),
        ],
    )
    render_docx(doc)  # bytes; render_pdf(doc) bytes; render_html(doc, standalone=False) str

Heading numbering (一、 （一） 1.) is the caller's. Nothing here touches the database or the
network; RichText is sanitised again at render time.
"""

from huiying.documents.charts import ChartFontError, chart_png
from huiying.documents.html import render_html
from huiying.documents.model import (
    Block,
    Document,
    Figure,
    Heading,
    Image,
    Paragraph,
    RichText,
    Table,
)
from huiying.documents.pdf import render_pdf
from huiying.documents.sanitise import clean_html, inline_images
from huiying.documents.word import render_docx

__all__ = [
    "Block",
    "ChartFontError",
    "Document",
    "Figure",
    "Heading",
    "Image",
    "Paragraph",
    "RichText",
    "Table",
    "chart_png",
    "clean_html",
    "inline_images",
    "render_docx",
    "render_html",
    "render_pdf",
]
