"""Watch-rule parsing: what each way of writing a rule means."""

from __future__ import annotations

import pytest

from huiying.core.rules import (
    And,
    Near,
    Not,
    Or,
    Term,
    highlight_terms,
    parse_rule,
    render,
    required_terms,
)


def tree(query: str) -> object:
    return parse_rule(query).root


def t(text: str, field: str = "any") -> Term:
    return Term(text, field)  # type: ignore[arg-type]


def test_precedence_not_binds_tighter_than_and_tighter_than_or() -> None:
    assert tree("食品 | 药品 安全") == Or((t("食品"), And((t("药品"), t("安全")))))
    assert tree("学校 -广告 | 医院") == Or((And((t("学校"), Not(t("广告")))), t("医院")))
    assert tree("(食品 | 药品) & 安全 & 学校 -广告") == And(
        (Or((t("食品"), t("药品"))), t("安全"), t("学校"), Not(t("广告")))
    )


@pytest.mark.parametrize(
    "query",
    [
        "食品 安全",
        "食品 AND 安全",
        "食品 and 安全",
        "食品 & 安全",
        "食品&&安全",
        "食品 且 安全",
        "食品，安全",
        "食品,安全",
        "食品　安全",
    ],
)
def test_every_way_of_writing_and(query: str) -> None:
    assert tree(query) == And((t("食品"), t("安全")))


@pytest.mark.parametrize(
    "query",
    [
        "食品 | 药品",
        "食品 OR 药品",
        "食品 or 药品",
        "食品||药品",
        "食品 或 药品",
        "食品｜药品",
        "食品、药品",
        "（食品、药品）",
        "(食品 、 药品)",
    ],
)
def test_every_way_of_writing_or(query: str) -> None:
    assert tree(query) == Or((t("食品"), t("药品")))


@pytest.mark.parametrize(
    "query",
    [
        "学校 -广告",
        "学校 －广告",
        "学校 NOT 广告",
        "学校 not 广告",
        "学校 非 广告",
        "学校 AND NOT 广告",
        "学校 - 广告",
    ],
)
def test_every_way_of_writing_not(query: str) -> None:
    assert tree(query) == And((t("学校"), Not(t("广告"))))


def test_full_width_forms_mean_the_same_as_half_width() -> None:
    assert tree("（食品｜药品）＆安全 －广告") == tree("(食品 | 药品) & 安全 -广告")
    assert tree("ＴＩＴＬＥ：（电梯 ＮＥＡＲ／５ 噪音）") == tree("title:(电梯 NEAR/5 噪音)")
    assert tree("ｔｉｔｌｅ：电梯") == tree("title:电梯")


def test_enumeration_comma_joins_only_its_neighbours() -> None:
    # 、 lists alternatives, so it binds tighter than everything else.
    assert tree("食品、药品 安全") == tree("(食品 | 药品) 安全")
    assert tree("学校 -广告、促销") == tree("学校 -(广告 | 促销)")
    assert tree("title:食品、药品") == tree("title:(食品 | 药品)")
    assert tree("食品、药品 NEAR/5 安全") == tree("(食品 | 药品) NEAR/5 安全")
    assert tree("（食品、药品、保健品）抽检") == tree("(食品 | 药品 | 保健品) 抽检")


def test_operator_words_only_count_on_their_own() -> None:
    assert tree("非法 或者") == And((t("非法"), t("或者")))
    assert tree("食品AND药品") == t("食品and药品")
    assert tree("nearby") == t("nearby")
    assert tree('"AND" "或"') == And((t("and"), t("或")))


def test_minus_inside_a_word_is_part_of_it() -> None:
    assert tree("COVID-19") == t("covid-19")
    assert tree("学校-广告") == t("学校-广告")


@pytest.mark.parametrize(
    "query", ['"食品 安全"', "“食品 安全”", "「食品 安全」", "『食品 安全』", "＂食品 安全＂"]
)
def test_quote_styles_make_one_phrase(query: str) -> None:
    assert tree(query) == Term("食品 安全", phrase=True)


