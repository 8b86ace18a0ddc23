"""Passages the punctuation and number checks must leave alone: URLs and e-mail addresses."""

from __future__ import annotations

import re
from bisect import bisect_right

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_PROTECTED = re.compile(
    rf"(?:https?://|ftp://|www\.){_URL_CHARS}+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
# Punctuation that ends a sentence (or closes a bracket) is not part of the address it follows.
_TRAILING = ".,;:!?)"


class Spans:
    """Sorted, non-overlapping [start, end) spans with a fast membership test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int) or not self._starts:
            return False
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


def protected(text: str) -> Spans:
    spans = []
    for m in _PROTECTED.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            url = text[m.start() : end]
            if text[end - 1] == ")" and url.count("(") >= url.count(")"):
                break  # a balanced parenthesis belongs to the address
            end -= 1
        spans.append((m.start(), end))
    return Spans(spans)
