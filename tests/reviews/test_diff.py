"""Version comparison: insertions and deletions marked, everything escaped. Pure."""

from __future__ import annotations

from huiying.reviews.diff import compare


def test_insertions_and_deletions_are_marked_on_their_side():
    old = "我局会同区供水公司连夜进行进行抢修。"
    new = "我局会同区供水公司连夜进行抢修，当晚恢复供水。"
    result = compare(old, new)
    assert "<del>进行</del>" in result.left
    assert "<ins>，当晚恢复供水</ins>" in result.right
    assert "<ins>" not in result.left and "<del>" not in result.right
    assert (result.deleted, result.inserted) == (2, 7)


def test_identical_versions_have_no_marks():
    result = compare("同一段文字。", "同一段文字。")
    assert result.left == result.right == "同一段文字。"
    assert result.inserted == result.deleted == 0


def test_markup_in_the_text_is_escaped():
    result = compare("说明<b>", '说明<b><script>alert("x")</script>&')
    assert "<script>" not in result.right and "<b>" not in result.left + result.right
    assert (
        result.right
        == "说明&lt;b&gt;<ins>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</ins>"
    )
