import numpy as np
import pytest

from huiying.core.fingerprint import (
    DEFAULT,
    Fingerprint,
    FingerprintParams,
    figures,
    fingerprint,
    prose,
)
from huiying.core.text import fold
from tests.core.news_samples import (
    DISTRICT,
    ELEVATOR,
    FLOOD,
    STORIES,
    on_site,
    to_full_width,
)


def test_site_chrome_is_not_prose() -> None:
    kept = prose(fold(on_site(ELEVATOR, DISTRICT)))
    for chrome in ("当前位置", "浏览次数", "打印本页", "网站标识码", "icp备", "联系电话"):
        assert chrome not in kept
    assert "审批时限由原来的45个工作日压缩至15个工作日" in kept


def test_chrome_on_the_same_line_as_the_body_is_cut_at_spaces() -> None:
    flat = "来源:清河日报 作者:王晓 2024-06-03 " + ELEVATOR.replace("\n\n", "")
    kept = prose(fold(flat))
    assert "来源" not in kept and "王晓" not in kept
    assert kept.startswith("清河市住房和城乡建设局")


def test_full_width_digits_and_half_width_commas_give_the_same_fingerprint() -> None:
    for body in STORIES.values():
        assert fingerprint(fold(to_full_width(body))) == fingerprint(fold(body))


def test_sketch_is_the_smallest_distinct_hashes() -> None:
    fp = fingerprint(fold(FLOOD))
    hashes = fp.hashes
    assert fp.size > DEFAULT.sketch_size
    assert len(hashes) == DEFAULT.sketch_size
    assert np.all(np.diff(hashes.astype(np.int64)) > 0)
    assert not fp.complete


def test_short_text_keeps_every_hash() -> None:
    fp = fingerprint(fold("建设路积水严重，请绕行。"))
    assert fp.complete and fp.size == len(fp.hashes) > 0


def test_text_without_punctuation_is_shingled_whole() -> None:
    assert fingerprint(fold("今天早上建设路又淹了 车都开不过去 什么时候能修好")).size > 10


def test_empty_text() -> None:
    fp = fingerprint("")
    assert fp.size == 0 and fp.hashes.size == 0


def test_round_trip_through_bytes() -> None:
    for body in STORIES.values():
        fp = fingerprint(fold(body))
        data = fp.to_bytes()
        assert isinstance(data, bytes) and len(data) == 24 + 4 * len(fp.hashes)
        back = Fingerprint.from_bytes(data)
        assert back == fp
        assert np.array_equal(back.hashes, fp.hashes)


@pytest.mark.parametrize("junk", [b"", b"\x01\x05", b"\x09\x05" + bytes(22)])
def test_from_bytes_rejects_junk(junk: bytes) -> None:
    with pytest.raises(ValueError):
        Fingerprint.from_bytes(junk)


def test_seed_changes_every_hash() -> None:
    a = fingerprint(fold(FLOOD))
    b = fingerprint(fold(FLOOD), FingerprintParams(seed=7))
    assert not set(a.hashes.tolist()) & set(b.hashes.tolist())


def test_figures_are_the_numbers_of_the_prose() -> None:
    assert figures("2024年05月03日,共3159户。") == figures("2024年5月3日,共3159户。")
    assert figures("共3159户。") != figures("共3160户。")
    assert figures("没有数字。") == 0
    # Chrome lines are not prose, so their dates and counts are not the story's figures.
    with_chrome = fingerprint(fold(on_site(FLOOD, DISTRICT)))
    assert with_chrome.figures == fingerprint(fold(FLOOD)).figures != 0
