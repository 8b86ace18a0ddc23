"""Event grouping: what a person watching the event list would check."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from huiying.core.events import (
    EventClusterer,
    EventItem,
    EventParams,
    Merge,
    Move,
    Split,
    TermExtractor,
    correction_from_dict,
    correction_to_dict,
    figures,
    heat,
    pairwise_scores,
)
from huiying.core.events.heat import heat_index
from huiying.core.segment import Segmenter
from huiying.core.text import fold

T0 = datetime(2025, 11, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractor() -> TermExtractor:
    return TermExtractor(Segmenter())


class Feed:
    """Adds items to one clusterer with increasing times; remembers events by key."""

    def __init__(self, extractor: TermExtractor, params: EventParams | None = None) -> None:
        self.extractor = extractor
        self.clusterer = EventClusterer(params)
        self.n = 0

    def add(
        self,
        title: str,
        text: str,
        *,
        key: str | None = None,
        source: str = "12345热线",
        at: datetime | None = None,
        family: str | None = None,
        negative: bool = False,
    ) -> str:
        self.n += 1
        key = key or f"i{self.n}"
        terms = self.extractor.extract(fold(title), fold(text))
        when = at or T0 + timedelta(minutes=30 * self.n)
        item = EventItem(key, terms, title, when, source, family, negative)
        return self.clusterer.add(item)


ELEVATOR = [
    (
        "锦华苑小区加装电梯停工",
        "江南区锦华苑小区5栋加装电梯从9月底开始施工，10月中旬突然停工，到现在一个多月没人管。",
    ),
    (
        "锦华苑电梯装一半就不管了",
        "锦华苑5栋电梯装了一半就停了，围挡把楼道口堵了一半，施工方电话也打不通。",
    ),
    (
        "反映锦华苑加装电梯工程停滞",
        "来电人反映锦华苑小区5号楼加装电梯项目停工已有40余天，请督促施工单位复工。",
    ),
    (
        "錦華苑加裝電梯何時復工",
        "錦華苑小區5棟加裝電梯停工已近兩個月，施工圍擋佔用通道，懇請督促盡快復工。",
    ),
]


def test_reports_of_one_matter_in_different_words_and_scripts_form_one_event(extractor):
    feed = Feed(extractor)
    events = {feed.add(title, text) for title, text in ELEVATOR}
    assert len(events) == 1


def test_the_same_problem_at_another_place_is_another_event(extractor):
    feed = Feed(extractor)
    first = feed.add(*ELEVATOR[0])
    other = feed.add(
        "翠湖小区加装电梯停工",
        "河西区翠湖小区12栋加装电梯施工到一半停了，已经停了三个星期，请督促复工。",
    )
    again = feed.add(*ELEVATOR[2])
    assert other != first
    assert again == first


def test_another_problem_at_the_same_place_is_another_event(extractor):
    feed = Feed(extractor)
    elevator = feed.add(*ELEVATOR[0])
    fee = feed.add(
        "锦华苑物业费上涨", "锦华苑小区物业公司通知物业费从每平米1.2元涨到1.8元，没有召开业主大会。"
    )
    garage = feed.add(
        "锦华苑地下车库渗水", "锦华苑小区地下车库顶板渗水严重，车上全是泥水印，多次找物业未处理。"
    )
    assert len({elevator, fee, garage}) == 3
    assert feed.add(*ELEVATOR[1]) == elevator
    assert (
        feed.add("锦华苑物业要涨价了", "锦华苑物业贴了通知要涨物业费，一下涨五成，服务却越来越差。")
        == fee
    )


TEMPLATE = "{p}又没水了，洗漱做饭都成问题，请问什么时候恢复供水？"


def test_a_template_with_another_place_filled_in_does_not_join_by_near_duplicate(extractor):
    feed = Feed(extractor)
    a = feed.add("金桂园停水", TEMPLATE.format(p="金桂园小区"), key="a")
    b = feed.add("银杏小区停水", TEMPLATE.format(p="银杏小区"), key="b", family="a")
    c = feed.add("金桂园没水了", TEMPLATE.format(p="金桂园小区") + "已经停了十个小时。", family="a")
    assert b != a
    assert c == a


def test_a_near_duplicate_joins_its_family_event_even_when_worded_apart(extractor):
    feed = Feed(extractor)
    first = feed.add(*ELEVATOR[0], key="orig")
    # A repost with an unrelated intro still belongs to the story it copies.
    repost = feed.add("转发", "关注身边事，点击上方蓝字关注我们。" + ELEVATOR[0][1], family="orig")
    assert repost == first


def test_event_ids_are_stable_and_in_order_of_creation(extractor):
    feed = Feed(extractor)
    ids = [feed.add(*ELEVATOR[0])]
    ids.append(
        feed.add(
            "滨湖公园广场舞音响太吵",
            "滨湖公园东门广场每天晚上跳广场舞，音响开得震天响，一直跳到十点。",
        )
    )
    ids.append(
        feed.add("青龙巷路灯不亮", "青龙巷路灯已坏半个月，夜间漆黑一片，老人孩子出行不安全。")
    )
    assert ids == ["e1", "e2", "e3"]
    snapshot = feed.clusterer.event("e1")
    for title, text in ELEVATOR[1:]:
        assert feed.add(title, text) == "e1"
    assert feed.clusterer.event("e1").items == len(ELEVATOR)
    assert snapshot is not None and snapshot.items == 1  # snapshots do not change under you
    assert [e.id for e in feed.clusterer.events()] == ["e1", "e2", "e3"]


def test_event_figures(extractor):
    feed = Feed(extractor)
    for n, (title, text) in enumerate(ELEVATOR):
        feed.add(title, text, source=f"来源{n % 2}", at=T0 + timedelta(hours=n), negative=n > 0)
    event = feed.clusterer.event("e1")
    assert event is not None
    assert event.items == 4
    assert event.sources == ("来源0", "来源1")
    assert event.first_seen == T0 and event.last_seen == T0 + timedelta(hours=3)
    assert event.negative_share == pytest.approx(0.75)
    assert sum(event.hourly.values()) == 4
    assert "锦华苑" in event.places
    assert any("电梯" in k for k in event.keywords)
    assert event.title in {t for t, _ in ELEVATOR}

    now = T0 + timedelta(hours=3, minutes=10)
    fig = figures(event, now)
    assert fig.per_hour == pytest.approx(1.0)  # 3 items in this and the two hours before
    assert fig.trend == pytest.approx(1.0 - 1 / 3)
    assert fig.heat == pytest.approx(heat_index(4, 2, 1.0, 0.75, 10 / 60))
    assert heat(event, now + timedelta(days=2)) < fig.heat  # idle events cool down


def test_heat_index_examples_in_the_documentation():
    assert heat_index(1, 1, 1 / 3, 0.0, 0.0) == pytest.approx(18, abs=0.5)
    assert heat_index(20, 5, 3, 0.4, 0.0) == pytest.approx(60, abs=0.5)
    assert heat_index(200, 12, 30, 0.6, 0.0) == pytest.approx(85, abs=0.5)
    assert heat_index(20, 5, 3, 0.4, 24.0) < heat_index(20, 5, 3, 0.4, 0.0)
    assert heat_index(20, 5, 3, 0.8, 0.0) > heat_index(20, 5, 3, 0.1, 0.0)
    assert heat_index(0, 0, 0, 0, 0) == 0


def test_an_event_idle_longer_than_the_window_takes_no_new_items(extractor):
    feed = Feed(extractor, EventParams(window=timedelta(days=14)))
    first = feed.add(*ELEVATOR[0], at=T0)
    feed.add("青龙巷路灯不亮", "青龙巷路灯已坏半个月，夜间漆黑一片。", at=T0 + timedelta(days=20))
    late = feed.add(*ELEVATOR[1], at=T0 + timedelta(days=20, hours=1))
    assert late != first


def test_items_without_times_count_as_arriving_in_input_order(extractor):
    feed = Feed(extractor)
    events = set()
    for title, text in ELEVATOR:
        feed.n += 1
        terms = extractor.extract(fold(title), fold(text))
        events.add(feed.clusterer.add(EventItem(f"k{feed.n}", terms, title)))
    assert events == {"e1"}
    event = feed.clusterer.event("e1")
    assert event is not None and event.first_seen is None and event.hourly == {}


def test_naive_times_are_refused(extractor):
    terms = extractor.extract("", fold(ELEVATOR[0][1]))
    with pytest.raises(ValueError, match="aware"):
        EventClusterer().add(EventItem("x", terms, at=datetime(2025, 1, 1)))  # noqa: DTZ001
    clusterer = EventClusterer()
    clusterer.add(EventItem("x", terms))
    with pytest.raises(ValueError, match="already"):
        clusterer.add(EventItem("x", terms))


# -- corrections ---------------------------------------------------------------------------


def test_merge_keeps_the_target_id_and_later_items_follow(extractor):
    feed = Feed(extractor)
    a = feed.add(*ELEVATOR[0], key="a")
    b = feed.add(
        "翠湖小区加装电梯停工", "翠湖小区12栋加装电梯施工到一半停了，已经停了三个星期。", key="b"
    )
    assert feed.clusterer.apply(Merge(into=a, other=b)) == a
    assert feed.clusterer.event_of("b") == a
    assert feed.clusterer.event(b) == feed.clusterer.event(a)  # the old id points to the merge
    assert [e.id for e in feed.clusterer.events()] == [a]
    event = feed.clusterer.event(a)
    assert event is not None and event.items == 2
    # A later copy of the merged-away item follows it into the merged event.
    assert feed.add("转发", ELEVATOR[0][1] + "翠湖小区12栋加装电梯", family="b") == a


def test_split_items_stay_apart_and_their_copies_follow_them(extractor):
    feed = Feed(extractor)
    for n, (title, text) in enumerate(ELEVATOR):
        feed.add(title, text, key=f"k{n}")
    new = feed.clusterer.apply(Split(items=("k2", "k3")))
    assert new == "e2"
    assert feed.clusterer.event_of("k2") == feed.clusterer.event_of("k3") == "e2"
    assert feed.clusterer.event_of("k0") == "e1"
    assert feed.clusterer.apart("e1") == {"e2"}
    e1, e2 = feed.clusterer.event("e1"), feed.clusterer.event("e2")
    assert e1 is not None and e2 is not None and (e1.items, e2.items) == (2, 2)
    assert feed.clusterer.is_pinned("k2")
    # A near-duplicate of a split-off item goes where the person put that item.
    assert feed.add("转发", ELEVATOR[3][1], family="k3") == "e2"
    # Nothing automatic moves the split items back.
    for title, text in ELEVATOR:
        feed.add(title, text)
    assert feed.clusterer.event_of("k2") == feed.clusterer.event_of("k3") == "e2"


def test_a_moved_item_never_moves_back(extractor):
    feed = Feed(extractor)
    feed.add(*ELEVATOR[0], key="a")
    lights = feed.add("青龙巷路灯不亮", "青龙巷路灯已坏半个月，夜间漆黑一片。", key="b")
    moved = feed.add(*ELEVATOR[1], key="c")
    assert moved == "e1"
    assert feed.clusterer.apply(Move(item="c", to=lights)) == lights
    for title, text in ELEVATOR * 2:
        feed.add(title, text)
    assert feed.clusterer.event_of("c") == lights
    assert feed.add("转发", ELEVATOR[1][1], family="c") == lights


def test_moving_an_events_title_item_picks_a_new_title(extractor):
    feed = Feed(extractor)
    for n, (title, text) in enumerate(ELEVATOR):
        feed.add(title, text, key=f"k{n}")
    event = feed.clusterer.event("e1")
    assert event is not None
    lights = feed.add("青龙巷路灯不亮", "青龙巷路灯已坏半个月，夜间漆黑一片。")
    feed.clusterer.apply(Move(item=event.title_item, to=lights))
    after = feed.clusterer.event("e1")
    assert after is not None and after.title_item != event.title_item and after.items == 3


def test_corrections_are_plain_data():
    for correction in (Merge("e1", "e2"), Split(("a", "b")), Move("a", "e3")):
        data = correction_to_dict(correction)
        assert correction_from_dict(json.loads(json.dumps(data))) == correction
    with pytest.raises(ValueError):
        correction_from_dict({"kind": "dissolve"})


def test_unknown_ids_in_corrections_are_errors(extractor):
    feed = Feed(extractor)
    feed.add(*ELEVATOR[0], key="a")
    with pytest.raises(KeyError):
        feed.clusterer.apply(Move(item="a", to="e9"))
    with pytest.raises(KeyError):
        feed.clusterer.apply(Split(items=("nope",)))


# -- places and terms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("反映锦华苑小区地下车库渗水", "锦华苑"),
        ("云岭区金桂园小区6栋电梯", "金桂园"),
        ("机电厂宿舍3栋下水管道堵塞", "机电厂"),
        ("机电厂家属院污水", "机电厂"),
        ("凤凰县沙河镇石桥村的自来水", "石桥村"),
        ("A市A3区汇金花园交房时", "汇金花园"),
        ("滨湖大道下穿隧道积水", "滨湖大道"),
        ("在临江市人民医院挂号", "人民医院"),
        ("南嶺市第七中學週六補課", "第七中学"),
    ],
)
def test_places_are_found_however_jieba_cuts_them(extractor, text, place):
    assert place in extractor.places_in(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "小区道路被占满",
        "请运营商增设基站",
        "整条路都是臭水",
        "区政府门口",
        "附近的停车场",
        "化工厂排放",
    ],
)
def test_common_nouns_are_not_places(extractor, text):
    places = extractor.places_in(fold(text))
    assert not {k for k, level in places.items() if level == "site"}


def test_office_dictionary_words_are_places():
    segmenter = Segmenter(["幸福里", "金嗓子KTV"])
    places = TermExtractor(segmenter).places_in(fold("幸福里楼下的金嗓子KTV太吵"))
    assert {"幸福里", "金嗓子ktv"} <= set(places)


def test_pairwise_scores():
    perfect = pairwise_scores(["a", "a", "b"], ["x", "x", "y"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    lumped = pairwise_scores(["a", "a", "b", "b"], ["x", "x", "x", "x"])
    assert lumped.recall == 1.0 and lumped.precision == pytest.approx(2 / 6)
    with pytest.raises(ValueError):
        pairwise_scores(["a"], [])


def test_a_topic_event_naming_many_places_does_not_absorb_yet_another_place(extractor):
    feed = Feed(extractor)
    policy = "青川市生活垃圾分类管理条例施行，市城管局提醒居民按照厨余垃圾、可回收物、有害垃圾和其他垃圾分类投放。"
    topic = {feed.add("生活垃圾分类管理条例施行", policy) for _ in range(6)}
    for shequ in ("桂园社区", "南塘社区"):
        topic.add(
            feed.add(
                f"{shequ}垃圾分类", f"{shequ}居民按照生活垃圾分类管理条例分类投放垃圾。" + policy
            )
        )
    assert len(topic) == 1
    elsewhere = feed.add(
        "文昌社区垃圾分类", "文昌社区居民按照生活垃圾分类管理条例分类投放垃圾。" + policy
    )
    assert elsewhere not in topic
