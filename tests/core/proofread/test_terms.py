from __future__ import annotations

from importlib import resources

import pytest

from huiying.core.proofread import TermRule, parse_terms, starter_terms
from tests.core.proofread.helpers import kinds, passages


def test_starter_list_ships_inside_the_package():
    rules = starter_terms()
    assert len(rules) >= 60
    by_wrong = {r.wrong: r for r in rules}
    assert by_wrong["国家工商行政管理总局"].right == "国家市场监督管理总局"
    assert by_wrong["卫生部"].right == "国家卫生健康委员会"
    assert by_wrong["再接再励"].right == "再接再厉"
    assert all(r.wrong != r.right for r in rules)
    assert len(by_wrong) == len(rules)  # no wrong form listed twice
    # A right form must never be flagged by another rule of the list.
    rights = "，".join(r.right for r in rules)
    assert passages(rights, "term", terms=rules) == []
    assert resources.files("huiying.core.proofread").joinpath("starter_terms.txt").is_file()


def test_outdated_names_and_misused_words_are_reported_with_the_right_form():
    text = "经国家工商行政管理总局批准，卫生部发布通知，请大家再接再励，既使困难也要按装到位。"
    found = kinds(text, "term", terms=starter_terms())
    assert [(f.text, f.suggestion) for f in found] == [
        ("国家工商行政管理总局", "国家市场监督管理总局"),
        ("卫生部", "国家卫生健康委员会"),
        ("再接再励", "再接再厉"),
        ("既使", "即使"),
        ("按装", "安装"),
    ]
    assert found[0].start == 1
    assert found[0].message.startswith("“国家工商行政管理总局”应为“国家市场监督管理总局”（")


@pytest.mark.parametrize(
    "text",
    [
        "2013年以前，原卫生部负责这项工作；原国家工商行政管理总局已撤销。",
        "请各地卫生部门、农业部门、人事部门和交通部门做好交通部署，建设部分已完工。",
        "住房和城乡建设部、交通运输部、文化和旅游部、农业农村部联合发文。",
        "国家卫生健康委员会和国家市场监督管理总局即使在假期也安装了设备。",
    ],
)
def test_current_names_history_and_longer_words_are_not_flagged(text):
    assert passages(text, "term", terms=starter_terms()) == []


def test_office_rules_apply_to_traditional_text_and_answer_in_its_script():
    rules = [TermRule("国家卫生计生委", "国家卫生健康委", "2018年机构改革")]
    text = "據國家衛生計生委統計，醫療機構數量增長。"
    found = kinds(text, "term", terms=rules)
    assert [(f.text, f.suggestion) for f in found] == [("國家衛生計生委", "國家衛生健康委")]


def test_a_longer_wrong_form_wins_over_its_prefix():
    rules = [TermRule("青川县", "青川市"), TermRule("青川县人民政府", "青川市人民政府")]
    found = kinds("青川县人民政府发布公告。", "term", terms=rules)
    assert [(f.text, f.suggestion) for f in found] == [("青川县人民政府", "青川市人民政府")]


def test_flagged_phrases_are_listed_for_a_second_look():
    text = "对违法行为零容忍，实行史上最严的监管，第一时间处置。"
    found = kinds(text, "flagged", flagged=["史上最严", "零容忍", " "])
    assert [(f.text, f.suggestion) for f in found] == [("零容忍", None), ("史上最严", None)]
    assert found[0].message == "请再看一遍：“零容忍”"
    assert passages("史上最嚴的監管", "flagged", flagged=["史上最严"]) == ["史上最嚴"]


def test_parse_terms_reads_tab_separated_lines_and_rejects_bad_ones():
    text = "# comment\n\n旧名\t新名\t说明\n错字\t对字\n"
    assert parse_terms(text) == [TermRule("旧名", "新名", "说明"), TermRule("错字", "对字")]
    with pytest.raises(ValueError, match="not"):
        parse_terms("只有一列\n")
