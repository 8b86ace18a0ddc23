"""Sentiment: what a user would check on single texts, and the measured quality of the
shipped evaluation set (so a regression fails CI)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from huiying.core.sentiment import Sentiment, SentimentModel
from huiying.core.sentiment.metrics import macro_f1, read_labelled
from huiying.core.text import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sentiment"
SUBSETS = {"public": ("pos", "neg"), "hotel": ("pos", "neg"), "three": ("pos", "neg", "neu")}
# The figures docs/sentiment.md reports for the test split, rounded down.
MIN_F1 = {"public": 0.89, "hotel": 0.84, "three": 0.87}
MIN_MEAN_F1 = 0.86


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


@pytest.mark.parametrize(
    "text",
    [
        "小区门口的路灯坏了三个月，打了好几次电话都没人来修，晚上出门黑漆漆的，太危险了",
        "办个证跑了五趟，每次都说材料不全，这就是所谓的最多跑一次？",
        "尊敬的领导：您好！我是幸福里小区的业主，小区旁边的工地每天夜里施工到两点，"
        "我们多次向有关部门反映，至今没有任何答复。恳请有关部门尽快解决，谢谢！",
        "房间有股霉味，空调也坏了，前台爱答不理，不会再来了",
        "等了两个小时没人理[怒]",
    ],
)
def test_clear_complaints_are_negative(model: SentimentModel, text: str) -> None:
    result = model.score(text)
    assert result.label == "neg"
    assert result.score < 0


@pytest.mark.parametrize(
    "text",
    [
        "社区的网格员每天来看望独居的老人，真的很暖心，为他们点赞！",
        "房间干净整洁，前台服务热情，早餐也很丰富，下次还会入住",
        "政务大厅二十分钟就办好了营业执照，效率真高",
        "终于考上了！这一年的努力没有白费[哈哈]",
    ],
)
def test_clear_praise_is_positive(model: SentimentModel, text: str) -> None:
    result = model.score(text)
    assert result.label == "pos"
    assert result.score > 0


@pytest.mark.parametrize(
    "text",
    [
        "【通知】3月1日起，社区服务中心办公时间调整为8:30至17:30，请居民留意。",
        "市人大常委会今天召开第十二次会议，会议由常委会主任主持。",
        "明天上午九点在南门集合。",
        "请问社保卡在哪里补办？",
    ],
)
def test_factual_notice_is_neutral(model: SentimentModel, text: str) -> None:
    assert model.score(text).label == "neu"


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("服务很满意", "服务不满意"),
        ("这家店值得推荐", "这家店不值得推荐"),
        ("工作人员很热情", "工作人员一点也不热情"),
        ("处理得很及时", "处理得不及时"),
    ],
)
def test_negation_flips_praise(model: SentimentModel, plain: str, negated: str) -> None:
    assert model.score(plain).label == "pos"
    assert model.score(negated).label == "neg"


def test_negated_complaint_is_not_negative(model: SentimentModel) -> None:
    assert model.score("价格不贵，房间也不吵").score > 0
    assert model.score("疲惫都没了").score > model.score("很疲惫").score


def test_degree_adverbs_strengthen(model: SentimentModel) -> None:
    assert model.score("服务非常差").score < model.score("服务有点差").score < 0


def test_clause_after_contrast_decides(model: SentimentModel) -> None:
    assert model.score("位置不错，交通也方便，但是房间太脏了，隔音很差").label == "neg"
    assert model.score("房间有点小，不过很干净，服务也很周到").label == "pos"


def test_rhetorical_question_is_negative(model: SentimentModel) -> None:
    assert model.score("难道就没有人管一管吗？").label == "neg"
    assert model.score("这叫便民？").label == "neg"


@pytest.mark.parametrize(
    "text",
    [
        "房间干净，服务热情，早餐很丰富，下次还会入住",
        "等了两个小时也没人理，投诉了也没用，太失望了[泪]",
        "市人大常委会今天召开第十二次会议。",
        "恳请有关部门尽快解决小区停水的问题",
    ],
)
def test_traditional_scores_like_simplified(model: SentimentModel, text: str) -> None:
    import zhconv_rs

    for variant in ("zh-hant", "zh-tw"):
        traditional = zhconv_rs.zhconv(text, variant)
        assert traditional != text
        assert model.score(traditional).label == model.score(text).label
        assert model.score(traditional).score == pytest.approx(model.score(text).score, abs=0.05)


def test_weibo_emoji_codes_count(model: SentimentModel) -> None:
    neutral = "今天去办了社保卡"
    assert model.score(neutral).label == "neu"
    assert model.score(neutral + "[怒]").label == "neg"
    assert model.score(neutral + "[泪][泪]").label == "neg"
    assert model.score(neutral + "[赞]").label == "pos"
    assert model.score(neutral + "[哈哈]").label == "pos"
    assert model.score(neutral + "[淚]").label == "neg"  # Traditional code folds
    assert model.score(neutral + "😡").label == "neg"
    # An emoji outweighs mild praise that it contradicts.
    assert model.score("服务真好啊[怒][怒]").label == "neg"


def test_reposter_own_words_weigh_most(model: SentimentModel) -> None:
    chain = "//@本地热线:某某路坑坑洼洼，开车跟坐过山车一样，太危险了//@路人:烦死了"
    fixed = "终于修好了，给施工队点赞！" + chain
    assert model.score(fixed).label == "pos"
    assert model.score("同感，太气人了" + chain).label == "neg"
    # The same words count less when quoted than when the reposter says them.
    own = "某某路坑坑洼洼，开车跟坐过山车一样，太危险了"
    assert model.score(own).score < model.score("今天去办事了//@网友:" + own).score


def test_silent_repost_takes_the_quoted_view(model: SentimentModel) -> None:
    assert model.score("转发微博//@网友甲:垃圾堆了一个星期没人清理，臭气熏天").label == "neg"
    assert model.score("//@网友乙:消防员冒雨救人，好样的[赞]").label == "pos"


def test_hashtag_counts_less_than_own_words(model: SentimentModel) -> None:
    text = "#城南停水# 已经恢复供水了，感谢抢修师傅的辛苦付出"
    assert model.score(text).label == "pos"


def test_mentions_and_links_are_not_words(model: SentimentModel) -> None:
    # A handle that contains a sentiment word is not the author's sentiment.
    assert model.score("@开心果小王 明天上午九点南门集合 http://t.cn/A6abc").label == "neu"


def test_long_complaint_and_long_news(model: SentimentModel) -> None:
    letter = (
        "尊敬的市长：您好！我是城西花园小区的居民。小区北门外的排水沟已经堵塞两年多了，"
        "一到夏天就散发臭味，蚊虫很多，老人孩子都不敢在楼下活动。我们向街道和城管反映过"
        "很多次，每次都说会安排，但一直没有下文。恳请有关部门尽快派人清理，还居民一个正常"
        "的生活环境。此致敬礼！"
    ) * 2
    assert model.score(letter).label == "neg"
    news = (
        "记者从市交通运输局获悉，地铁2号线北延段工程已进入铺轨阶段，预计明年底通车。"
        "据介绍，北延段全长12.6公里，共设车站9座。市交通运输局表示，将按照计划推进"
        "各项工作，施工期间部分路段交通组织将有所调整，具体以交警部门发布的公告为准。"
    )
    assert model.score(news).label == "neu"


def test_score_range_and_consistency(model: SentimentModel) -> None:
    texts = [r.text for s in SUBSETS for r in read_labelled(FIXTURES / f"{s}.jsonl")]
    texts += ["", "   ", "[怒]" * 50, "好" * 500, "！？。" * 20, "http://t.cn/xyz"]
    results = model.score_many(texts)
    assert len(results) == len(texts)
    for result in results:
        assert isinstance(result, Sentiment)
        assert -1.0 <= result.score <= 1.0
        if result.label == "pos":
            assert result.score > 0
        if result.label == "neg":
            assert result.score < 0
    assert model.score("") == Sentiment("neu", model.score("").score)


def test_score_many_matches_score(model: SentimentModel) -> None:
    texts = ["服务很好", "太差了", "明天开会"]
    assert model.score_many(texts) == [model.score(t) for t in texts]


def test_rules_alone_also_work() -> None:
    rules = SentimentModel.load(rules_only=True)
    assert rules.linear is None
    assert rules.score("服务很好，非常满意").label == "pos"
    assert rules.score("太差了，再也不来了").label == "neg"
    assert rules.score("明天上午开会").label == "neu"


# ---------------------------------------------------------------- the evaluation set


@pytest.mark.parametrize("subset", list(SUBSETS))
def test_shipped_test_split_reaches_reported_macro_f1(model: SentimentModel, subset: str) -> None:
    rows = read_labelled(FIXTURES / f"{subset}.jsonl", ["test"])
    predicted = [s.label for s in model.score_many(r.text for r in rows)]
    f1 = macro_f1([r.label for r in rows], predicted, SUBSETS[subset])
    assert f1 >= MIN_F1[subset], f"{subset}: macro-F1 {f1:.3f} < {MIN_F1[subset]}"


def test_shipped_test_split_mean_macro_f1(model: SentimentModel) -> None:
    scores = []
    for subset, labels in SUBSETS.items():
        rows = read_labelled(FIXTURES / f"{subset}.jsonl", ["test"])
        predicted = [s.label for s in model.score_many(r.text for r in rows)]
        scores.append(macro_f1([r.label for r in rows], predicted, labels))
    assert sum(scores) / len(scores) >= MIN_MEAN_F1


def test_evaluation_set_is_clean_and_reproducible(tmp_path: Path) -> None:
    """Splits share no family and no text; the files are what make_sets.py writes."""
    spec = importlib.util.spec_from_file_location("make_sets", FIXTURES / "make_sets.py")
    assert spec and spec.loader
    make_sets = importlib.util.module_from_spec(spec)
    sys.modules["make_sets"] = make_sets
    spec.loader.exec_module(make_sets)
    rebuilt = make_sets.build_all()
    total = 0
    for subset in SUBSETS:
        shipped = [
            json.loads(line)
            for line in (FIXTURES / f"{subset}.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert shipped == rebuilt[subset]
        total += len(shipped)
        families: dict[str, set[str]] = {}
        texts: dict[str, set[str]] = {}
        for row in shipped:
            if row["origin"] != "hand":
                families.setdefault(row["split"], set()).add(row["origin"])
            texts.setdefault(row["split"], set()).add(fold(row["text"]))
        assert not families["train"] & families["test"]
        assert not families["dev"] & families["test"]
        assert not texts["train"] & texts["test"]
        assert {r["label"] for r in shipped} == set(SUBSETS[subset])
        hant = sum(r["script"] == "hant" for r in shipped) / len(shipped)
        assert 0.08 <= hant <= 0.25
    assert total >= 600
