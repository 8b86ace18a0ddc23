from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from huiying.core.highlight import find_spans, highlight_html
from huiying.core.segment import Segmenter
from huiying.core.text import detect_script, fold, nfkc, normalise


def test_fold_makes_width_and_script_variants_equal():
    assert fold("青川市２０２４年加裝電梯ＡＰＰ") == fold("青川市2024年加装电梯app")


def test_fold_keeps_regional_vocabulary():
    # zh-hans folds characters only; zh-cn would rewrite 軟體 to 软件.
    assert fold("軟體") == "软体"


def test_normalise_drops_invisible_characters_and_extra_spaces():
    assert normalise("加\u200b装  电梯\u3000\n\n\n\n通知\x07") == "加装 电梯\n\n通知"


@given(
    st.text(
        alphabet=st.sampled_from(
            "ＡＢ１２　，。、Ａ\u0301é\u0065\u0301ﬁ①㈱ｶﾞ가\u1100\u1161ab中文繁體\u200b"
        )
    )
)
def test_fast_nfkc_equals_unicodedata(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_detect_script():
    assert detect_script("鼓樓區老舊小區加裝電梯進展順利") == "hant"
    assert detect_script("鼓楼区老旧小区加装电梯进展顺利") == "hans"
    assert detect_script("鼓樓區老舊小區加装电梯进展顺利") == "mixed"
    assert detect_script("2024 ABC") == "none"


def test_user_dictionary_words_stay_whole_even_in_traditional():
    seg = Segmenter(["青石社区", "加裝電梯"])
    words = seg.words(fold("青石社區加裝電梯工作啟動"))
    assert "青石社区" in words and "加装电梯" in words
    # Search tokens also carry the sub-words, so a query for 电梯 still finds it.
    assert "电梯" in seg.search_words(fold("青石社區加裝電梯工作啟動"))


def test_highlight_maps_folded_matches_back_to_the_original():
    original = "鼓樓區<加裝電梯>，ＡＢＣ"
    assert find_spans(original, ["加装电梯"]) == [(4, 8)]
    assert highlight_html(original, ["abc"]) == "鼓樓區&lt;加裝電梯&gt;，<mark>ＡＢＣ</mark>"
