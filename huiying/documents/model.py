"""The document model shared by every renderer: plain dataclasses, no Django."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Figure:
    """A number in a report that must be traceable to the query that produced it."""

    value: str  # as printed, e.g. "12" or "91.7%"
    note: str  # how it was computed, in Chinese
    href: str = ""  # link to the records behind it (HTML only)


@dataclass
class Paragraph:
    parts: list[str | Figure]
    style: str = "body"  # body | lead | quote


@dataclass
class Heading:
    text: str  # numbering (一、 （一） 1.) is supplied by the caller
    level: int = 1


@dataclass
class Table:
    header: list[str]
    rows: list[list[str | Figure]]
    caption: str = ""


@dataclass
class Image:
    png: bytes
    caption: str = ""
    width_cm: float = 15.0


@dataclass
class RichText:
    """An HTML fragment; renderers sanitise it again before use."""

    html: str


Block = Heading | Paragraph | Table | Image | RichText

PARAGRAPH_STYLES = ("body", "lead", "quote")


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    doc_number: str = ""  # 文号
    recipients: str = ""  # 主送


def chinese_date(day: datetime.date) -> str:
    """2026年11月25日 — GB/T 9704 writes the date in Arabic numerals without zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


def recipients_line(recipients: str) -> str:
    text = recipients.strip()
    return text if text.endswith(("：", ":")) else text + "："


class NoteNumbers:
    """Numbers Figures' notes in reading order; the same note text shares one number."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def number(self, figure: Figure) -> int:
        key = figure.note.strip()
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def notes(self) -> list[tuple[int, str]]:
        return [(n, note) for note, n in self._numbers.items()]
