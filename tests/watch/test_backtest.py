"""Previewing an unsaved query over stored items: the index only pre-selects, so the
counts must equal a plain matcher run over the same items."""

from __future__ import annotations

from datetime import date

import pytest

from huiying.core.rules import CompiledRule, Document
from huiying.items.models import Item
from huiying.watch.backtest import preview
from tests.watch.corpus import DAILY, FORUM, RULES, at

pytestmark = pytest.mark.django_db

SINCE, UNTIL = at(1, 0), at(30, 0)


def office_sources(daily, forum) -> list[int]:
    return [daily.pk, forum.pk]


def brute_force(query: str, source_ids: list[int], since, until) -> set[str]:
    rule = CompiledRule(query)
    found = set()
    for item in Item.objects.filter(source_id__in=source_ids).select_related("source"):
        when = item.published_at or item.fetched_at
        if since <= when < until and rule.matches(
            Document(item.title, item.text, item.source.name)
        ):
            found.add(item.guid)
    return found


@pytest.mark.parametrize("query", list(RULES))
def test_preview_counts_equal_the_matcher_over_every_item(query, stored, daily, forum):
    sources = office_sources(daily, forum)
    result = preview(query, since=SINCE, until=UNTIL, source_ids=sources, sample=50)
    expected = brute_force(query, sources, SINCE, UNTIL)
    assert expected == RULES[query]  # the hand-checked answer
    assert result.total == len(expected)
    assert {s.item.guid for s in result.samples} == expected
    assert sum(n for _, n in result.per_day) == result.total
    # The index narrowed the search: the matcher did not have to read every item.
    assert result.stats.used_index
    assert len(expected) <= result.stats.candidates < len(DAILY) + len(FORUM)


def test_words_inside_longer_index_words_are_found(stored, daily, forum):
    # 市场监管 is no index word of f4 (segmented 市场 / 监管部门): a search for the index
    # word alone would miss d6, d8 and f4.
    assert "市场监管" not in stored["f4"].tokens.split()
    result = preview("市场监管", since=SINCE, until=UNTIL, source_ids=[daily.pk, forum.pk])
    assert {s.item.guid for s in result.samples} == {"d2", "d6", "d8", "f4"}


def test_days_are_counted_in_the_office_time_zone(stored, daily, forum):
    # d3 (21 日 00:20) and f7 (24 日 06:50) are on the previous day in UTC.
    result = preview(
        "停车 | 暴雨 积水", since=at(20, 0), until=at(25, 0), source_ids=[daily.pk, forum.pk]
    )
    assert result.per_day == [
        (date(2026, 11, 20), 0),
        (date(2026, 11, 21), 1),
        (date(2026, 11, 22), 0),
        (date(2026, 11, 23), 1),
        (date(2026, 11, 24), 1),
    ]


def test_period_bounds_and_newest_samples_first(stored, daily, forum):
    # 安全 学校 -广告 matches d2 (20 日 23:40), f4 (22 日), d5 (22 日), d7 (23 日 23:50).
    result = preview(
        "安全 学校 -广告",
        since=at(21, 0),
        until=at(23, 23, 50),
        source_ids=[daily.pk, forum.pk],
        sample=1,
    )
    assert result.total == 2  # d5 and f4; d2 is before, d7 exactly at the end (excluded)
    assert [s.item.guid for s in result.samples] == ["f4"]  # 22 日 12:00, after d5's 10:00


def test_samples_highlight_the_rule_words(stored, daily, forum):
    result = preview(
        "title:加装电梯 (噪音 | 投诉)", since=SINCE, until=UNTIL, source_ids=[forum.pk]
    )
    f2 = next(s for s in result.samples if s.item.guid == "f2")
    assert "<mark>加裝電梯</mark>" in f2.title_html  # the original Traditional text
    assert "<mark>噪音</mark>" in f2.snippet_html


def test_rule_without_indexable_words_scans_the_period(stored, daily, forum):
    result = preview("source:青川论坛", since=SINCE, until=UNTIL, source_ids=[daily.pk, forum.pk])
    assert not result.stats.used_index
    assert result.total == len(FORUM)
    assert result.stats.candidates == len(DAILY) + len(FORUM)


def test_word_in_no_stored_item_reads_nothing(stored, daily, forum):
    result = preview("地铁 延误", since=SINCE, until=UNTIL, source_ids=[daily.pk, forum.pk])
    assert (result.total, result.stats.candidates) == (0, 0)
    assert result.per_day[0] == (date(2026, 11, 1), 0)
    assert len(result.per_day) == 29


def test_other_sources_are_left_out(stored, daily, forum):
    # z1 (住建局门户) also talks about 加装电梯 and 噪音.
    result = preview("加装电梯 噪音", since=SINCE, until=UNTIL, source_ids=[daily.pk, forum.pk])
    assert {s.item.guid for s in result.samples} == {"f1", "f2"}
    assert preview("加装电梯 噪音", since=SINCE, until=UNTIL, source_ids=[]).total == 0
