"""Find where folded query terms occur in the original (unfolded) text, for highlighting.

Matching runs on folded text, but people read the original: each original character is
folded on its own so every folded position maps back to an original position.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

from huiying.core.text import to_simplified


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", ch)).lower()


def find_spans(original: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans in `original` where any folded term occurs."""
    folded = to_simplified(unicodedata.normalize("NFKC", original)).lower()
    back: range | list[int]
    if len(folded) == len(original):
        back = range(len(original))  # the usual case: folding kept every position
    else:
        parts = [_fold_char(ch) for ch in original]
        folded = "".join(parts)
        back = [index for index, part in enumerate(parts) for _ in part]
    spans: list[tuple[int, int]] = []
    for term in {t for t in terms if t}:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((back[start], back[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_html(original: str, terms: list[str], *, tag: str = "mark") -> str:
    """HTML-escaped text with the matches wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in find_spans(original, terms):
        out.append(html.escape(original[pos:start]))
        out.append(f"<{tag}>{html.escape(original[start:end])}</{tag}>")
        pos = end
    out.append(html.escape(original[pos:]))
    return "".join(out)


def snippet(original: str, terms: list[str], *, width: int = 120) -> str:
    """A window of the text around the first match, highlighted."""
    spans = find_spans(original, terms)
    if not spans:
        return html.escape(original[:width]) + ("…" if len(original) > width else "")
    start = max(0, spans[0][0] - width // 3)
    end = min(len(original), start + width)
    piece = original[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    return prefix + highlight_html(piece, terms) + suffix
