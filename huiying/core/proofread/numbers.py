"""Dates and numbers written more than one way in the same text: 2026年3月5日 beside
2026-03-05, 二〇二六年 beside 2026年, 一百二十名 beside 35名, 12,000 beside 15000.

The majority way is taken as the office's choice and every other occurrence is reported;
on a tie the standard way (GB/T 9704 dates, GB/T 15835 Arabic counts) or else the
earlier one wins. Patterns run on the Simplified view of the text (萬元, 兩百 fold to
万元, 两百); findings quote the text itself."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from huiying.core.proofread.model import Finding, finding
from huiying.core.proofread.spans import Spans

_HANZI_DIGITS = "〇一二三四五六七八九"
_UNITS = (
    "万元|亿元|元|名|人|个|件|宗|起|次|家|所|户|位|辆|台|项|条|座|栋|处|份|批|支|场|例|"
    "篇|张|套|间|棵|株|块|吨|"
    "公里|千米|米|平方米|亩|小时|分钟|天"
)
_DATES: dict[str, re.Pattern[str]] = {
    "cn": re.compile(
        r"(?<![\d.])(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?|(?<![\d.])()(\d{1,2})月(\d{1,2})日"
    ),
    "iso": re.compile(r"(?<![\d.\-/])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-])"),
    "slash": re.compile(r"(?<![\d./])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])"),
    "dot": re.compile(r"(?<![\d.])(\d{4})\.(\d{1,2})\.(\d{1,2})(?![\d.])"),
    "hanzi": re.compile(
        rf"([{_HANZI_DIGITS}零]{{4}})年(?:([一二三四五六七八九十]{{1,2}})月"
        r"(?:([一二三四五六七八九十]{1,3})日)?)?"
    ),
}
_ARABIC_COUNT = re.compile(rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(?=\s?[万亿]?(?:{_UNITS}))")
_HANZI_COUNT = re.compile(
    rf"(?<![零〇一二三四五六七八九十百千万亿两几数第余])([零〇一二三四五六七八九十百千万亿两]{{2,}}|十)"
    rf"(?=({_UNITS}))"
)
_UNIT_AFTER = re.compile(rf"\s?[万亿]?({_UNITS})")
_DIGIT_RUN = re.compile(r"(?<!\d)\d")
_SEPARATED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_PLAIN = re.compile(rf"(?<![\d.,])\d{{4,}}(?![\d,.])(?=\s?[万亿]?(?:{_UNITS}))")


@dataclass(frozen=True, slots=True)
class _Seen:
    style: str
    start: int
    end: int
    suggest: Callable[[str], str | None]


def digit_runs(text: str) -> list[int]:
    """Where runs of digits start. Arabic dates and numbers can only begin there, and
    trying patterns at these few places is several times faster than scanning the text
    with each pattern."""
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for patterns that start with a digit."""
    end = 0
    for pos in starts:
        if pos >= end and (m := pattern.match(text, pos)):
            end = m.end()
            yield m


def dates(text: str, simplified: str, skip: Spans, digits: list[int]) -> list[Finding]:
    seen: list[_Seen] = []
    for style, pattern in _DATES.items():
        found = (
            pattern.finditer(simplified)
            if style == "hanzi"
            else _matches(pattern, simplified, digits)
        )
        for m in found:
            if m.start() in skip:
                continue
            parts = [g for g in m.groups() if g is not None]
            if style == "cn" and m.group(4) is not None:
                parts = [m.group(5), m.group(6)]
                ymd: tuple[int | None, ...] = (None, int(parts[0]), int(parts[1]))
            elif style == "hanzi":
                ymd = (_hanzi_year(parts[0]), *(_hanzi_value(p) for p in parts[1:]))
            else:
                ymd = tuple(int(p) for p in parts)
            ymd = (*ymd, None, None)[:3]
            if not _valid(ymd):
                continue
            if style == "cn" and any(len(p) == 2 and p[0] == "0" for p in parts[1:]):
                style_seen = "cn0"
            else:
                style_seen = style
            seen.append(_Seen(style_seen, m.start(), m.end(), _date_renderer(ymd)))
    return _minority(
        text,
        seen,
        "date",
        lambda style, example: f"日期写法不一致：本文多数写作“{example}”这种形式",
        prefer="cn",  # GB/T 9704: 2026年3月5日
    )


