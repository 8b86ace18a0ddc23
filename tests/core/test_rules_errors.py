"""Every syntax error a rule writer can meet: the Chinese message and where it points."""

from __future__ import annotations

import pytest

from huiying.core.rules import RuleSyntaxError, parse_rule

CASES = [
    # (query, position, message)
    ("", 0, "规则是空的：请至少写一个关键词。"),
    ("  ，", 0, "规则是空的：请至少写一个关键词。"),
    ("(食品 | 药品) & 安全 & (学校", 20, "第 21 个字符处缺少右括号“）”。"),
    ("（食品、药品", 6, "第 7 个字符处缺少右括号“）”。"),
    ("食品 | 药品) 安全", 7, "第 8 个字符处多了一个右括号“)”。"),
    ("食品 （） 安全", 3, "括号里没有关键词。"),
    ('"12345热线 NEAR/10 回复', 0, "引号没有闭合。"),
    ("“加装电梯", 0, "引号没有闭合。"),
    ("加装电梯」", 4, "引号没有闭合。"),
    ('安全 ""', 3, "引号里没有内容。"),
    ("热线 NEAR/ 回复", 8, "“NEAR/” 后面需要一个数字，例如 NEAR/10。"),
    ("热线 NEAR/十 回复", 8, "“NEAR/” 后面需要一个数字，例如 NEAR/10。"),
    ("热线 NEAR 回复", 3, "“NEAR/” 后面需要一个数字，例如 NEAR/10。"),
    ("热线 NEAR/10", 3, "运算符 NEAR/10 后面缺少关键词。"),
    ("食品 AND", 3, "运算符 AND 后面缺少关键词。"),
    ("食品 AND OR 药品", 3, "运算符 AND 后面缺少关键词。"),
    ("食品 & ) ", 3, "运算符 & 后面缺少关键词。"),
    ("食品 或", 3, "运算符 或 后面缺少关键词。"),
    ("学校 -", 3, "运算符 - 后面缺少关键词。"),
    ("OR 食品", 0, "运算符 OR 前面缺少关键词。"),
    ("(| 食品)", 1, "运算符 | 前面缺少关键词。"),
    ("食品、", 2, "顿号“、”后面缺少关键词。"),
    ("、食品", 0, "顿号“、”前面缺少关键词。"),
    ("-广告", 0, "不能只有排除词：请至少写一个要包含的词。"),
    ("-广告 -招聘", 0, "不能只有排除词：请至少写一个要包含的词。"),
    ("电梯 | -广告", 5, "不能只有排除词：请至少写一个要包含的词。"),
    ("title:", 0, "字段 title: 后面缺少关键词。"),
    (
        "author:张三",
        0,
        "不认识的字段“author:”：可用的字段有 title:（标题）、text:（正文）、source:（来源）。",
    ),
    ("title:-广告 电梯", 6, "排除词要把减号写在字段前面，例如 -title:广告。"),
    ("title:(text:噪音)", 7, "字段前缀里不能再写另一个字段。"),
    ("食品、title:药品", 3, "字段前缀要写在整组词前面，例如 title:食品、药品。"),
    (
        "电梯 NEAR/5 噪音 NEAR/8 投诉",
        13,
        "同一串 NEAR 的距离必须相同，例如 A NEAR/10 B NEAR/10 C。",
    ),
    ("(电梯 -广告) NEAR/5 噪音", 1, "NEAR 两边只能是关键词、短语，或用“、”“|”连接的一组词。"),
    ("title:电梯 NEAR/5 噪音", 9, "NEAR 两边必须是同一字段，例如 title:(A NEAR/5 B)。"),
    ("\u200b", 0, "这个词只有看不见的字符，请删掉它。"),
]


@pytest.mark.parametrize(("query", "position", "message"), CASES)
def test_error_message_and_position(query: str, position: int, message: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(query)
    assert (caught.value.message, caught.value.position) == (message, position)
    assert str(caught.value) == message


def test_pointer_puts_the_caret_under_the_position_counting_wide_characters() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule("食品 AND")
    assert caught.value.pointer() == "食品 AND\n     ^"  # 食品 is four columns wide


def test_pointer_at_the_end_of_the_query() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule("(ab")
    assert caught.value.pointer() == "(ab\n   ^"


def test_pointer_keeps_a_multiline_query_on_one_line() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule("ab\nOR")
    assert caught.value.pointer() == "ab OR\n   ^"


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="缺少右括号"):
        parse_rule("(食品")
