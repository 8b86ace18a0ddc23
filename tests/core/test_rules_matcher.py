"""Watch rules against realistic (synthetic) items, Simplified and Traditional."""

from __future__ import annotations

from huiying.core.highlight import find_spans
from huiying.core.rules import (
    CompiledRule,
    Document,
    FoldedDocument,
    compile_rule,
    highlight_terms,
    parse_rule,
)

ELEVATOR_SIMPLIFIED = Document(
    title="幸福小区加装电梯施工噪音大，居民投诉无人管",
    text="多名居民反映，幸福小区3号楼加装电梯工程每天早上六点开工，电钻声持续到深夜。"
    "居民称已多次拨打12345热线，但物业和施工方互相推诿，至今没有得到回复。",
    source="青川日报",
)
ELEVATOR_TRADITIONAL = Document(
    title="幸福小區加裝電梯施工噪音擾民",
    text="居民表示，工程隊清晨即開工，已向社區反映多次。",
    source="青川新聞網",
)
HOTLINE_FULL_WIDTH = Document(
    title="市民反映路燈損壞問題獲處理",
    text="市民王先生撥打１２３４５熱線反映，工作人員兩天內回覆稱已安排維修，目前路燈已恢復照明。",
    source="青川縣融媒體中心",
)
ELEVATOR_IN_BODY_ONLY = Document(
    title="县住建局召开老旧小区改造推进会",
    text="会议提到，今年将继续推进加装电梯工作，对群众投诉的问题逐一回应。",
    source="县住建局",
)
SCHOOL_FOOD = Document(
    title="城东小学食堂通过食品安全专项检查",
    text="县市场监管局对全县学校食堂开展食品安全检查，城东小学各项指标合格。",
    source="青川日报",
)
SCHOOL_FOOD_ADVERT = Document(
    title="开学季学校食品安全，就选某某净水器",
    text="广告：守护学校食品安全，限时优惠。",
    source="某商城",
)


def matching(query: str, *docs: Document) -> list[str]:
    rule = compile_rule(query)
    return [d.title for d in docs if rule.matches(d)]


def test_title_field_with_or_group_matches_both_scripts_but_not_body_mentions() -> None:
    rule = compile_rule("title:加装电梯 & (投诉 | 噪音)")
    assert rule.matches(ELEVATOR_SIMPLIFIED)
    assert rule.matches(ELEVATOR_TRADITIONAL)
    assert not rule.matches(ELEVATOR_IN_BODY_ONLY)  # 加装电梯 only in the body


def test_traditional_query_matches_simplified_item() -> None:
    assert compile_rule("加裝電梯 噪音").matches(ELEVATOR_SIMPLIFIED)


def test_near_matches_full_width_digits_and_traditional_text() -> None:
    rule = compile_rule('"12345热线" NEAR/10 回复')
    assert rule.matches(HOTLINE_FULL_WIDTH)  # "反映，工作人员两天内" lies between: 10 characters
    assert not compile_rule('"12345热线" NEAR/9 回复').matches(HOTLINE_FULL_WIDTH)
    # In the elevator item 19 characters lie between hotline and 回复: too far for NEAR/10.
    assert not rule.matches(ELEVATOR_SIMPLIFIED)
    assert compile_rule('"12345热线" NEAR/19 回复').matches(ELEVATOR_SIMPLIFIED)


def test_near_works_in_either_order() -> None:
    assert compile_rule('回复 NEAR/10 "12345热线"').matches(HOTLINE_FULL_WIDTH)


def test_near_distance_counts_characters_between_the_words() -> None:
    doc = Document(title="", text="电梯一二三四五噪音")
    assert compile_rule("电梯 NEAR/5 噪音").matches(doc)
    assert not compile_rule("电梯 NEAR/4 噪音").matches(doc)
    assert compile_rule("电梯噪 NEAR/0 噪音").matches(Document("", "电梯噪音"))  # overlapping


def test_near_chain_needs_every_pair_close() -> None:
    rule = compile_rule("电梯 NEAR/3 噪音 NEAR/3 投诉")
    assert rule.matches(Document("", "电梯噪音投诉"))
    assert rule.matches(Document("", "投诉电梯一噪音"))  # 投诉…噪音: 3 apart
    # Each neighbour is 2 apart, but 电梯…投诉 are 6 apart.
    assert not rule.matches(Document("", "电梯一二噪音一二投诉"))


