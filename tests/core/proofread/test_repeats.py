from __future__ import annotations

import pytest

from tests.core.proofread.helpers import kinds, passages


@pytest.mark.parametrize(
    ("text", "passage", "unit"),
    [
        ("我们的的工作还有不足。", "的的", "的"),
        ("问题已经解决了了。", "了了", "了"),
        ("街道将进行进行专项整治。", "进行进行", "进行"),
        ("我们我们将认真核查。", "我们我们", "我们"),
        ("政政府高度重视此事。", "政政", "政"),
        ("居民们们反映强烈。", "们们", "们"),
        ("他他表示将配合调查。", "他他", "他"),
        ("这是的的的确认结果。", "的的的", "的"),
    ],
)
def test_repeated_characters_and_words_are_reported(text, passage, unit):
    found = kinds(text, "repeat")
    assert [(f.text, f.suggestion) for f in found] == [(passage, unit)]
    assert found[0].start == text.index(passage)
    assert found[0].message == f"“{unit}”重复出现"


@pytest.mark.parametrize(
    "text",
    [
        "他常常去看看老人，人人都说好，天天如此，谢谢大家，星星点点。",
        "请仔仔细细、认认真真、清清楚楚地核对，的的确确没有遗漏。",
        "我们研究研究再答复，也可以讨论讨论。",
        "工作人员一个一个地登记，一步一步推进。",
        "这件事最后不了了之，引起是是非非。",
        "为达到目的的手段必须合法。",
        "这是是非问题，他说的的确是事实。",
        "今天天气很好，学生生活丰富，人民民主，科学学院。",
        "请大家说说看法，找找原因，年年如此，件件落实。",
        "收入大大提高，道理明明白白，过过瘾。",
    ],
)
def test_reduplication_and_shared_characters_are_not_repeats(text):
    assert passages(text, "repeat") == []


def test_repeats_in_traditional_text_are_found_with_the_original_characters():
    text = "我們我們將認真處理，區政府的的確確重視。"
    assert passages(text, "repeat") == ["我們我們"]
