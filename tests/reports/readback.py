"""Reading a report file back as text, the way a recipient's software sees it."""

from __future__ import annotations

import io

from docx import Document as Docx
from pypdf import PdfReader


def docx_text(data: bytes) -> tuple[list[str], str]:
    """(Heading 1 texts, all text including tables) of a DOCX."""
    doc = Docx(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return headings, "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() or "" for page in reader.pages).replace("\n", "")
