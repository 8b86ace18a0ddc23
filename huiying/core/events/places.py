"""When two items (or an item and an event) name the same place."""

from __future__ import annotations


def same_place(ours: set[str], theirs: set[str]) -> bool:
    """Whether two sets of place keys share a place. A name inside another counts
    (滨河苑 and 伊景园滨河苑; 湖苑 and 望湖苑), and so does an abbreviation: people
    shorten names, and jieba cuts one name differently in different sentences."""
    if not ours.isdisjoint(theirs):
        return True
    return any(_same_name(a, b) for a in ours for b in theirs)


def _same_name(a: str, b: str) -> bool:
    """One name inside the other, or an abbreviation of it: its characters in order and
    its first character the same (南岭职院 for 南岭职业技术学院)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 2:
        return False
    if short in long:
        return True
    if short[0] != long[0]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)