def test_near_does_not_reach_from_title_into_body() -> None:
    doc = Document(title="加装电梯", text="噪音扰民")
    assert not compile_rule("电梯 NEAR/5 噪音").matches(doc)
    assert compile_rule("电梯 噪音").matches(doc)


def test_words_do_not_match_across_title_and_body() -> None:
    assert not compile_rule("电梯噪音").matches(Document(title="加装电梯", text="噪音扰民"))


def test_exclusion_drops_the_advert() -> None:
    query = "(食品 | 药品) & 安全 & 学校 -广告"
    assert matching(query, SCHOOL_FOOD, SCHOOL_FOOD_ADVERT, ELEVATOR_SIMPLIFIED) == [
        SCHOOL_FOOD.title
    ]


def test_enumeration_comma_in_brackets_is_or() -> None:
    assert matching("（食品、药品）安全 学校", SCHOOL_FOOD, ELEVATOR_SIMPLIFIED) == [
        SCHOOL_FOOD.title
    ]


def test_source_and_text_fields() -> None:
    assert matching("source:青川日报 电梯", ELEVATOR_SIMPLIFIED, ELEVATOR_TRADITIONAL) == [
        ELEVATOR_SIMPLIFIED.title
    ]
    assert matching("source:青川新闻", ELEVATOR_TRADITIONAL) == [ELEVATOR_TRADITIONAL.title]
    assert matching("text:小学", SCHOOL_FOOD) == [SCHOOL_FOOD.title]
    assert matching("text:食堂通过", SCHOOL_FOOD) == []  # only in the title


def test_case_and_width_do_not_matter() -> None:
    doc = Document(title="ＷｉＦｉ信号覆盖全部公交车", text="")
    assert compile_rule("wifi 公交").matches(doc)
    assert compile_rule("WIFI 公交").matches(doc)


def test_prefolded_document_gives_the_same_answer() -> None:
    rule = compile_rule('"12345热线" NEAR/10 回复')
    folded = FoldedDocument.of(HOTLINE_FULL_WIDTH)
    assert folded.text.startswith("市民王先生拨打12345热线")
    assert rule.matches(folded) is rule.matches(HOTLINE_FULL_WIDTH) is True
    assert rule.find_hits(folded) == rule.find_hits(HOTLINE_FULL_WIDTH)


def test_find_hits_point_into_the_folded_fields() -> None:
    rule = compile_rule("title:加装电梯 (投诉 | 噪音) -广告")
    folded = FoldedDocument.of(ELEVATOR_SIMPLIFIED)
    hits = rule.find_hits(folded)
    fields = {"title": folded.title, "text": folded.text}
    assert [fields[name][start:end] for name, start, end in hits] == [
        "加装电梯",
        "噪音",
        "投诉",
    ]
    assert [name for name, _, _ in hits] == ["title", "title", "title"]
    assert rule.find_hits(ELEVATOR_IN_BODY_ONLY) == []


def test_find_hits_for_near_mark_only_close_occurrences() -> None:
    doc = Document(title="", text="回复很慢。后来打12345热线，当天就有回复")
    hits = compile_rule('"12345热线" NEAR/5 回复').find_hits(doc)
    folded = FoldedDocument.of(doc).text
    assert [folded[s:e] for _, s, e in hits] == ["12345热线", "回复"]
    assert hits[-1][1] == folded.rindex("回复")


def test_highlight_terms_find_spans_in_the_original_traditional_text() -> None:
    rule = parse_rule('"12345热线" NEAR/10 回复')
    original = HOTLINE_FULL_WIDTH.text
    spans = find_spans(original, highlight_terms(rule))
    assert [original[s:e] for s, e in spans] == ["１２３４５熱線", "回覆"]


def test_compiled_rule_accepts_a_query_or_a_parsed_rule() -> None:
    parsed = parse_rule("电梯 噪音")
    assert CompiledRule(parsed).rule is parsed
    assert CompiledRule("电梯 噪音").rule == parsed
