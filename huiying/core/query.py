"""The simple search-box syntax: words (all must occur), "quoted phrases", -exclusions.

Parsed into folded terms; each backend turns terms into its own query language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from huiying.core.segment import Segmenter
from huiying.core.text import fold

_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


@dataclass(frozen=True)
class Term:
    text: str  # folded term as typed (for phrase checks and highlighting)
    tokens: tuple[str, ...]  # its words, each must be in an item's index tokens
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.negated and t.tokens]

    @property
    def highlight_terms(self) -> list[str]:
        return [t.text for t in self.positive]


def parse_search(raw: str, segmenter: Segmenter) -> SearchQuery:
    # Full-width quotes and spaces are folded to ASCII first (NFKC does 　, ＂; not “”).
    raw = raw.replace("“", '"').replace("”", '"').replace("「", '"').replace("」", '"')
    terms: list[Term] = []
    for match in _TOKEN.finditer(fold(raw)):
        negated = bool(match.group(1) or match.group(3))
        phrase = match.group(2) is not None
        text = (match.group(2) if phrase else match.group(4)) or ""
        text = text.strip()
        if not text:
            continue
        tokens = tuple(segmenter.words(text))
        terms.append(
            Term(text=text, tokens=tokens, negated=negated, phrase=phrase or len(tokens) > 1)
        )
    return SearchQuery(terms=tuple(terms))
