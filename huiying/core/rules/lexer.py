"""Split a watch-rule query into tokens, keeping positions in the ORIGINAL text.

The lexer reads the query as typed (full-width and half-width forms side by side)
instead of folding it first, because folding can change lengths and error positions
must point into what the user typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from huiying.core.rules.nodes import Field

Kind = Literal["word", "phrase", "lparen", "rparen", "and", "or", "not", "near", "list", "field"]

_LPAREN = frozenset("(（")
_RPAREN = frozenset(")）")
_AND = frozenset("&＆")
_OR = frozenset("|｜")
_NOT = frozenset("-－")
_LIST = frozenset("、､")
# Commas separate words like a space does (so they mean AND); quote a phrase to
# search for a comma.
_SEPARATORS = frozenset(",，")
_QUOTES = {'"': '"＂', "＂": '"＂', "“": "“”", "”": "“”", "「": "」", "『": "』"}
_STRAY_CLOSERS = frozenset("」』")
_STOP = _LPAREN | _RPAREN | _AND | _OR | _LIST | _SEPARATORS | frozenset(_QUOTES) | _STRAY_CLOSERS

_WORD_OPERATORS: dict[str, Kind] = {
    "and": "and",
    "且": "and",
    "or": "or",
    "或": "or",
    "not": "not",
    "非": "not",
}
_FIELD_NAMES: dict[str, Field] = {
    "title": "title",
    "标题": "title",
    "標題": "title",
    "text": "text",
    "正文": "text",
    "source": "source",
    "来源": "source",
    "來源": "source",
}
NEAR_NUMBER_MESSAGE = "“NEAR/” 后面需要一个数字，例如 NEAR/10。"


class RuleSyntaxError(ValueError):
    """A malformed query. `position` is a 0-based index into the query as typed;
    `message` is plain Chinese for the person who wrote the rule."""

    def __init__(self, message: str, position: int, query: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.query = query

    def pointer(self) -> str:
        """The query and, under it, a caret at the position (for monospace display;
        wide CJK characters count as two columns)."""
        line = "".join(" " if ch in "\n\r\t" else ch for ch in self.query)
        column = sum(_display_width(ch) for ch in line[: self.position])
        return line + "\n" + " " * column + "^"


def _display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@dataclass(frozen=True)
class Token:
    kind: Kind
    start: int
    end: int
    raw: str  # as typed; for phrases, the text between the quotes
    distance: int = 0  # NEAR/n
    field: Field = "any"


def _nf(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def tokenize(query: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    n = len(query)
    while pos < n:
        ch = query[pos]
        if ch.isspace() or ch in _SEPARATORS:
            pos += 1
        elif ch in _STRAY_CLOSERS:
            raise RuleSyntaxError("引号没有闭合。", pos, query)
        elif ch in _QUOTES:
            closers = _QUOTES[ch]
            end = pos + 1
            while end < n and query[end] not in closers:
                end += 1
            if end >= n:
                raise RuleSyntaxError("引号没有闭合。", pos, query)
            tokens.append(Token("phrase", pos, end + 1, query[pos + 1 : end]))
            pos = end + 1
        elif ch in _LPAREN:
            tokens.append(Token("lparen", pos, pos + 1, ch))
            pos += 1
        elif ch in _RPAREN:
            tokens.append(Token("rparen", pos, pos + 1, ch))
            pos += 1
        elif ch in _AND or ch in _OR:
            # `&&` and `||` are what programmers type; read them as one operator.
            end = pos + 1
            while end < n and query[end] == ch:
                end += 1
            tokens.append(Token("and" if ch in _AND else "or", pos, end, query[pos:end]))
            pos = end
        elif ch in _LIST:
            tokens.append(Token("list", pos, pos + 1, ch))
            pos += 1
        elif ch in _NOT:
            # Only a leading minus excludes: inside a word (COVID-19) it is a letter.
            tokens.append(Token("not", pos, pos + 1, ch))
            pos += 1
        else:
            pos = _word(query, pos, tokens)
    return tokens


def _word(query: str, start: int, tokens: list[Token]) -> int:
    """Read one bare word (or a word-like operator, NEAR/n or field prefix)."""
    n = len(query)
    near_end = _near_prefix(query, start)
    if near_end is not None:
        end = near_end
        while end < n and query[end].isdecimal():
            end += 1
        if end == near_end:  # point where the number should be
            raise RuleSyntaxError(NEAR_NUMBER_MESSAGE, near_end, query)
        distance = int(query[near_end:end])  # int() reads full-width digits too
        tokens.append(Token("near", start, end, query[start:end], distance=distance))
        return end
    end = start
    while end < n:
        ch = query[end]
        if ch.isspace() or ch in _STOP:
            break
        if ch in ":：":
            prefix = "".join(_nf(c) for c in query[start:end])
            if prefix in _FIELD_NAMES:
                tokens.append(
                    Token(
                        "field", start, end + 1, query[start : end + 1], field=_FIELD_NAMES[prefix]
                    )
                )
                return end + 1
            next_ch = query[end + 1] if end + 1 < n else ""
            if prefix.isascii() and prefix.isalpha() and next_ch not in "/／":
                raise RuleSyntaxError(
                    f"不认识的字段“{query[start : end + 1]}”：可用的字段有 title:（标题）、"
                    "text:（正文）、source:（来源）。",
                    start,
                    query,
                )
        end += 1
    raw = query[start:end]
    word = "".join(_nf(c) for c in raw)
    if word == "near":
        raise RuleSyntaxError(NEAR_NUMBER_MESSAGE, start, query)
    tokens.append(Token(_WORD_OPERATORS.get(word, "word"), start, end, raw))
    return end


def _near_prefix(query: str, start: int) -> int | None:
    """End of `NEAR/` (any case or width) at `start`, or None."""
    chars = query[start : start + 5]
    if len(chars) == 5 and all(_nf(c) == want for c, want in zip(chars, "near/", strict=True)):
        return start + 5
    return None
