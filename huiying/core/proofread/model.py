"""What a proofreading check reports, and the office's wrong → right term list entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = (
    "width",
    "bracket",
    "repeat",
    "number",
    "date",
    "term",
    "flagged",
    "script",
    "long_sentence",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One passage a proofreader should look at. Offsets are into the checked text."""

    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class TermRule:
    """A wrong or outdated form and what to write instead; `note` explains when needed."""

    wrong: str
    right: str
    note: str = ""


# Characters that make the surrounding text Chinese: Han ideographs, CJK and full-width
# punctuation (not full-width digits and letters: ００:０３ is a time), and the curly
# quotes and ellipsis Chinese text uses.
CJK_CLASS = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\u2018-\u201d\u2026"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uffef"
)
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CLASS}]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and CJK.match(ch) is not None


def finding(
    text: str, kind: str, start: int, end: int, message: str, suggestion: str | None = None
) -> Finding:
    return Finding(kind, start, end, text[start:end], message, suggestion)
