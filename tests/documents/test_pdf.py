"""PDF exports read back with pypdf: Chinese text must come out exactly as it went in."""

from __future__ import annotations

import io

import pypdf
import pytest

from huiying.documents import Document, Paragraph, RichText, render_pdf
from huiying.documents.pdf import RefusingFetcher
from tests.documents.sample import CASES, CLOSURE, HEADINGS, MEDIAN, UNIT_A, sample_document

MM = 72 / 25.4


@pytest.fixture(scope="module")
def reader() -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(render_pdf(sample_document())))


@pytest.fixture(scope="module")
def lines(reader) -> list[str]:
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def test_pages_are_a4(reader):
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)


def test_chinese_headings_extract_exactly(lines):
    for heading in [*HEADINGS, "（二）典型做法"]:
        assert heading in lines
    # The title may wrap; its characters must all be there in order.
    text = "".join(lines)
    assert "关于2026年上半年网络舆情处置工作情况的报告" in text
    assert "區市場監管局" in text  # Traditional characters survive as well


def test_figures_carry_note_numbers_and_notes_are_listed(lines):
    text = "".join(lines)
    for marked in ("128[1]", "91.7%[2]", "3.5小时[3]", "46[4]"):
        assert marked in text
    start = lines.index("注：")
    assert lines[start + 1 : start + 5] == [
        f"[1] {CASES.note}",
        f"[2] {CLOSURE.note}",
        f"[3] {MEDIAN.note}",
        f"[4] {UNIT_A.note}",
    ]


def test_regenerating_gives_the_same_file_and_metadata():
    first = render_pdf(sample_document())
    assert first == render_pdf(sample_document())
    meta = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert meta.title == "关于2026年上半年网络舆情处置工作情况的报告"
    assert meta.author == "某某区委网信办"


def test_signature_and_page_numbers(reader, lines):
    assert "某某区委网信办" in lines and "2026年11月25日" in lines
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()


def test_body_starts_at_the_left_margin(reader):
    """The recipients line has no indent, so its x position is the left margin (28 mm)."""
    xs: list[float] = []

    def visit(text, cm, tm, font, size):
        if "区委办公室" in text:
            xs.append(tm[4] * cm[0] + cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert xs and xs[0] == pytest.approx(28 * MM, abs=1.0)


def test_chart_is_embedded(reader):
    sizes = {image.image.size for page in reader.pages for image in page.images}
    assert sizes == {(960, 480)}


def test_chinese_glyphs_come_from_a_cjk_font(reader):
    fonts: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("WenQuanYi" in f or "CJK" in f or "Fang" in f for f in fonts), fonts


def test_rendering_fetches_nothing(httpserver):
    httpserver.expect_request("/x.png").respond_with_data(b"", content_type="image/png")
    url = httpserver.url_for("/x.png")
    doc = Document(
        title="外部资源测试",
        blocks=[
            RichText(f'<p>图<img src="{url}"><a href="{url}">链接</a></p>'),
            Paragraph(["正文"]),
        ],
    )
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_pdf(doc))).pages)
    assert "外部资源测试" in text and "链接" in text
    assert httpserver.log == []


def test_fetcher_serves_data_uris_only():
    fetcher = RefusingFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/x.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain;base64,5L2g5aW9").read() == "你好".encode()
