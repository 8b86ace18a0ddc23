"""Event tiers: the highest tier whose rule holds, with the reasons in Chinese."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from huiying.core.text import fold
from huiying.core.tiers import (
    DEFAULT_TIERS,
    Condition,
    Rule,
    Tier,
    TierFigures,
    TierThresholds,
    evaluate_tier,
    find_harm_words,
    tiers_from_data,
    tiers_to_data,
)


def test_tiers_are_ordered_and_labelled() -> None:
    assert Tier.GENERAL < Tier.SIGNIFICANT < Tier.MAJOR < Tier.EXTRAORDINARY
    assert [t.label for t in Tier] == ["一般", "较大", "重大", "特别重大"]
    assert Tier.parse("重大") is Tier.MAJOR
    assert Tier.parse("extraordinary") is Tier.EXTRAORDINARY
    with pytest.raises(ValueError, match="未知的事件级别"):
        Tier.parse("紧急")


def test_a_small_quiet_event_is_general() -> None:
    decision = evaluate_tier(TierFigures(items=6, per_hour=1.5, sources=3, negative_share=0.3))
    assert decision.tier is Tier.GENERAL
    assert decision.reasons == ["未达到“较大”的任一条件"]


def test_velocity_alone_makes_an_event_significant_and_says_why() -> None:
    decision = evaluate_tier(TierFigures(items=80, per_hour=32, sources=6))
    assert decision.tier is Tier.SIGNIFICANT
    assert decision.reasons == ["每小时 32 条，超过“较大”阈值 20 条"]


def test_all_conditions_of_a_rule_must_hold() -> None:
    negative_but_small = TierFigures(items=12, sources=4, negative_share=0.9)
    assert evaluate_tier(negative_but_small).tier is Tier.GENERAL
    negative_and_growing = TierFigures(items=40, sources=4, negative_share=0.62)
    decision = evaluate_tier(negative_and_growing)
    assert decision.tier is Tier.SIGNIFICANT
    assert decision.reasons == [
        "负面占比 62%，超过“较大”阈值 50%；累计 40 条，超过“较大”阈值 30 条（同时满足）"
    ]


def test_the_highest_tier_that_holds_wins_and_lists_every_rule_that_held() -> None:
    figures = TierFigures(items=650, per_hour=140.5, sources=45, negative_share=0.7)
    decision = evaluate_tier(figures)
    assert decision.tier is Tier.MAJOR
    assert decision.reasons == [
        "每小时 140.5 条，超过“重大”阈值 100 条",
        "累计 650 条，超过“重大”阈值 500 条",
        "来源 45 个，超过“重大”阈值 30 个；负面占比 70%，超过“重大”阈值 50%（同时满足）",
    ]
    assert len(decision.rules) == 3


def test_national_media_and_deaths_make_it_extraordinary() -> None:
    text = fold("某區一在建樓房坍塌，已造成2人死亡、5人受傷，央視等已報道")
    harm = find_harm_words(text)
    assert harm == {"坍塌", "死亡", "受伤"}
    decision = evaluate_tier(
        TierFigures(items=120, per_hour=30, sources=18, national_sources=1, harm_words=harm)
    )
    assert decision.tier is Tier.EXTRAORDINARY
    assert decision.reasons == [
        "伤害词 1 个（死亡），达到“特别重大”阈值 1 个；国家级来源 1 个，达到“特别重大”阈值 1 个；"
        "累计 120 条，超过“特别重大”阈值 100 条（同时满足）"
    ]


def test_negated_harm_does_not_count() -> None:
    assert find_harm_words("厂房起火，所幸无人受伤，未造成人员伤亡。") == {"起火"}
    assert find_harm_words("暂无人员伤亡。另据通报，3人受伤送医") == {"受伤"}
    assert find_harm_words("没有发生爆炸") == frozenset()
    assert find_harm_words("司机未受伤，无辜路人死亡") == {"死亡"}
    calm = TierFigures(items=25, harm_words=find_harm_words("燃气泄漏已处置，未发生爆炸，无人中毒"))
    assert evaluate_tier(calm).tier is Tier.GENERAL


def test_harm_with_few_items_is_significant_and_mass_harm_is_major() -> None:
    injured = TierFigures(items=4, sources=2, harm_words=frozenset({"受伤"}))
    assert evaluate_tier(injured).tier is Tier.SIGNIFICANT
    poisoned = TierFigures(items=25, sources=6, harm_words=frozenset({"中毒"}))
    decision = evaluate_tier(poisoned)
    assert decision.tier is Tier.MAJOR
    assert decision.reasons[0].startswith("伤害词 1 个（中毒），达到“重大”阈值 1 个")


@dataclass(frozen=True)
class _EventFigures:  # shaped like huiying.core.events.EventFigures
    items: int
    sources: int
    per_hour: float
    trend: float
    negative_share: float
    heat: float


def test_figures_from_an_event() -> None:
    figures = TierFigures.of(
        _EventFigures(30, 12, 4.0, 1.0, 0.2, 61.0), national_sources=0, harm_words=["爆炸"]
    )
    assert figures == TierFigures(30, 4.0, 12, 0.2, 0, frozenset({"爆炸"}))
    assert evaluate_tier(figures).tier is Tier.MAJOR  # 爆炸 with 20+ items


def test_offices_can_set_their_own_thresholds() -> None:
    county = (
        TierThresholds(Tier.SIGNIFICANT, (Rule((Condition("items", 10),)),)),
        TierThresholds(
            Tier.MAJOR,
            (Rule((Condition("national_sources", 1), Condition("negative_share", 0.3))),),
        ),
    )
    assert evaluate_tier(TierFigures(items=12), county).tier is Tier.SIGNIFICANT
    decision = evaluate_tier(TierFigures(items=3, national_sources=1, negative_share=0.3), county)
    assert decision.tier is Tier.MAJOR
    assert decision.reasons == [
        "国家级来源 1 个，达到“重大”阈值 1 个；负面占比 30%，达到“重大”阈值 30%（同时满足）"
    ]
    assert evaluate_tier(TierFigures(items=99999), ()).tier is Tier.GENERAL


def test_thresholds_round_trip_through_json() -> None:
    data = json.loads(json.dumps(tiers_to_data(DEFAULT_TIERS), ensure_ascii=False))
    assert list(data) == ["较大", "重大", "特别重大"]
    assert data["较大"][0] == [{"metric": "per_hour", "at_least": 20}]
    assert tiers_from_data(data) == DEFAULT_TIERS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"紧急": []}, "未知的事件级别"),
        ({"较大": [[{"metric": "likes", "at_least": 5}]]}, "未知的指标"),
        ({"较大": [[{"metric": "items"}]]}, "须包含 metric 与 at_least"),
        ({"较大": [[{"metric": "items", "at_least": "很多"}]]}, "不是数字"),
        ({"较大": [[{"metric": "negative_share", "at_least": 60}]]}, "阈值超出范围"),
        ({"较大": [[]]}, "至少要有一个条件"),
        ({"较大": [[{"metric": "items", "at_least": 5, "words": ["死亡"]}]]}, "词表"),
        ({"一般": [[{"metric": "items", "at_least": 1}]]}, "默认级别"),
        ({"较大": [], "significant": []}, "每个级别只能有一组阈值"),
    ],
)
def test_malformed_thresholds_get_a_clear_message(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tiers_from_data(data)
