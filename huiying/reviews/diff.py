"""Two versions side by side: what was deleted from the left, inserted on the right.

Compares the plain text character by character (Chinese has no spaces to split words
on), and escapes everything it emits."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape


@dataclass(frozen=True)
class SideBySide:
    left: str  # HTML: the old text with <del> marks
    right: str  # HTML: the new text with <ins> marks
    inserted: int  # characters
    deleted: int


def compare(old: str, new: str) -> SideBySide:
    left: list[str] = []
    right: list[str] = []
    inserted = deleted = 0
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = escape(old[i1:i2]), escape(new[j1:j2])
        if op == "equal":
            left.append(a)
            right.append(b)
            continue
        if i2 > i1:
            left.append(f"<del>{a}</del>")
            deleted += i2 - i1
        if j2 > j1:
            right.append(f"<ins>{b}</ins>")
            inserted += j2 - j1
    return SideBySide("".join(left), "".join(right), inserted, deleted)
