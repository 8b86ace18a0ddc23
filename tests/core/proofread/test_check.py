from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huiying.core.proofread import KINDS, Finding, check, html_to_text, starter_terms
from tests.core.proofread.samples import STATEMENT, TRADITIONAL


def test_clean_statements_give_no_findings():
    assert len(STATEMENT) > 800
    assert check(STATEMENT, terms=starter_terms()) == []
    assert check(TRADITIONAL, terms=starter_terms()) == []


def test_deliberate_errors_in_a_clean_statement_are_each_found_once():
    text = (
        STATEMENT.replace("高度重视，", "高度重视,", 1)
        .replace("《生活饮用水卫生标准》", "《生活饮用水卫生标准", 1)
        .replace("认真汲取", "认真认真汲取", 1)
        .replace("于3月6日凌晨", "于2026-03-06凌晨", 1)
        .replace("市住房和城乡建设局已责令", "原建设部、建设部已责令", 1)
        .replace("施工单位", "施工單位", 1)
    )
    found = check(text, terms=starter_terms(), flagged=["深表歉意"])
    got = [(f.kind, f.text) for f in found]
    assert got == [
        ("width", ","),
        ("date", "2026-03-06"),
        ("bracket", "《"),
        ("script", "單"),
        ("term", "建设部"),
        ("repeat", "认真认真"),
        ("flagged", "深表歉意"),
    ]
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.kind in KINDS


def test_long_sentences_are_reported_over_the_limit():
    long = "经过有关部门的认真调查核实和反复研究论证" * 6 + "。"
    text = f"第一句很短。\n{long}短句。"
    found = [f for f in check(text, max_sentence=100) if f.kind == "long_sentence"]
    assert [(f.start, f.text) for f in found] == [(7, long)]
    assert "121字" in found[0].message
    assert [f for f in check(text, max_sentence=121) if f.kind == "long_sentence"] == []


def test_findings_are_frozen_and_empty_text_is_fine():
    assert check("") == []
    finding = Finding("width", 0, 1, ",", "message")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 2  # type: ignore[misc]


def test_html_to_text_gives_one_line_per_block_with_entities_decoded():
    html = (
        "<h2>关于停水的通报</h2><p>各位市民&nbsp;：</p><ul><li>第一条&amp;说明</li>"
        "<li>第二条</li></ul><p>上午<br>下午</p><h4>附件</h4>"
    )
    text = html_to_text(html)
    assert text == "关于停水的通报\n各位市民 ：\n第一条&说明\n第二条\n上午\n下午\n附件"
    assert [f.text for f in check(text) if f.kind == "bracket"] == []


_PIECES = [
    *'的了进行我们政府卫生部門發展这里,.;:?!()"“”‘’《》（）【】「」0123456789年月日-/',
    *["\n", " ", "二〇", "一百二十名", "12,000元", "https://a.cn/(x)", "𠀀", "㐀"],
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_text_gives_well_formed_findings(text):
    found = check(text, terms=starter_terms(), flagged=["进行"], max_sentence=20)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert f.kind in KINDS
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.message
