"""Watch-rule matching speed: rule evaluations per second on pre-folded ~300-character
items, one core, compared with folding the same items (`huiying.core.text.fold`).

    .venv/bin/python bench/rules.py [--items 2000] [--seconds 2]

Items and rules are synthetic; a quarter of the items are Traditional, some use
full-width digits; the share of (rule, item) pairs that match is printed.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

import zhconv_rs

from huiying.core.rules import CompiledRule, Document, FoldedDocument
from huiying.core.text import fold

# Clauses are built from subject + predicate fragments so that items differ and most
# (rule, item) pairs do not match, as in real monitoring.
_SUBJECTS = [
    "市民反映",
    "有网友称",
    "记者从县里获悉",
    "家长在留言板询问",
    "街道办表示",
    "区政府通报",
    "社区工作人员介绍",
    "12345热线数据显示",
    "县市场监管局称",
    "供暖公司回复",
    "多名居民反映",
    "据本地媒体报道",
]
_PREDICATES = [
    "小区加装电梯施工期间噪音较大",
    "将协调施工单位调整作业时间",
    "已受理并转交住建部门处理",
    "学校食堂食品安全检查结果已公示",
    "正在开展药品安全专项整治",
    "校车接送安排将于下周调整",
    "管网维修预计三天完成",
    "某路段雨后积水严重",
    "老旧小区改造项目进入验收阶段",
    "有商家借机发布广告推销净水器",
    "夜市占道经营影响通行",
    "公交线路将在月底优化",
    "菜市场改造后摊位费上涨",
    "河道清淤工程已经启动",
    "新建停车场即将投入使用",
    "农村饮水工程完成检测",
    "图书馆延长周末开放时间",
    "医院门诊挂号流程简化",
]
_RULES = [
    "(食品 | 药品) & 安全 & 学校 -广告",
    "title:加装电梯 & (投诉 | 噪音) -广告",
    '"12345热线" NEAR/10 回复 | 受理 -测试',
    "（供暖、管网）维修 -广告 -招聘",
    "小区 改造 验收 -广告",
]


def _item(rng: random.Random) -> Document:
    def clause() -> str:
        return rng.choice(_SUBJECTS) + rng.choice(_PREDICATES)

    text = "，".join(clause() for _ in range(16)) + "。"
    title = clause()
    if rng.random() < 0.25:
        text = str(zhconv_rs.zhconv(text, "zh-hant"))
        title = str(zhconv_rs.zhconv(title, "zh-hant"))
    if rng.random() < 0.2:
        text = text.replace("12345", "１２３４５")
    return Document(title=title, text=text[:300], source="青川日报")


def _rate(work: Callable[[], int], seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        done += work()
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    rng = random.Random(20240601)
    docs = [_item(rng) for _ in range(args.items)]
    folded = [FoldedDocument.of(d) for d in docs]
    rules = [CompiledRule(q) for q in _RULES]
    chars = sum(len(d.title) + len(d.text) for d in docs) / len(docs)

    def evaluate() -> int:
        for rule in rules:
            for doc in folded:
                rule.matches(doc)
        return len(rules) * len(folded)

    def fold_items() -> int:
        for doc in docs:
            fold(doc.title)
            fold(doc.text)
        return len(docs)

    def fold_and_evaluate() -> int:
        for doc in docs:
            rules[0].matches(doc)
        return len(docs)

    evals = _rate(evaluate, args.seconds)
    folds = _rate(fold_items, args.seconds)
    unfolded = _rate(fold_and_evaluate, args.seconds)
    hit_share = sum(rule.matches(doc) for rule in rules for doc in folded) / (
        len(rules) * len(folded)
    )
    print(f"items: {len(docs)}, mean {chars:.0f} characters (title + text); rules: {len(rules)}")
    print(f"share of (rule, item) pairs that match: {hit_share:.1%}")
    print(f"rule evaluations/s on pre-folded items: {evals:,.0f}")
    print(f"items folded/s with fold():             {folds:,.0f}")
    print(f"ratio evaluations : folds:              {evals / folds:.1f} : 1")
    print(f"rule evaluations/s folding each item:   {unfolded:,.0f}")


if __name__ == "__main__":
    main()
