"""Characters and words typed twice (的的, 进行进行), told apart from Chinese
reduplication (常常, 看看, 仔仔细细, 研究研究) with the help of word segmentation."""

from __future__ import annotations

import re
from functools import lru_cache

from huiying.core.proofread.model import HAN_CLASS, Finding, finding
from huiying.core.segment import Segmenter

# Free-standing function words: two of them in a row is a slip, but one may follow or
# precede a word ending or starting with the same character (目的|的, 这|是非).
PARTICLES = frozenset(
    "的了是在和与及对把被将为从向于以就也都而并但或着过地得之其这那我你他她它有不所"
)
# Suffixes that never reduplicate: 们们 is a slip even where the segmenter splits it.
BOUND = frozenset("们性化者员率")
# Verb and measure-word reduplication that reads as deliberate even in an official text.
ALLOWED_WORDS = frozenset(
    {
        "研究", "讨论", "考虑", "商量", "休息", "学习", "打扫", "收拾", "整理", "活动",
        "锻炼", "准备", "介绍", "了解", "交流", "沟通", "比较", "检查", "体验", "放松",
        "打听", "琢磨", "熟悉", "清理", "梳理", "调查", "认识", "参观", "走访",
    }
)  # fmt: skip
_CANDIDATE = re.compile(f"([{HAN_CLASS}])\\1{{2,}}|([{HAN_CLASS}]{{1,4}})\\2")
_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_WINDOW = 40  # characters of context either side given to the segmenter


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    return Segmenter()


def repeats(text: str, simplified: str) -> list[Finding]:
    """`simplified` is `text` in Simplified script with the same length (jieba's
    dictionary is Simplified); it decides, `text` is what is reported."""
    found: list[Finding] = []
    for m in _CANDIDATE.finditer(simplified):
        if m.group(1):  # three or more of one character is never reduplication
            found.append(_report(text, m.start(), m.end()))
            continue
        unit = m.group(2)
        start, mid = m.start(), m.start() + len(unit)
        tokens = _tokens(simplified, start, m.end())
        if len(unit) == 1:
            if _doubled_char(simplified, start, tokens):
                found.append(_report(text, start, m.end()))
        elif tokens.get(start) == unit and tokens.get(mid) == unit and not _allowed_word(unit):
            found.append(_report(text, start, m.end()))
    return found


def _report(text: str, start: int, end: int) -> Finding:
    passage = text[start:end]
    unit = _shortest_unit(passage)
    return finding(text, "repeat", start, end, f"“{unit}”重复出现", unit)


def _shortest_unit(passage: str) -> str:
    for n in range(1, len(passage) // 2 + 1):
        if len(passage) % n == 0 and passage[:n] * (len(passage) // n) == passage:
            return passage[:n]
    return passage


def _allowed_word(word: str) -> bool:
    # 一个一个, 一步一步: one measure after another.
    return word in ALLOWED_WORDS or (len(word) == 2 and word[0] == "一")


def _doubled_char(text: str, i: int, tokens: dict[int, str]) -> bool:
    ch = text[i]
    # AABB (仔仔细细, 的的确确, 清清楚楚) in either position.
    after, before = text[i + 2 : i + 4], text[max(0, i - 2) : i]
    for pair in (after, before):
        if len(pair) == 2 and pair[0] == pair[1] != ch and _is_han(pair[0]):
            return False
    left = _token_at(tokens, i)
    right = _token_at(tokens, i + 1)
    if left is None or right is None:
        return False
    (left_start, left_word), (right_start, right_word) = left, right
    if left_start == right_start:  # one word: 常常, 人人, 不了了之 — unless it is just 的的
        return left_word == ch * 2 and ch in PARTICLES
    single_left, single_right = len(left_word) == 1, len(right_word) == 1
    if single_left and single_right:  # 的|的; but 说|说, 催|催 are verbs reduplicated
        return ch in PARTICLES or ch in BOUND
    if single_left or single_right:
        # 政|政府, 我们|们: a bound character cannot stand next to its own word.
        return ch not in PARTICLES
    # 每天|天气, 科学|学院: two words that share a character. (区政|政府 is missed.)
    return False


def _token_at(tokens: dict[int, str], pos: int) -> tuple[int, str] | None:
    for start in range(pos, max(-1, pos - 8), -1):
        word = tokens.get(start)
        if word is not None:
            return (start, word) if start + len(word) > pos else None
    return None


def _is_han(ch: str) -> bool:
    return _HAN_RUN.match(ch) is not None


def _tokens(text: str, start: int, end: int) -> dict[int, str]:
    """Words of the run of Han characters around [start, end), keyed by offset."""
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    left = text[lo:start]
    right = text[end:hi]
    lo = start - (len(left) - _last_non_han(left))
    hi = end + _first_non_han(right)
    tokens: dict[int, str] = {}
    pos = lo
    for word in segmenter().cut(text[lo:hi]):
        tokens[pos] = word
        pos += len(word)
    return tokens


def _last_non_han(s: str) -> int:
    """Index just after the last non-Han character of s (0 if none)."""
    for i in range(len(s) - 1, -1, -1):
        if not _is_han(s[i]):
            return i + 1
    return 0


def _first_non_han(s: str) -> int:
    for i, ch in enumerate(s):
        if not _is_han(ch):
            return i
    return len(s)
