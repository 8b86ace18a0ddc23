"""The per-item text pipeline: normalise → fold → detect script → segment → fingerprint.

Filing the fingerprint in a `NearDupIndex` is the caller's next step: the index is
state, this stage takes inputs only.
"""

from __future__ import annotations

from dataclasses import dataclass

from huiying.core.fingerprint import DEFAULT, Fingerprint, FingerprintParams, fingerprint
from huiying.core.segment import Segmenter
from huiying.core.text import Script, detect_script, normalise, to_simplified


@dataclass
class ProcessedText:
    normalised: str  # title and body, NFKC, clean spaces; what is shown and highlighted
    folded: str  # what matching, segmentation and fingerprints run on
    script: Script
    words: list[str]
    fingerprint: Fingerprint


def process_text(
    title: str,
    text: str,
    segmenter: Segmenter,
    params: FingerprintParams = DEFAULT,
    *,
    search: bool = False,
) -> ProcessedText:
    """Title and body as one text: the title's words are searchable, and the fingerprint
    ignores a title line anyway (it has no sentence punctuation). With `search=True`
    the words are the search-index tokens (sub-words included), so storing an item
    segments it once."""
    normalised = normalise(f"{title}\n\n{text}" if title.strip() else text)
    # Same as fold(), without normalising a second time (normalise is idempotent).
    folded = to_simplified(normalised).lower()
    return ProcessedText(
        normalised=normalised,
        folded=folded,
        script=detect_script(normalised),
        words=segmenter.search_words(folded) if search else segmenter.words(folded),
        fingerprint=fingerprint(folded, params),
    )
