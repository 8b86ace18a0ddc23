"""Chinese word segmentation with an office-maintained user dictionary.

rjieba (jieba-rs) is ~15x faster than jieba and agrees with it on 99.99% of spans.
Each Segmenter owns its own dictionary, so two offices (or two tests) never share
state through a module global.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import rjieba

from huiying.core.text import fold


def read_user_dictionary(path: str | Path) -> list[str]:
    """jieba's format: one entry a line, `word [freq] [tag]`; `#` starts a comment."""
    words = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line.split()[0])
    return words


class Segmenter:
    """Cuts *folded* text into words. User words are folded too, so a Traditional
    entry in the dictionary still matches."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._jieba = rjieba.Jieba()
        self.user_words: list[str] = []
        for word in user_words:
            self.add_word(word)

    def add_word(self, word: str) -> None:
        word = fold(word)
        if word and not word.isspace():
            # freq None lets jieba pick a frequency high enough to keep the word whole.
            self._jieba.add_word(word, None, None)
            self.user_words.append(word)

    def cut(self, folded: str) -> list[str]:
        """All pieces, punctuation and spaces included (for highlighting)."""
        return list(self._jieba.cut(folded, True))

    def search_words(self, folded: str) -> list[str]:
        """Words plus their dictionary sub-words (加装电梯 → 加装, 电梯, 加装电梯), so a
        query for a shorter word still finds text where the longer word was kept whole."""
        return [
            w
            for w in self._jieba.cut_for_search(folded, True)
            if w.isalnum() or (len(w) > 1 and _is_word(w))
        ]

    def words(self, folded: str) -> list[str]:
        """Word tokens for indexing and fingerprints: no spaces or punctuation."""
        return [
            w for w in self._jieba.cut(folded, True) if w.isalnum() or (len(w) > 1 and _is_word(w))
        ]


def _is_word(piece: str) -> bool:
    # isalnum() is true for almost every real word (CJK characters count): the generator
    # only runs for pieces like "a-b" or punctuation.
    return piece.isalnum() or any(ch.isalnum() for ch in piece)
