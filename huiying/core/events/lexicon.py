"""Word lists for event grouping, read from plain-text files under `data/`.

Written for this project. Every entry is folded on load, so an office may add a
Traditional word and it still matches folded text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from huiying.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"

Level = Literal["city", "district", "town", "site", "org"]
LEVELS: tuple[Level, ...] = ("city", "district", "town", "site", "org")
_LEVEL_NAMES: dict[str, Level] = {level: level for level in LEVELS}


@dataclass(frozen=True)
class EventLexicon:
    stopwords: frozenset[str]
    boundary: frozenset[str]  # one-character words a place name never starts after
    concepts: Mapping[str, str]  # word → the problem concept it names
    endings: Mapping[str, Level]  # place ending → level
    strip: tuple[str, ...]  # generic endings dropped from a place's key, longest first
    not_places: frozenset[str]  # words that end like a place but are none (政府)
    longest_ending: int
    ending_chars: frozenset[str]  # last characters of endings: a quick test


def _lines(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield [fold(w) for w in line.split()]


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = DATA_DIR) -> EventLexicon:
    stopwords = frozenset(w for words in _lines(directory / "stopwords.txt") for w in words)
    boundary = frozenset(w for words in _lines(directory / "boundary.txt") for w in words)
    concepts: dict[str, str] = {}
    for name, *words in _lines(directory / "problems.txt"):
        for word in (name, *words):
            concepts.setdefault(word, name)
    endings: dict[str, Level] = {}
    strip: list[str] = []
    not_places: set[str] = set()
    for kind, *words in _lines(directory / "suffixes.txt"):
        if kind == "strip":
            strip.extend(words)
        elif kind == "except":
            not_places.update(words)
        else:
            level = _LEVEL_NAMES.get(kind)
            if level is None:
                raise ValueError(f"suffixes.txt: unknown level {kind!r}")
            endings.update(dict.fromkeys(words, level))
    return EventLexicon(
        stopwords=stopwords,
        boundary=boundary,
        concepts=MappingProxyType(concepts),
        endings=MappingProxyType(endings),
        strip=tuple(sorted(strip, key=len, reverse=True)),
        not_places=frozenset(not_places),
        longest_ending=max(map(len, endings)),
        ending_chars=frozenset(w[-1] for w in endings),
    )
