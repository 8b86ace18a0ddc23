"""Proofreading aids for drafts under review (三审三校): mechanical errors a reviewer
should see before approving — mixed-width punctuation, unpaired brackets and quotes,
repeated characters and words, numbers and dates written inconsistently, wrong or
outdated terms, phrases flagged for a second look, the other script's characters,
over-long sentences. Aids warn; they never decide.

    check(html_to_text(draft.body), terms=office_terms, flagged=office_phrases)
"""

from __future__ import annotations

from collections.abc import Sequence

from huiying.core.proofread import numbers, punctuation, repeats, script, sentences
from huiying.core.proofread import terms as term_lists
from huiying.core.proofread.model import KINDS, Finding, TermRule
from huiying.core.proofread.spans import protected
from huiying.core.proofread.terms import parse_terms, starter_terms
from huiying.core.sanitise import html_to_text as _html_to_text

__all__ = [
    "KINDS",
    "Finding",
    "TermRule",
    "check",
    "html_to_text",
    "parse_terms",
    "starter_terms",
]

_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def check(
    text: str,
    *,
    terms: Sequence[TermRule] = (),
    flagged: Sequence[str] = (),
    max_sentence: int = 100,
) -> list[Finding]:
    """All findings in `text`, sorted by position. Offsets index `text` itself."""
    if not text:
        return []
    skip = protected(text)
    views = script.script_views(text)
    simplified = views.simplified
    digits = numbers.digit_runs(text)
    found = [
        *punctuation.width(text, skip),
        *punctuation.brackets(text, skip),
        *repeats.repeats(text, simplified),
        *numbers.numbers(text, simplified, skip, digits),
        *numbers.dates(text, simplified, skip, digits),
        *term_lists.terms(text, simplified, terms, traditional=views.is_traditional is True),
        *term_lists.flagged(text, simplified, flagged),
        *script.script(text, views),
        *sentences.long_sentences(text, max_sentence),
    ]
    found.sort(key=lambda f: (f.start, _KIND_ORDER[f.kind], f.end))
    return found


def html_to_text(html: str) -> str:
    """Plain text of a sanitised draft body, the text `check` offsets refer to: one
    "\\n" between blocks (p, h1–h4, li, br …), entities decoded, spaces collapsed."""
    return _html_to_text(html)
