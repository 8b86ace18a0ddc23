"""Event tiers (事件分级): map an event's figures to 一般 / 较大 / 重大 / 特别重大.

Design: each tier above 一般 has a list of rules (`any_of`); a rule is a list of
conditions that must all hold (`all_of`); a condition is "metric ≥ threshold". An event
gets the highest tier with a rule that holds, so tiers are judged independently and an
office may make 重大 reachable by a path 较大 does not have. Every event is at least 一般.
The decision lists, in Chinese, the conditions that put it there:

    evaluate_tier(TierFigures(items=80, per_hour=32, sources=6), DEFAULT_TIERS)
    → TierDecision(tier=Tier.SIGNIFICANT, reasons=["每小时 32 条，超过“较大”阈值 20 条"])

The defaults are documented in docs/clocks-and-tiers.md; offices are expected to tune
them, and `tiers_from_data` reads their own set from plain JSON-like data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Literal, Protocol, get_args


class Tier(IntEnum):
    GENERAL = 1
    SIGNIFICANT = 2
    MAJOR = 3
    EXTRAORDINARY = 4

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Tier:
        """From the Chinese label, the English name (any case) or the number."""
        key = text.strip()
        for tier in cls:
            if key in (tier.label, tier.name, tier.name.lower(), str(tier.value)):
                return tier
        raise ValueError(f"未知的事件级别：{text!r}（应为 一般、较大、重大 或 特别重大）")


_LABELS = {
    Tier.GENERAL: "一般",
    Tier.SIGNIFICANT: "较大",
    Tier.MAJOR: "重大",
    Tier.EXTRAORDINARY: "特别重大",
}

Metric = Literal["items", "per_hour", "sources", "negative_share", "national_sources", "harm_words"]
METRICS: tuple[str, ...] = get_args(Metric)

# Words of harm to people or property. DEATH ⊂ MASS ⊂ ALL; the finder skips negated
# mentions such as 无人受伤 / 未造成人员伤亡, which official notices use constantly.
DEATH_WORDS: tuple[str, ...] = ("死亡", "身亡", "遇难", "丧生", "罹难", "溺亡", "伤亡")
MASS_HARM_WORDS: tuple[str, ...] = (*DEATH_WORDS, "坍塌", "倒塌", "垮塌", "中毒", "爆炸")
DEFAULT_HARM_WORDS: tuple[str, ...] = (
    *MASS_HARM_WORDS,
    *("受伤", "重伤", "起火", "火灾", "失踪", "被困"),
)
_NEGATIONS = (
    *("无人", "无一", "暂无", "并无", "尚无", "没有", "没发生", "不存在"),
    *("未造成", "未有", "未发生", "未出现", "未发现", "未见"),
)
_NEGATING_CHARS = set("未无没")  # right before the word: 未受伤, 无死亡
_CLAUSE_END = set("，。；！？,.;!?、：:\n ")


@dataclass(frozen=True, slots=True)
class Condition:
    """`metric` ≥ `at_least`. For `harm_words` the metric is the number of distinct harm
    words found, counting only `words` when given (e.g. only words of death)."""

    metric: Metric
    at_least: float
    words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"未知的指标：{self.metric!r}")
        if self.at_least < 0 or (self.metric == "negative_share" and self.at_least > 1):
            raise ValueError(f"阈值超出范围：{_METRIC_NAMES[self.metric]} {self.at_least}")
        if self.words and self.metric != "harm_words":
            raise ValueError("只有伤害词条件可以指定词表")

    def value(self, figures: TierFigures) -> float:
        if self.metric == "harm_words":
            return len(self.found(figures))
        return float(getattr(figures, self.metric))

    def found(self, figures: TierFigures) -> list[str]:
        if not self.words:
            return sorted(figures.harm_words)
        return [w for w in self.words if w in figures.harm_words]

    def holds(self, figures: TierFigures) -> bool:
        return self.value(figures) >= self.at_least


@dataclass(frozen=True, slots=True)
class Rule:
    """Holds when all its conditions hold."""

    all_of: tuple[Condition, ...]

    def __post_init__(self) -> None:
        if not self.all_of:
            raise ValueError("分级规则至少要有一个条件")

    def holds(self, figures: TierFigures) -> bool:
        return all(c.holds(figures) for c in self.all_of)


@dataclass(frozen=True, slots=True)
class TierThresholds:
    """The rules of one tier; the tier holds when any rule holds."""

    tier: Tier
    any_of: tuple[Rule, ...]

    def __post_init__(self) -> None:
        if self.tier == Tier.GENERAL:
            raise ValueError("“一般”是默认级别，不需要阈值")


@dataclass(frozen=True, slots=True)
class TierFigures:
    """What tiering looks at. `national_sources` counts the event's national-level
    sources (central media, national portals); `harm_words` are the harm words found in
    its items (see `find_harm_words`)."""

    items: int = 0
    per_hour: float = 0.0
    sources: int = 0
    negative_share: float = 0.0
    national_sources: int = 0
    harm_words: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, figures: _HasFigures, *, national_sources: int = 0, harm_words: Iterable[str] = ()
    ) -> TierFigures:
        """From an event's figures (huiying.core.events.EventFigures or alike)."""
        return cls(
            items=figures.items,
            per_hour=figures.per_hour,
            sources=figures.sources,
            negative_share=figures.negative_share,
            national_sources=national_sources,
            harm_words=frozenset(harm_words),
        )


