from __future__ import annotations

import pytest

from tests.core.proofread.helpers import kinds, passages


def test_half_width_punctuation_after_chinese_is_reported_with_its_full_width_form():
    text = "会议决定,由街道牵头处理.时间:下午;是否公开?请回复!"
    found = kinds(text, "width")
    assert [(f.text, f.suggestion) for f in found] == [
        (",", "，"),
        (".", "。"),
        (":", "："),
        (";", "；"),
        ("?", "？"),
        ("!", "！"),
    ]
    assert found[0].start == text.index(",")
    assert found[0].message == "中文语境中使用了半角逗号“,”"


def test_half_width_parentheses_around_chinese_are_reported_as_a_pair():
    text = "世界卫生组织(WHO)发布指南，另见附件(二)。"
    found = kinds(text, "width")
    assert [(f.start, f.suggestion) for f in found] == [
        (6, "（"),
        (10, "）"),
        (text.index("(二"), "（"),
        (text.index(")。"), "）"),
    ]


def test_half_width_ellipsis_and_quotes_in_chinese():
    text = '群众反映了噪音、积水等问题...他说"马上处理"。'
    assert [(f.text, f.suggestion) for f in kinds(text, "width")] == [
        ("...", "……"),
        ('"', "“"),
        ('"', "”"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "本次调价幅度为3.5%，涉及1,200户居民。",
        "会议于10:30开始，比例为1:2。",
        "详见https://www.qingchuan.gov.cn/a,b;c?d=1&e=(2)。",
        "来信请寄xinwen@qingchuan.gov.cn，我们将及时答复。",
        "他引用了一句英文：Hello, world! This is v2.0, e.g. a test.",
        "1.加强组织领导。2.压实工作责任。",
        "发布时间：２０２６-０３-０１ ００:０３　浏览次数：５７３",
        "他说：“Great job!”大家都笑了。",
        "The WHO (World Health Organization) 发布了报告。",
    ],
)
def test_numbers_times_addresses_and_english_runs_are_left_alone(text):
    assert passages(text, "width") == []


def test_unpaired_brackets_and_quotes_report_the_unpaired_mark():
    text = "根据《条例（试行）规定，请“及时反映】情况。"
    found = kinds(text, "bracket")
    assert [(f.start, f.text) for f in found] == [
        (2, "《"),
        (text.index("“"), "“"),
        (text.index("】"), "】"),
    ]


def test_mismatched_closing_mark_reports_both_sides():
    text = "请登录（政务服务网】办理。"
    found = kinds(text, "bracket")
    assert [(f.text, f.start) for f in found] == [("（", 3), ("】", 9)]
    assert found[0].message == "“（”没有与之配对的“）”"


@pytest.mark.parametrize(
    "text",
    [
        "他说：“这是‘一件’大事。”《中华人民共和国〈某某〉条例》（试行）【通知】「引」『用』",
        "依据青政办发〔2026〕8号文件执行。",
        "Don’t panic，这是英文里的撇号。",
        "他说：“第一段。\n“第二段。\n“第三段。”",
        "本办法(试行)自发布之日起施行[见附件]。",
        "工作要求：\n1)压实责任；\n2）加强督导；\na) 及时报告。",
    ],
)
def test_paired_marks_and_multi_paragraph_quotations_are_fine(text):
    assert passages(text, "bracket") == []


def test_brackets_do_not_pair_across_paragraphs():
    text = "第一段（未闭合。\n第二段）多余。"
    assert [f.start for f in kinds(text, "bracket")] == [3, text.index("）")]
    text = "第一段(未闭合。\n第二段)多余。"
    assert [f.start for f in kinds(text, "bracket")] == [3, text.index(")")]
    assert [f.start for f in kinds(text, "width")] == [3, text.index(")")]


def test_brackets_of_mixed_width_are_one_width_slip_not_two_unpaired_marks():
    text = "连夜抢修(已于当晚恢复供水）。\n(1）加强巡查。"
    assert passages(text, "bracket") == []
    found = kinds(text, "width")
    assert [(f.start, f.suggestion) for f in found] == [(4, "（"), (text.index("(1"), "（")]
