"""Render times for a ten-page report (run with -s to see the figures)."""

from __future__ import annotations

import io
import time

import pypdf
import pytest

from huiying.documents import render_docx, render_html, render_pdf
from tests.documents.sample import sample_document


@pytest.mark.slow
def test_ten_page_report_renders_quickly():
    doc = sample_document(extra_pages=7)
    timings = {}
    for name, render in (("html", render_html), ("docx", render_docx), ("pdf", render_pdf)):
        start = time.perf_counter()
        output = render(doc)
        timings[name] = time.perf_counter() - start
    pages = len(pypdf.PdfReader(io.BytesIO(output)).pages)
    print(f"\n{pages} pages: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))
    assert pages >= 10
    # Generous bounds for a shared 2-core machine; a report request must not time out.
    assert timings["pdf"] < 15
    assert timings["docx"] < 5
