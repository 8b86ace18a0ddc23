"""Proofreading aids for drafts: huiying.core.proofread with the office's term list and
flagged phrases, and the plain text shown with each finding marked for a one-click jump.
Findings warn; nothing here blocks a save or an approval."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from huiying.core import proofread
from huiying.reviews.models import FlaggedPhrase, Term


def plain_text(body_html: str) -> str:
    return proofread.html_to_text(body_html)


def office_terms() -> list[proofread.TermRule]:
    return [proofread.TermRule(t.wrong, t.right, t.note) for t in Term.objects.all()]


def run_checks(text: str) -> list[dict[str, Any]]:
    """Findings as plain dicts (stored with each version), in text order."""
    flagged = list(FlaggedPhrase.objects.values_list("phrase", flat=True))
    found = proofread.check(text, terms=office_terms(), flagged=flagged)
    rows = [
        {
            "kind": str(f.kind),
            "start": int(f.start),
            "end": int(f.end),
            "text": str(f.text),
            "message": str(f.message),
            "suggestion": str(f.suggestion or ""),
        }
        for f in found
    ]
    return sorted(rows, key=lambda r: (r["start"], r["end"]))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    anchor: str  # the id the panel jumps to
    css: str


def marked_text(text: str, spans: Iterable[Span]) -> tuple[str, dict[str, str]]:
    """The text as escaped HTML with a <mark id> per span, and for each span's anchor the
    id to jump to: a span overlapping an earlier one jumps to that earlier mark."""
    out: list[str] = []
    jump: dict[str, str] = {}
    pos = 0
    last_anchor = ""
    last_end = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        start, end = max(0, span.start), min(len(text), span.end)
        if start < last_end or end <= start:
            jump[span.anchor] = last_anchor or span.anchor
            continue
        out.append(escape(text[pos:start]))
        out.append(
            f'<mark id="{escape(span.anchor)}" class="{escape(span.css)}">'
            f"{escape(text[start:end])}</mark>"
        )
        jump[span.anchor] = span.anchor
        pos = last_end = end
        last_anchor = span.anchor
    out.append(escape(text[pos:]))
    return "".join(out), jump


def finding_spans(findings: Sequence[dict[str, Any]]) -> list[Span]:
    return [
        Span(f["start"], f["end"], f"finding-{i}", f"finding finding-{f['kind']}")
        for i, f in enumerate(findings, start=1)
    ]


def panel(text: str, findings: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the proofreading panel template needs: marked text and rows with jump ids."""
    html, jump = marked_text(text, finding_spans(findings))
    rows = [
        {**f, "number": i, "target": jump.get(f"finding-{i}", f"finding-{i}")}
        for i, f in enumerate(findings, start=1)
    ]
    return {"marked": html, "findings": rows}
