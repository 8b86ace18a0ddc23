"""PDF via WeasyPrint from the standalone HTML; nothing outside the document is ever fetched."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from huiying.documents.html import render_html
from huiying.documents.model import Document


class RefusingFetcher(URLFetcher):  # type: ignore[misc]
    """Serves data: URIs only. Rendering must not reach the network or the file system: a
    document may carry links from stored RichText, and an export must not depend on them."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        if not url.lower().startswith("data:"):
            raise ValueError(f"refusing to fetch {url[:80]!r} while rendering a document")
        return super().fetch(url, headers)


def render_pdf(doc: Document) -> bytes:
    """The document as an A4 PDF with the same layout as the printed HTML."""
    html = HTML(string=render_html(doc, standalone=True), url_fetcher=RefusingFetcher())
    pdf = html.write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
