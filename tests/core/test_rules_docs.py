"""docs/watch-rules.md is the user's reference: its examples must do what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from huiying.core.rules import RuleSyntaxError, parse_rule
from tests.core.test_rules_errors import CASES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "watch-rules.md").read_text("utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", DOC, flags=re.MULTILINE | re.DOTALL)


EXAMPLES = [line for block in _blocks("rule") for line in block.splitlines() if line]
ERRORS = [
    group.split("\n") for block in _blocks("rule-error") for group in block.strip().split("\n\n")
]
EQUIVALENTS = [
    (a.replace("\\|", "|"), b.replace("\\|", "|"))
    for a, b in re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|$", DOC, flags=re.MULTILINE)
]


def test_the_document_has_examples() -> None:
    assert len(EXAMPLES) > 20 and len(ERRORS) > 15 and len(EQUIVALENTS) >= 5


@pytest.mark.parametrize("query", EXAMPLES)
def test_every_example_parses(query: str) -> None:
    assert parse_rule(query).source_text == query


@pytest.mark.parametrize(("query", "caret", "message"), ERRORS)
def test_every_documented_error_is_what_the_user_sees(query: str, caret: str, message: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(query)
    assert caught.value.pointer() == f"{query}\n{caret}"
    assert caught.value.message == message


@pytest.mark.parametrize(("written", "meaning"), EQUIVALENTS)
def test_documented_equivalences_hold(written: str, meaning: str) -> None:
    assert parse_rule(written) == parse_rule(meaning)


def _kind(message: str) -> str:
    message = re.sub(r"\d+", "N", message)
    return re.sub(r"运算符 \S+ ", "运算符 X ", message)


def test_every_error_message_is_documented() -> None:
    documented = {_kind(message) for _, _, message in ERRORS}
    documented |= {_kind(m) for m in re.findall(r"gives \"(.+?)\"", DOC)}
    assert {_kind(message) for _, _, message in CASES} <= documented