def numbers(text: str, simplified: str, skip: Spans, digits: list[int]) -> list[Finding]:
    found: list[Finding] = []
    by_unit: dict[str, list[_Seen]] = {}
    for m in _matches(_ARABIC_COUNT, simplified, digits):
        after = _UNIT_AFTER.match(simplified, m.end())
        if m.start() not in skip and after:
            seen = _Seen("arabic", m.start(), m.end(), _fixed(None))
            by_unit.setdefault(after.group(1), []).append(seen)
    for m in _HANZI_COUNT.finditer(simplified):
        value = _hanzi_value(m.group(1))
        if value is not None and value >= 10:
            seen = _Seen("hanzi", m.start(), m.end(), _fixed(str(value)))
            by_unit.setdefault(m.group(2), []).append(seen)
    for unit_name, counts in by_unit.items():
        found += _minority(text, counts, "number", _count_message(unit_name), prefer="arabic")
    separators = [
        _Seen("separated", m.start(), m.end(), _fixed(m.group().replace(",", "")))
        for m in _matches(_SEPARATED, simplified, digits)
        if m.start() not in skip
    ] + [
        _Seen("plain", m.start(), m.end(), _fixed(f"{int(m.group()):,}"))
        for m in _matches(_PLAIN, simplified, digits)
        if m.start() not in skip
    ]
    found += _minority(text, separators, "number", _separator_message)
    return found


def _fixed(value: str | None) -> Callable[[str], str | None]:
    return lambda _style: value


def _count_message(unit: str) -> Callable[[str, str], str]:
    def message(style: str, example: str) -> str:
        way = "阿拉伯数字" if style == "arabic" else "汉字数字"
        return f"数字写法不一致：本文计数“{unit}”多用{way}（如“{example}{unit}”）"

    return message


def _separator_message(style: str, example: str) -> str:
    way = "使用分节号“,”" if style == "separated" else "不加分节号"
    return f"千分位写法不一致：本文多数数字{way}（如“{example}”）"


def _minority(
    text: str,
    seen: list[_Seen],
    kind: str,
    message: Callable[[str, str], str],
    prefer: str | None = None,
) -> list[Finding]:
    counts = Counter(s.style for s in seen)
    if len(counts) < 2:
        return []
    first_at: dict[str, int] = {}
    for s in sorted(seen, key=lambda s: s.start):
        first_at.setdefault(s.style, s.start)
    main = max(counts, key=lambda st: (counts[st], st == prefer, -first_at[st]))
    example = next(text[s.start : s.end] for s in seen if s.start == first_at[main])
    return [
        finding(text, kind, s.start, s.end, message(main, example), s.suggest(main))
        for s in seen
        if s.style != main
    ]


def _valid(ymd: tuple[int | None, ...]) -> bool:
    _, month, day = ymd
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _date_renderer(ymd: tuple[int | None, ...]) -> Callable[[str], str | None]:
    year, month, day = ymd

    def render(style: str) -> str | None:
        if style in ("cn", "cn0"):
            fmt = "{:02d}" if style == "cn0" else "{}"
            out = f"{year}年" if year is not None else ""
            if month is not None:
                out += fmt.format(month) + "月"
                if day is not None:
                    out += fmt.format(day) + "日"
            return out or None
        if year is None or month is None or day is None:
            return None
        if style == "hanzi":
            digits = "".join(_HANZI_DIGITS[int(d)] for d in str(year))
            return f"{digits}年{_hanzi_small(month)}月{_hanzi_small(day)}日"
        sep = {"iso": "-", "slash": "/", "dot": "."}[style]
        return f"{year}{sep}{month:02d}{sep}{day:02d}"

    return render


def _hanzi_year(digits: str) -> int:
    return int("".join(str(_HANZI_DIGITS.index("〇" if d == "零" else d)) for d in digits))


def _hanzi_small(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _HANZI_DIGITS[tens] + "十")
    return head + (_HANZI_DIGITS[ones] if ones else "") if n else "〇"


_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def _hanzi_value(numeral: str) -> int | None:
    """一百二十 → 120, 十五 → 15, 三万五千 → 35000; None for what is not a numeral."""
    total = section = 0
    digit: int | None = None
    for ch in numeral:
        if ch in _DIGIT_VALUES:
            if digit is not None and digit != 0 and _DIGIT_VALUES[ch] != 0:
                return None  # 一二: a list of digits, not one number
            digit = _DIGIT_VALUES[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)
