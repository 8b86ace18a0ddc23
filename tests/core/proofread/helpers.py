"""Small helpers shared by the proofreading tests."""

from __future__ import annotations

from huiying.core.proofread import Finding, check


def kinds(text: str, kind: str, **options: object) -> list[Finding]:
    """Findings of one kind, after checking that every finding quotes its own passage."""
    found = check(text, **options)  # type: ignore[arg-type]
    for f in found:
        assert text[f.start : f.end] == f.text
    return [f for f in found if f.kind == kind]


def passages(text: str, kind: str, **options: object) -> list[str]:
    return [f.text for f in kinds(text, kind, **options)]
