from __future__ import annotations

from tests.core.proofread.helpers import kinds, passages


def test_traditional_characters_in_a_simplified_text():
    text = "市政府高度重视，已组织專家赶赴现场。相關部门正在核查。"
    found = kinds(text, "script")
    assert [(f.text, f.suggestion) for f in found] == [("專", "专"), ("關", "关")]
    assert found[0].message == "简体文本中出现繁体字“專”"


def test_simplified_characters_in_a_traditional_text():
    text = "市政府高度重視，已組織专家趕赴現場，相關部門正在核查。"
    found = kinds(text, "script")
    assert [(f.text, f.suggestion) for f in found] == [("专", "專")]
    assert found[0].message == "繁体文本中出现简体字“专”"


def test_variant_traditional_forms_are_not_taken_for_simplified():
    # 裏 and 爲 are Traditional variants: converting to Traditional changes them too.
    text = "這裏是區公所，爲民服務的地方，裡面有人值班。"
    assert passages(text, "script") == []


def test_texts_in_one_script_and_shared_characters_give_nothing():
    assert passages("乾隆年间的头发与发展", "script") == []
    assert passages("会议在上午召开", "script") == []
    assert passages("會議在上午召開", "script") == []
    assert passages("他们在这里，他們在這裡", "script") == []  # an even split: no majority
