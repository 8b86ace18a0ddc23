"""The synthetic corpus: deterministic, shaped as asked, with ground truth a reader would
agree with (reposts really are copies, Traditional items really are Traditional)."""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict
from datetime import UTC, datetime

import pytest

from huiying.core.text import detect_script, fold
from huiying.demo import office, vocab
from huiying.demo.corpus import generate_complaints, generate_items

START = datetime(2024, 6, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def items():
    return list(generate_items(3000, seed=7, start=START))


def _shingles(text: str) -> set[str]:
    t = fold(text)
    return {t[i : i + 4] for i in range(len(t) - 3)}


def _containment(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / min(len(sa), len(sb))


def test_same_seed_same_items_other_seed_other_items():
    a = [asdict(i) for i in generate_items(300, seed=1, start=START)]
    b = [asdict(i) for i in generate_items(300, seed=1, start=START)]
    c = [asdict(i) for i in generate_items(300, seed=2, start=START)]
    assert a == b
    assert [i["text"] for i in a] != [i["text"] for i in c]


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        next(generate_items(1, start=datetime(2024, 6, 3)))  # noqa: DTZ001


def test_ids_times_and_lengths(items):
    assert len(items) == 3000
    assert len({i.id for i in items}) == 3000
    times = [i.published_at for i in items]
    assert all(t.tzinfo is not None for t in times)
    assert times == sorted(times) and times[0] > START
    originals = [i for i in items if i.family_id == i.id]
    assert all(200 <= len(i.text) <= 800 for i in originals)
    assert all(i.title and i.url.startswith("https://") for i in items)


def test_length_parameter_is_honoured():
    got = [
        len(i.text)
        for i in generate_items(300, seed=3, start=START, length=(300, 400), repost_share=0)
    ]
    assert min(got) >= 300 and max(got) <= 400


def test_texts_are_diverse(items):
    originals = [i.text for i in items if i.family_id == i.id]
    assert len(set(originals)) == len(originals)
    sentences = [s for t in originals for s in re.split(r"(?<=[。！？])", t) if len(s) > 8]
    # Not a few fixed sentences repeated: most sentences occur only a handful of times.
    assert len(set(sentences)) > len(sentences) / 3


def test_traditional_share_and_script_label(items):
    share = sum(i.script == "hant" for i in items) / len(items)
    assert 0.11 <= share <= 0.19
    for item in items[:600]:
        assert detect_script(item.title + item.text) == item.script


def test_reposts_point_to_earlier_families_and_copy_them(items):
    by_id = {i.id: i for i in items}
    position = {i.id: n for n, i in enumerate(items)}
    reposts = [i for i in items if i.family_id != i.id]
    assert 0.26 <= len(reposts) / len(items) <= 0.34
    copied = 0
    for item in reposts:
        first = by_id[item.family_id]
        assert position[first.id] < position[item.id]
        assert first.family_id == first.id
        assert (first.story_id, first.sentiment) == (item.story_id, item.sentiment)
        copied += _containment(item.text, first.text) >= 0.6
    assert copied >= 0.95 * len(reposts)


def test_reposts_vary_the_ways_sites_copy(items):
    by_id = {i.id: i for i in items}
    reposts = [(i, by_id[i.family_id]) for i in items if i.family_id != i.id]
    assert any(re.search("[０-９]", r.text) for r, _ in reposts)
    assert any(r.script != o.script for r, o in reposts)
    assert any(len(r.text) < 0.75 * len(o.text) for r, o in reposts)  # lead-only excerpt
    assert any("【打印" in r.text and "【打印" not in o.text for r, o in reposts)
    intros = ("编者按", "【导读】", "本文转载自", "网友热议")
    assert any(any(m in fold(r.text) and m not in fold(o.text) for m in intros) for r, o in reposts)


def test_different_stories_share_little_text(items):
    originals = [i for i in items if i.family_id == i.id][:400]
    pairs = list(itertools.pairwise(originals))
    pairs = [(a, b) for a, b in pairs if a.story_id != b.story_id]
    high = sum(_containment(a.text, b.text) >= 0.6 for a, b in pairs)
    assert high <= 0.02 * len(pairs)


def test_hard_negatives_share_outlet_topic_and_street(items):
    originals = [i for i in items if i.family_id == i.id]
    first_of_story = {}
    for item in originals:
        first_of_story.setdefault(item.story_id, item)
    firsts = list(first_of_story.values())
    hard = 0
    for n, a in enumerate(firsts):
        for b in firsts[n + 1 : n + 40]:
            if a.topic == b.topic and a.source_name == b.source_name:
                hard += any(s in a.text and s in b.text for s in vocab.STREETS)
    assert hard >= 10


def test_ground_truth_labels(items):
    assert {i.sentiment for i in items} == {"pos", "neg", "neu"}
    stories = {i.story_id for i in items}
    families = {i.family_id for i in items}
    assert len(stories) < len(families) < len(items)


def test_authors_are_outlets_or_anonymous_handles(items):
    outlets = {o.name for o in vocab.OUTLETS}
    for item in items:
        assert item.author in outlets or re.fullmatch(r"网友[0-9a-f]{4}|用户\d{6}", item.author)


def test_complaints():
    rows = list(generate_complaints(500, seed=4, start=START))
    again = list(generate_complaints(500, seed=4, start=START))
    assert [asdict(r) for r in rows] == [asdict(r) for r in again]
    assert len({r.id for r in rows}) == 500
    statuses = {r.status for r in rows}
    assert {"已办结", "办理中"} <= statuses
    for r in rows:
        assert r.title and r.content and r.category and r.channel
        assert r.unit_code in office.UNIT_BY_CODE
        assert r.received_at.tzinfo is not None
        assert bool(r.reply) == (r.replied_at is not None) == (r.status in ("已办结", "已答复"))
        if r.replied_at:
            assert r.replied_at > r.received_at
        # About places and problems: no phone numbers, no 先生/女士 forms of address.
        assert not re.search(r"1\d{10}|先生|女士", r.content + r.reply)
    assert len({r.content for r in rows}) > 400


def test_demo_office_is_consistent():
    codes = {u.code for u in office.UNITS}
    assert office.OFFICE_UNIT in codes
    usernames = [u.username for u in office.DEMO_USERS]
    assert len(set(usernames)) == len(usernames)
    roles = {u.role for u in office.DEMO_USERS}
    assert roles == {
        "monitor",
        "editor",
        "dept_head",
        "supervising_leader",
        "principal_leader",
        "admin",
    }
    assert all(set(u.unit_codes) <= codes for u in office.DEMO_USERS)
    assert all(s.unit_code in codes for s in office.LEADING_GROUP)
    assert all(s.unit_code in codes for s in office.DEMO_SOURCES)
    for word in ("加装电梯", "惠民工程", "12345热线", "青川市", "鼓楼区", "市住建局"):
        assert word in office.USER_WORDS
    assert {s.kind for s in office.DEMO_SOURCES} == {"rss", "web"}
    assert vocab.CITY == "青川市"