class _HasFigures(Protocol):
    @property
    def items(self) -> int: ...
    @property
    def per_hour(self) -> float: ...
    @property
    def sources(self) -> int: ...
    @property
    def negative_share(self) -> float: ...


@dataclass(frozen=True, slots=True)
class TierDecision:
    tier: Tier
    reasons: list[str]
    rules: list[Rule] = field(default_factory=list)  # the rules that held, for the record


def evaluate_tier(
    figures: TierFigures, thresholds: Sequence[TierThresholds] | None = None
) -> TierDecision:
    """The highest tier with a rule that holds, and why (see the module docstring)."""
    ordered = _ordered(DEFAULT_TIERS if thresholds is None else thresholds)
    for entry in ordered:
        held = [rule for rule in entry.any_of if rule.holds(figures)]
        if held:
            reasons = [_rule_reason(rule, figures, entry.tier) for rule in held]
            return TierDecision(entry.tier, reasons, held)
    lowest = ordered[-1].tier.label if ordered else Tier.SIGNIFICANT.label
    return TierDecision(Tier.GENERAL, [f"未达到“{lowest}”的任一条件"])


def _ordered(thresholds: Sequence[TierThresholds]) -> list[TierThresholds]:
    tiers = [t.tier for t in thresholds]
    if len(set(tiers)) != len(tiers):
        raise ValueError("每个级别只能有一组阈值")
    return sorted(thresholds, key=lambda t: t.tier, reverse=True)


_METRIC_NAMES = {
    "items": "累计",
    "per_hour": "每小时",
    "sources": "来源",
    "negative_share": "负面占比",
    "national_sources": "国家级来源",
    "harm_words": "伤害词",
}
_UNITS = {"items": "条", "per_hour": "条", "sources": "个", "national_sources": "个"}


def _amount(metric: str, value: float) -> str:
    if metric == "negative_share":
        return f"{value:.0%}"
    number = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{number} {_UNITS.get(metric, '个')}"


def _condition_reason(cond: Condition, figures: TierFigures, tier: Tier) -> str:
    name = _METRIC_NAMES[cond.metric]
    value = cond.value(figures)
    shown = f"{name} {_amount(cond.metric, value)}"
    if cond.metric == "harm_words":
        shown += f"（{'、'.join(cond.found(figures))}）"
    verb = "超过" if value > cond.at_least else "达到"
    return f"{shown}，{verb}“{tier.label}”阈值 {_amount(cond.metric, cond.at_least)}"


def _rule_reason(rule: Rule, figures: TierFigures, tier: Tier) -> str:
    parts = [_condition_reason(c, figures, tier) for c in rule.all_of]
    return parts[0] if len(parts) == 1 else "；".join(parts) + "（同时满足）"


def find_harm_words(folded_text: str, words: Sequence[str] = DEFAULT_HARM_WORDS) -> frozenset[str]:
    """Harm words mentioned in text folded by huiying.core.text.fold (so Traditional
    text matches too). A mention whose clause starts with a negation (无人受伤,
    未造成人员伤亡, 暂无人员伤亡) does not count; another plain mention still does."""
    found: set[str] = set()
    for word in words:
        start = folded_text.find(word)
        while start >= 0:
            if not _negated(folded_text, start):
                found.add(word)
                break
            start = folded_text.find(word, start + 1)
    return frozenset(found)


