from pathlib import Path

import numpy as np
import pytest

from huiying.core.fingerprint import Fingerprint, fingerprint
from huiying.core.neardup import IndexParams, NearDupIndex
from huiying.core.text import fold
from tests.core.news_samples import (
    DISTRICT,
    FIRE_MEETING,
    GAS_CHECK,
    PORTAL,
    STORIES,
    edited,
    lead_only,
    on_site,
    variants,
)

SMALL = IndexParams()


def fp_of(text: str) -> Fingerprint:
    return fingerprint(fold(text))


def originals_on_one_template() -> tuple[NearDupIndex, dict[str, int]]:
    """Every story first published on the district portal: one heavy template."""
    index = NearDupIndex(SMALL)
    keys = {}
    for key, (name, body) in enumerate(STORIES.items(), start=1):
        assert index.add(key, fp_of(on_site(body, DISTRICT))) is None, name
        keys[name] = key
    return index, keys


def test_different_stories_in_one_template_stay_apart() -> None:
    index, _ = originals_on_one_template()
    assert len(index) == len(STORIES)
    for body in STORIES.values():
        assert len(index.query(fp_of(on_site(body, DISTRICT)))) == 1


@pytest.mark.parametrize("name", STORIES)
def test_republications_join_the_original(name: str) -> None:
    index, keys = originals_on_one_template()
    for n, (kind, text) in enumerate(variants(STORIES[name], seed=len(name)).items()):
        assert index.add(1000 + n, fp_of(text)) == keys[name], kind


def test_a_lead_in_the_same_template_does_not_join_another_story() -> None:
    index = NearDupIndex(SMALL)
    assert index.add(1, fp_of(on_site(GAS_CHECK, DISTRICT))) is None
    assert index.add(2, fp_of(on_site(lead_only(FIRE_MEETING), DISTRICT))) is None
    assert index.add(3, fp_of(on_site(lead_only(GAS_CHECK), DISTRICT))) == 1


def test_the_original_joins_an_excerpt_that_came_first() -> None:
    for body in STORIES.values():
        index = NearDupIndex(SMALL)
        assert index.add(1, fp_of(on_site(lead_only(body), PORTAL))) is None
        assert index.add(2, fp_of(on_site(body, DISTRICT))) == 1


def test_representative_is_the_first_item_and_never_moves() -> None:
    index = NearDupIndex(SMALL)
    body = STORIES["flood"]
    # The excerpt came first: it stays the family's key however many fuller copies follow.
    assert index.add(10, fp_of(lead_only(body))) is None
    assert index.add(20, fp_of(body)) == 10
    for step in range(1, 13):
        copy = on_site(edited(body, step, seed=step), PORTAL if step % 2 else DISTRICT)
        assert index.add(20 + step, fp_of(copy)) == 10
    assert index.add(99, fp_of(STORIES["market"])) is None
    assert index.add(100, fp_of(on_site(STORIES["market"], PORTAL))) == 99
    assert index.add(101, fp_of(edited(body, 4, seed=99))) == 10


def test_query_reports_verified_similarity_and_changes_nothing() -> None:
    index, keys = originals_on_one_template()
    found = index.query(fp_of(edited(STORIES["canteen"], 5, seed=3)))
    assert [key for key, _ in found] == [keys["canteen"]]
    assert 0.8 < found[0][1] <= 1.0
    assert index.query(fp_of("建设路积水严重，请绕行。")) == []
    assert len(index) == len(STORIES)


def test_empty_and_tiny_texts_never_join() -> None:
    index = NearDupIndex(SMALL)
    assert index.add(1, fp_of("")) is None
    assert index.add(2, fp_of("")) is None
    assert index.add(3, fp_of("好。")) is None
    assert index.add(4, fp_of("好。")) is None


def test_a_short_post_does_not_join_the_article_that_contains_it() -> None:
    index = NearDupIndex(SMALL)
    assert index.add(1, fp_of(GAS_CHECK)) is None
    assert index.add(2, fp_of("临江区已检查餐饮经营单位1126家。")) is None
    assert index.add(3, fp_of("临江区已检查餐饮经营单位1126家。")) == 2


def test_save_and_load_give_the_same_answers(tmp_path: Path) -> None:
    index, keys = originals_on_one_template()
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = NearDupIndex.load(path)
    assert len(loaded) == len(index)
    probe = fp_of(on_site(edited(FIRE_MEETING, 4, seed=1), PORTAL))
    assert loaded.query(probe) == index.query(probe)
    assert loaded.add(500, probe) == keys["fire_meeting"]


def random_fingerprints(count: int, seed: int) -> list[Fingerprint]:
    rng = np.random.default_rng(seed)
    raw = np.sort(rng.integers(0, 2**32, size=(count, 64), dtype=np.uint32), axis=1)
    return [Fingerprint(size=400, sketch=row.tobytes()) for row in raw]


def test_memory_stays_compact() -> None:
    count = 50_000
    index = NearDupIndex()
    for key, fp in enumerate(random_fingerprints(count, seed=1)):
        assert index.add(key, fp) is None
    assert len(index) == count
    # A million items in 2 GiB leaves 2,147 bytes an item; datasketch's default MinHash
    # LSH needs ~9,500. Random sketches are the worst case: every hash is new.
    assert index.memory_bytes() / count < 1_300


def test_same_wording_with_new_figures_is_a_new_story() -> None:
    """A weekly bulletin re-uses last week's sentences; only the figures change."""
    index = NearDupIndex(SMALL)
    week_one = GAS_CHECK
    week_two = (
        GAS_CHECK.replace("1126", "845")
        .replace("312", "97")
        .replace("297", "90")
        .replace("15处", "7处")
        .replace("3家", "5家")
    )
    assert index.add(1, fp_of(week_one)) is None
    assert index.add(2, fp_of(week_two)) is None
    # One figure corrected in a repost is still the same story.
    assert index.add(3, fp_of(on_site(GAS_CHECK.replace("1126", "1162"), PORTAL))) == 1