def test_operators_inside_quotes_are_literal() -> None:
    assert tree('"A OR B"') == t("a or b")
    assert tree("「安全 -广告」") == t("安全 -广告")


def test_terms_are_folded_like_items() -> None:
    assert tree("熱線") == t("热线")
    assert tree("１２３４５") == t("12345")
    assert tree("WiFi") == t("wifi")


def test_field_prefixes_and_their_chinese_names() -> None:
    assert tree("title:加装电梯") == t("加装电梯", "title")
    assert tree('title:"加装 电梯"') == t("加装 电梯", "title")
    assert tree("source:青川日报") == t("青川日报", "source")
    assert tree("text:噪音") == t("噪音", "text")
    assert tree("标题：加装电梯") == tree("title:加装电梯")
    assert tree("正文:噪音") == tree("text:噪音")
    assert tree("來源：青川日報") == tree("source:青川日报")
    assert tree("TITLE:电梯") == tree("title:电梯")


def test_field_prefix_applies_to_a_group() -> None:
    assert tree("title:(投诉 | 噪音)") == Or((t("投诉", "title"), t("噪音", "title")))
    assert tree("title:(电梯 -广告)") == And((t("电梯", "title"), Not(t("广告", "title"))))


def test_colons_that_are_not_fields_stay_in_the_word() -> None:
    assert tree("12:30") == t("12:30")
    assert tree("http://www.example.cn") == t("http://www.example.cn")


def test_near_with_its_spellings_and_chains() -> None:
    expected = Near((t("12345热线"), t("回复")), 10)
    assert tree('"12345热线" NEAR/10 回复') == expected
    assert tree('"12345热线" near/10 回复') == expected
    assert tree("１２３４５熱線 ＮＥＡＲ／１０ 回覆") == expected
    chain = tree("电梯 NEAR/5 噪音 NEAR/5 投诉")
    assert chain == Near((t("电梯"), t("噪音"), t("投诉")), 5)


def test_near_binds_tighter_than_and_and_takes_groups() -> None:
    assert tree("学校 食品 NEAR/3 安全") == And((t("学校"), Near((t("食品"), t("安全")), 3)))
    assert tree("(食品 | 药品) NEAR/3 安全") == Near((Or((t("食品"), t("药品"))), t("安全")), 3)


def test_near_inside_a_field() -> None:
    assert tree("title:(电梯 NEAR/5 噪音)") == Near(
        (t("电梯", "title"), t("噪音", "title")), 5, "title"
    )


def test_double_negation_cancels() -> None:
    assert tree("- -电梯") == t("电梯")


def test_source_text_is_kept_and_render_reads_back() -> None:
    query = "（食品、药品）＆安全 -广告 title:学校"
    rule = parse_rule(query)
    assert rule.source_text == query
    assert str(rule) == "(食品 OR 药品) AND 安全 AND NOT 广告 AND title:学校"
    assert parse_rule(render(rule)) == rule


def test_required_terms_of_typical_rules() -> None:
    rule = parse_rule("(食品 | 药品) & 安全 & 学校 -广告")
    assert required_terms(rule) == [{"食品", "药品"}, {"安全"}, {"学校"}]
    assert required_terms(parse_rule("电梯 噪音 | 投诉")) == [{"电梯", "投诉"}, {"噪音", "投诉"}]
    assert required_terms(parse_rule("熱線 NEAR/5 回覆")) == [{"热线"}, {"回复"}]


def test_required_terms_promise_nothing_when_a_branch_needs_no_text_word() -> None:
    assert required_terms(parse_rule("source:青川日报")) == []
    assert required_terms(parse_rule("电梯 | source:青川日报")) == []
    assert required_terms(parse_rule("电梯 source:青川日报")) == [{"电梯"}]


def test_highlight_terms_are_positive_title_and_text_words() -> None:
    rule = parse_rule("title:加装电梯 (投訴 | 噪音) -广告 source:青川日报")
    assert highlight_terms(rule) == ["加装电梯", "投诉", "噪音"]
