"""The one shape every source kind (feed, web page, import file) is adapted to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RawEntry:
    """One fetched or imported piece of content, before it becomes an Item.

    `text` is plain text with one paragraph per line; `html` is already sanitised and
    safe to show. `author` is kept only as part of the citation. `guid` identifies the
    entry within its source (feed id, URL, or the import file's id).
    """

    url: str
    title: str
    text: str
    html: str
    published_at: datetime | None
    author: str
    guid: str
    extra: dict[str, str] = field(default_factory=dict)


class ParseError(Exception):
    """Content that cannot be turned into entries.

    `code` is a stable English slug for programs and logs; `message` is one plain
    Chinese sentence saying what is wrong, shown to a non-technical user as is.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
