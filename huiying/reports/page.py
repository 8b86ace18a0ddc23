"""The report page's blocks: the same layout (huiying.reports.layout) built with these
light stand-ins for huiying.documents, so the page shows exactly what the files show;
a chart becomes its spec here and is drawn as a PNG by the chart view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from huiying.reports.layout import LAYOUTS, Builder


@dataclass
class Figure:
    value: Any
    note: str
    href: str = ""
    kind: str = "figure"


@dataclass
class Heading:
    text: str
    level: int = 1
    kind: str = "heading"


@dataclass
class Paragraph:
    parts: list[Any]
    style: str = "body"
    kind: str = "paragraph"


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]
    caption: str = ""
    kind: str = "table"


@dataclass
class ChartSpec:
    chart: str
    labels: list[str]
    series: dict[str, list[float]]
    title: str = ""


@dataclass
class Image:
    png: ChartSpec
    caption: str = ""
    width_cm: float = 15
    kind: str = "image"
    index: int = 0


@dataclass
class RichText:
    html: str
    kind: str = "richtext"


@dataclass
class Document:
    title: str
    blocks: list[Any] = field(default_factory=list)
    subtitle: str = ""
    issuer: str = ""
    date: date | None = None
    doc_number: str = ""
    recipients: str = ""


def _chart_png(
    kind: str, labels: list[str], series: dict[str, list[float]], title: str = ""
) -> ChartSpec:
    return ChartSpec(kind, list(labels), dict(series), title)


STAND_INS = SimpleNamespace(
    Figure=Figure,
    Heading=Heading,
    Paragraph=Paragraph,
    Table=Table,
    Image=Image,
    RichText=RichText,
    Document=Document,
    chart_png=_chart_png,
)


def page_blocks(report: Any) -> list[Any]:
    b = Builder(STAND_INS, dict(report.narrative or {}))
    LAYOUTS[report.kind](b, report.figures)
    images = [blk for blk in b.blocks if isinstance(blk, Image)]
    for i, img in enumerate(images):
        img.index = i
    return b.blocks


def chart_specs(report: Any) -> list[ChartSpec]:
    return [blk.png for blk in page_blocks(report) if isinstance(blk, Image)]


def documents_available() -> bool:
    try:
        import huiying.documents as d
    except ImportError:
        return False
    return all(hasattr(d, n) for n in ("render_docx", "render_pdf", "chart_png"))
