"""The sentiment lexicon: plain-text files under `data/`, written for this project.

Every entry is folded (Simplified, lower-case) on load, so an office can add a
Traditional word and it still matches folded text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from huiying.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """Read-only word tables. `polarity` holds signed weights of ordinary sentiment
    words and of grievance words (also listed in `grievance`, as magnitudes)."""

    polarity: Mapping[str, float]
    grievance: Mapping[str, float]
    emoji: Mapping[str, float]
    negators: Mapping[str, float]
    degrees: Mapping[str, float]
    posts: Mapping[str, float]
    undo: frozenset[str]
    contrasts: frozenset[str]
    concessions: frozenset[str]
    news: frozenset[str]
    aspects: Mapping[tuple[str, str], float]
    neutral: frozenset[str]

    def user_words(self) -> list[str]:
        """Multi-character entries the segmenter must keep whole."""
        words = (
            set(self.polarity)
            | set(self.negators)
            | set(self.degrees)
            | set(self.posts)
            | self.undo
            | self.contrasts
            | self.concessions
            | self.news
            | self.neutral
            | {a for a, _ in self.aspects}
        )
        return sorted(w for w in words if len(w) > 1 and not w.startswith("["))


def _entries(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.startswith("#") else ""
        if line:
            yield line.split()


def _weights(path: Path, sign: float) -> dict[str, float]:
    table: dict[str, float] = {}
    for parts in _entries(path):
        word = fold(parts[0])
        weight = float(parts[1]) if len(parts) > 1 else 1.0
        table[word] = sign * weight
    return table


def _aspects(path: Path) -> dict[tuple[str, str], float]:
    table: dict[tuple[str, str], float] = {}
    for nouns, adjectives, weight in _entries(path):
        for noun in nouns.split("|"):
            for adjective in adjectives.split("|"):
                table[(fold(noun), fold(adjective))] = float(weight)
    return table


def load_lexicon(directory: Path = DATA_DIR) -> Lexicon:
    positive = _weights(directory / "positive.txt", 1.0)
    negative = _weights(directory / "negative.txt", -1.0)
    grievance = _weights(directory / "grievance.txt", 1.0)
    polarity = {**positive, **negative}
    for word, weight in grievance.items():
        polarity[word] = -weight
    neutral = {fold(p[0]) for p in _entries(directory / "neutral.txt")}
    for word in neutral:
        polarity.pop(word, None)

    emoji: dict[str, float] = {}
    for parts in _entries(directory / "emoji.txt"):
        emoji[fold(parts[0])] = float(parts[1])

    tables: dict[str, dict[str, float]] = {
        k: {} for k in ("negator", "degree", "post", "undo", "contrast", "concession")
    }
    for kind, word, value in _entries(directory / "modifiers.txt"):
        tables[kind][fold(word)] = float(value)

    return Lexicon(
        polarity=MappingProxyType(polarity),
        grievance=MappingProxyType(grievance),
        emoji=MappingProxyType(emoji),
        negators=MappingProxyType(tables["negator"]),
        degrees=MappingProxyType(tables["degree"]),
        posts=MappingProxyType(tables["post"]),
        undo=frozenset(tables["undo"]),
        contrasts=frozenset(w for w, v in tables["contrast"].items() if v),
        concessions=frozenset(tables["concession"]),
        news=frozenset(fold(p[0]) for p in _entries(directory / "news.txt")),
        aspects=MappingProxyType(_aspects(directory / "aspects.txt")),
        neutral=frozenset(neutral),
    )
