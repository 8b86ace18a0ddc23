from __future__ import annotations

import pytest

from tests.core.proofread.helpers import kinds, passages


def test_minority_date_style_is_reported_with_the_majority_form():
    text = "2026年3月5日发布，2026-03-05起施行，2026年4月1日截止。"
    found = kinds(text, "date")
    assert [(f.text, f.suggestion) for f in found] == [("2026-03-05", "2026年3月5日")]
    assert found[0].message == "日期写法不一致：本文多数写作“2026年3月5日”这种形式"


def test_chinese_numeral_year_beside_arabic_year():
    text = "二〇二六年三月五日印发。2026年3月5日起施行。"
    found = kinds(text, "date")
    # A tie goes to the form of GB/T 9704 (2026年3月5日).
    assert [(f.text, f.suggestion) for f in found] == [("二〇二六年三月五日", "2026年3月5日")]


def test_iso_majority_suggests_iso():
    text = "2026-03-01 发布；2026-03-02 更新；2026年3月3日 截止。"
    found = kinds(text, "date")
    assert [(f.text, f.suggestion) for f in found] == [("2026年3月3日", "2026-03-03")]


def test_zero_padded_chinese_dates_beside_unpadded():
    text = "2026年3月5日、2026年3月6日和2026年03月07日。"
    assert passages(text, "date") == ["2026年03月07日"]


def test_counts_in_chinese_numerals_beside_arabic_counts_of_the_same_kind():
    text = "共组织一百二十名工作人员，其中35名党员、80名志愿者，出动3辆车。"
    found = kinds(text, "number")
    assert [(f.text, f.suggestion) for f in found] == [("一百二十", "120")]
    assert found[0].message == "数字写法不一致：本文计数“名”多用阿拉伯数字（如“35名”）"


def test_thousands_separators_used_inconsistently():
    text = "补助资金12,000元，另有30,000元专项资金和15000元结余。"
    found = kinds(text, "number")
    assert [(f.text, f.suggestion) for f in found] == [("15000", "15,000")]


@pytest.mark.parametrize(
    "text",
    [
        "2026年3月5日发布，3月6日起施行，4月1日截止。",
        "共有三名工作人员和120名志愿者，另有十几名群众、几十名学生、二十多名记者。",
        "这里千家万户，百花齐放，第十二条规定，第3条另有规定。",
        "涉及1,200户居民和35,000元资金。",
        "平均水压0.28兆帕，增长3.5%，2026年接待游客15000人次。",
        "详见https://www.qingchuan.gov.cn/2026-03-05/a.html，2026年3月5日发布。",
        "热线12345，电话0838-6123456。",
    ],
)
def test_consistent_or_unrelated_numbers_are_fine(text):
    assert passages(text, "number") == []
    assert passages(text, "date") == []


def test_traditional_counts_are_compared_by_their_measure_word():
    text = "全港共接獲兩百一十宗投訴，當中35宗已處理，另有12宗轉介，涉及款項1,500萬元及3200萬元。"
    assert [(f.text, f.suggestion) for f in kinds(text, "number")] == [
        ("兩百一十", "210"),
        ("3200", "3,200"),
    ]
