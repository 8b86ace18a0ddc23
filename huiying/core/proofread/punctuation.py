"""Half-width punctuation in Chinese text, and brackets or quotation marks left unpaired."""

from __future__ import annotations

import re

from huiying.core.proofread.model import HAN_CLASS, Finding, finding, is_cjk
from huiying.core.proofread.spans import Spans

_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_NAMES = {
    ",": "逗号",
    ".": "句号",
    ";": "分号",
    ":": "冒号",
    "?": "问号",
    "!": "叹号",
    "(": "左括号",
    ")": "右括号",
    '"': "引号",
}
_HALF = re.compile(r'\.{2,}|[,.;:?!()"]')
_HAN = re.compile(f"[{HAN_CLASS}]")
_CURLY = frozenset("‘’“”")

OPENERS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "〈": "〉",
    "(": ")",
    "[": "]",
}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
_QUOTES = frozenset("“‘「『")
_WIDTH_TWIN = {"(": "（", "（": "("}
_MARKER = re.compile(r"\s*(?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,3})")
_BRACKET = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")


def width(text: str, skip: Spans) -> list[Finding]:
    """Half-width , . ; : ? ! ( ) " next to Chinese. A full stop counts only after a
    Chinese character, so 3.5, 1. and v2.0 stay; so do URLs, e-mail and English runs."""
    found: list[Finding] = []
    parens: list[int] = []
    quote_open: int | None = None
    for m in _HALF.finditer(text):
        pos, ch = m.start(), m.group()
        if pos in skip:
            continue
        before = text[pos - 1] if pos else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if after in _CURLY:  # English sits in curly quotes too (“OK!”): look left only
            after = ""
        if len(ch) > 1:
            if is_cjk(before) or is_cjk(after):
                found.append(
                    finding(text, "width", pos, m.end(), f"中文语境中使用了半角省略号“{ch}”", "……")
                )
        elif ch == "(":
            parens.append(pos)
        elif ch == ")":
            if parens and "\n" not in text[parens[-1] : pos]:
                _paren_pair(text, parens.pop(), pos, found)
            elif is_cjk(before) or is_cjk(after) or _in_paragraph(text, "（", pos, before=True):
                found.append(_half(text, pos))
        elif ch == '"':
            if quote_open is None or "\n" in text[quote_open:pos]:
                quote_open = pos
            else:
                if _chinese_pair(text, quote_open, pos):
                    found.append(_half(text, quote_open, "“"))
                    found.append(_half(text, pos, "”"))
                quote_open = None
        elif ch == ".":
            if is_cjk(before):
                found.append(_half(text, pos))
        elif is_cjk(before) or is_cjk(after):
            found.append(_half(text, pos))
    for pos in parens:  # unpaired: the bracket check reports the pairing itself
        before = text[pos - 1] if pos else ""
        after = text[pos + 1] if pos + 1 < len(text) else ""
        if is_cjk(before) or is_cjk(after) or _in_paragraph(text, "）", pos, before=False):
            found.append(_half(text, pos))
    return found


def _in_paragraph(text: str, mark: str, pos: int, *, before: bool) -> bool:
    """Whether `mark` occurs before (or after) `pos` in the same paragraph: a half-width
    bracket closed or opened by a full-width one, as in (1）."""
    if before:
        return text.rfind(mark, text.rfind("\n", 0, pos) + 1, pos) >= 0
    end = text.find("\n", pos)
    return text.find(mark, pos, len(text) if end < 0 else end) >= 0


def _chinese_pair(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    inner = text[start + 1 : end]
    return "\n" not in inner and (is_cjk(before) or is_cjk(after) or _HAN.search(inner) is not None)


def _paren_pair(text: str, start: int, end: int, found: list[Finding]) -> None:
    if _chinese_pair(text, start, end):
        found.append(_half(text, start))
        found.append(_half(text, end))


def _half(text: str, pos: int, suggestion: str | None = None) -> Finding:
    ch = text[pos]
    return finding(
        text,
        "width",
        pos,
        pos + 1,
        f"中文语境中使用了半角{_NAMES[ch]}“{ch}”",
        suggestion or _FULL[ch],
    )


def brackets(text: str, skip: Spans) -> list[Finding]:
    """Brackets and quotation marks pair up within a paragraph. A quotation running over
    several paragraphs opens each of them and closes only in the last (GB/T 15834),
    so an open quote is forgiven when the next paragraph starts with the same mark."""
    found: list[Finding] = []
    stack: list[int] = []
    for m in _BRACKET.finditer(text):
        pos, ch = m.start(), m.group()
        if pos in skip or _apostrophe(text, pos):
            continue
        if ch in OPENERS:
            if stack and "\n" in text[stack[-1] : pos]:
                _close_paragraph(text, stack, found, pos)
            stack.append(pos)
            continue
        if stack and "\n" in text[stack[-1] : pos]:
            _close_paragraph(text, stack, found, pos)
        opener = CLOSERS[ch]
        # (…） pairs up: its width is the width check's business.
        accepted = (opener, _WIDTH_TWIN.get(opener))
        depth = next((i for i in range(len(stack) - 1, -1, -1) if text[stack[i]] in accepted), None)
        if depth is None:
            if _list_marker(text, pos):
                continue
            found.append(
                finding(text, "bracket", pos, pos + 1, f"“{ch}”没有与之配对的“{opener}”", None)
            )
            continue
        for inner in stack[depth + 1 :]:
            found.append(_unclosed(text, inner))
        del stack[depth:]
    if stack:
        _close_paragraph(text, stack, found, len(text))
    return found


def _list_marker(text: str, pos: int) -> bool:
    """1) 2) a) 一) at the start of a paragraph number items; they close nothing."""
    line_start = text.rfind("\n", 0, pos) + 1
    return _MARKER.fullmatch(text, line_start, pos) is not None


def _close_paragraph(text: str, stack: list[int], found: list[Finding], upto: int) -> None:
    """Report openers left at the end of their paragraph; keep none on the stack."""
    line_end = text.find("\n", stack[-1])
    next_line = text[line_end + 1 : line_end + 2] if line_end >= 0 else ""
    for pos in stack:
        ch = text[pos]
        if ch in _QUOTES and next_line == ch and line_end < upto:
            continue
        found.append(_unclosed(text, pos))
    stack.clear()


def _unclosed(text: str, pos: int) -> Finding:
    ch = text[pos]
    return finding(text, "bracket", pos, pos + 1, f"“{ch}”没有与之配对的“{OPENERS[ch]}”", None)


def _apostrophe(text: str, pos: int) -> bool:
    """’ between Latin letters is an apostrophe (don’t), not a closing quote."""
    if text[pos] not in "‘’":
        return False
    before = text[pos - 1] if pos else ""
    after = text[pos + 1] if pos + 1 < len(text) else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()
