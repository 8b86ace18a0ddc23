"""The office's wrong → right term list and its phrases flagged for a second look."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import zhconv_rs

from huiying.core.proofread.model import Finding, TermRule, finding
from huiying.core.text import to_simplified

STARTER_FILE = "starter_terms.txt"
# Second characters of words starting with 部 (部门, 部署, 部分 …).
_PART_WORDS = frozenset("门署分位件队落")


def starter_terms() -> list[TermRule]:
    """The shipped starter list: official names replaced in government restructurings and
    commonly miswritten words. Offices extend or replace it."""
    return list(_starter_terms())


@lru_cache(maxsize=1)
def _starter_terms() -> tuple[TermRule, ...]:
    text = (
        resources.files("huiying.core.proofread").joinpath(STARTER_FILE).read_text(encoding="utf-8")
    )
    return tuple(parse_terms(text))


def parse_terms(text: str) -> list[TermRule]:
    """One rule a line: `wrong<TAB>right[<TAB>note]`; `#` starts a comment line."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 2 or not fields[0] or not fields[1]:
            raise ValueError(f"not `wrong<TAB>right[<TAB>note]`: {line!r}")
        rules.append(TermRule(fields[0], fields[1], fields[2] if len(fields) > 2 else ""))
    return rules


@lru_cache(maxsize=64)
def _matcher(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation, longest phrase first, so a longer name wins over its prefix."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile("|".join(map(re.escape, unique)))


@lru_cache(maxsize=64)
def _compiled_rules(
    rules: tuple[TermRule, ...],
) -> tuple[re.Pattern[str] | None, dict[str, TermRule], re.Pattern[str] | None]:
    by_wrong: dict[str, TermRule] = {}
    for rule in rules:
        by_wrong.setdefault(to_simplified(rule.wrong), rule)
    # A right name that contains a wrong one (住房和城乡建设部 ⊃ 建设部) shields it.
    shields = tuple(
        to_simplified(r.right) for r in rules if any(w in to_simplified(r.right) for w in by_wrong)
    )
    return _matcher(tuple(by_wrong)), by_wrong, _matcher(shields)


def terms(
    text: str, simplified: str, rules: Sequence[TermRule], *, traditional: bool
) -> list[Finding]:
    pattern, by_wrong, shield_pattern = _compiled_rules(tuple(rules))
    if pattern is None:
        return []
    shields = [m.span() for m in shield_pattern.finditer(simplified)] if shield_pattern else []
    found = []
    for m in pattern.finditer(simplified):
        start, end = m.span()
        if _other_word(simplified, start, end):
            continue
        if any(s <= start and end <= e for s, e in shields):
            continue
        rule = by_wrong[m.group()]
        right = _in_script(rule.right, traditional)
        note = f"（{rule.note}）" if rule.note else ""
        found.append(
            finding(text, "term", start, end, f"“{text[start:end]}”应为“{right}”{note}", right)
        )
    return found


def _other_word(text: str, start: int, end: int) -> bool:
    """原卫生部 names the former body on purpose; in 卫生部门 (health departments),
    交通部署 or 建设部分 the 部 starts another word."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before == "原" or (text[end - 1] == "部" and after != "" and after in _PART_WORDS)


def flagged(text: str, simplified: str, phrases: Sequence[str]) -> list[Finding]:
    pattern = _matcher(tuple(to_simplified(p.strip()) for p in phrases))
    if pattern is None:
        return []
    return [
        finding(text, "flagged", m.start(), m.end(), f"请再看一遍：“{text[m.start() : m.end()]}”")
        for m in pattern.finditer(simplified)
    ]


def _in_script(phrase: str, traditional: bool) -> str:
    if not traditional:
        return phrase
    return str(zhconv_rs.zhconv(phrase, "zh-hant"))