def _negated(text: str, at: int) -> bool:
    begin = at
    while begin > 0 and at - begin < 12 and text[begin - 1] not in _CLAUSE_END:
        begin -= 1
    clause = text[begin:at]
    return clause[-1:] in _NEGATING_CHARS or any(cue in clause for cue in _NEGATIONS)


def _rules(*rules: tuple[Condition, ...]) -> tuple[Rule, ...]:
    return tuple(Rule(all_of) for all_of in rules)


def _c(metric: Metric, at_least: float, words: tuple[str, ...] = ()) -> Condition:
    return Condition(metric, at_least, words)


DEFAULT_TIERS: tuple[TierThresholds, ...] = (
    TierThresholds(
        Tier.SIGNIFICANT,
        _rules(
            (_c("per_hour", 20),),
            (_c("items", 100),),
            (_c("sources", 10),),
            (_c("negative_share", 0.5), _c("items", 30)),
            (_c("national_sources", 1),),
            (_c("harm_words", 1), _c("items", 3)),
        ),
    ),
    TierThresholds(
        Tier.MAJOR,
        _rules(
            (_c("per_hour", 100),),
            (_c("items", 500),),
            (_c("sources", 30), _c("negative_share", 0.5)),
            (_c("national_sources", 1), _c("negative_share", 0.5)),
            (_c("harm_words", 1, MASS_HARM_WORDS), _c("items", 20)),
        ),
    ),
    TierThresholds(
        Tier.EXTRAORDINARY,
        _rules(
            (_c("per_hour", 500),),
            (_c("items", 3000),),
            (_c("harm_words", 1, DEATH_WORDS), _c("national_sources", 1), _c("items", 100)),
            (_c("national_sources", 3), _c("negative_share", 0.6), _c("per_hour", 100)),
        ),
    ),
)


def tiers_to_data(thresholds: Sequence[TierThresholds]) -> dict[str, list[list[dict[str, Any]]]]:
    """Plain data for JSON: {"较大": [[{"metric": "per_hour", "at_least": 20}], …], …}."""
    out: dict[str, list[list[dict[str, Any]]]] = {}
    for entry in _ordered(thresholds)[::-1]:
        out[entry.tier.label] = [
            [
                {
                    "metric": c.metric,
                    "at_least": c.at_least,
                    **({"words": list(c.words)} if c.words else {}),
                }
                for c in rule.all_of
            ]
            for rule in entry.any_of
        ]
    return out


def tiers_from_data(data: Mapping[str, Any]) -> tuple[TierThresholds, ...]:
    """The inverse of `tiers_to_data`; a clear Chinese ValueError on anything malformed."""
    out: list[TierThresholds] = []
    for key, rules in data.items():
        tier = Tier.parse(str(key))
        if not isinstance(rules, list):
            raise ValueError(f"“{tier.label}”的规则应为列表")
        parsed: list[Rule] = []
        for rule in rules:
            if not isinstance(rule, list):
                raise ValueError(f"“{tier.label}”的每条规则应为条件列表")
            parsed.append(Rule(tuple(_condition_from(tier, c) for c in rule)))
        out.append(TierThresholds(tier, tuple(parsed)))
    _ordered(out)
    return tuple(out)


def _condition_from(tier: Tier, raw: Any) -> Condition:
    if not isinstance(raw, Mapping) or "metric" not in raw or "at_least" not in raw:
        raise ValueError(f"“{tier.label}”的条件须包含 metric 与 at_least")
    metric = raw["metric"]
    if metric not in METRICS:
        raise ValueError(f"未知的指标：{metric!r}（可用：{'、'.join(METRICS)}）")
    try:
        at_least = float(raw["at_least"])
    except (TypeError, ValueError):
        raise ValueError(f"“{tier.label}”的阈值不是数字：{raw['at_least']!r}") from None
    words = raw.get("words") or ()
    if isinstance(words, str) or not all(isinstance(w, str) for w in words):
        raise ValueError("伤害词表应为字符串列表")
    return Condition(metric, at_least, tuple(words))
