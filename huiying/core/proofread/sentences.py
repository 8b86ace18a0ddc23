"""Sentences too long to read in one breath."""

from __future__ import annotations

import re

from huiying.core.proofread.model import Finding, finding

# A sentence ends at 。！？； … (and their half-width forms) or at the end of a line.
_SENTENCE = re.compile(r"[^。！？；!?;…\n]+[。！？；!?;…]*")


def long_sentences(text: str, max_sentence: int) -> list[Finding]:
    found = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        length = end - start
        if length > max_sentence:
            found.append(
                finding(
                    text,
                    "long_sentence",
                    start,
                    end,
                    f"句子过长（{length}字，建议不超过{max_sentence}字），可考虑拆分",
                )
            )
    return found
