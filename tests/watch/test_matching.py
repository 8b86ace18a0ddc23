"""The ingest hook: new items are matched against every enabled rule of their source's
unit, respecting source filters and active windows, on folded text."""

from __future__ import annotations

import logging

import pytest
from django.db.models import F

from huiying.watch.models import IndexWord, RuleMatch, WatchRule
from huiying.watch.services import create_rule, match_new_items, set_enabled, update_rule
from tests.watch.conftest import store
from tests.watch.corpus import DAILY, FORUM, OTHER, at

pytestmark = pytest.mark.django_db


def matched(rule: WatchRule) -> set[str]:
    return set(RuleMatch.objects.filter(rule=rule).values_list("item__guid", flat=True))


def test_new_items_are_matched_on_folded_text(office, daily, forum):
    rule = create_rule(unit=office, name="加装电梯噪音", query="加装电梯 噪音")
    store(daily, DAILY)
    store(forum, FORUM)
    # f2 is Traditional with full-width digits (老舊小區加裝電梯…噪音擾民): the Simplified
    # rule matches it.
    assert matched(rule) == {"f1", "f2"}
    match = RuleMatch.objects.get(rule=rule, item__guid="f2")
    assert match.item_at == at(21, 7, 40)


def test_matches_are_counted_once_and_the_hook_is_idempotent(office, daily, forum):
    items = store(forum, FORUM)
    rule = create_rule(unit=office, name="电梯", query="电梯")  # made after the items
    assert match_new_items(items) == 3  # f1, f2, f6
    assert match_new_items(items) == 0
    assert matched(rule) == {"f1", "f2", "f6"}


def test_source_filter_and_other_units_sources(office, daily, forum, zjj_source):
    only_daily = create_rule(unit=office, name="日报电梯", query="电梯", sources=[daily])
    everywhere = create_rule(unit=office, name="全部电梯", query="加装电梯")
    store(daily, DAILY)
    store(forum, FORUM)
    store(zjj_source, OTHER)  # 住建局's own source: not watched by the office's rules
    assert matched(only_daily) == {"d1"}
    assert matched(everywhere) == {"d1", "f1", "f2"}


def test_disabled_rules_and_active_windows(office, forum):
    off = create_rule(unit=office, name="停用", query="电梯", enabled=False)
    later = create_rule(unit=office, name="22日起", query="电梯", active_from=at(22, 0))
    earlier = create_rule(unit=office, name="21日前", query="电梯", active_until=at(21, 0))
    store(forum, FORUM)
    assert matched(off) == set()
    assert matched(later) == {"f6"}  # 23 日
    assert matched(earlier) == {"f1"}  # 20 日 22:15


def test_changed_and_reenabled_rules_are_reloaded(office, forum):
    rule = create_rule(unit=office, name="专题", query="电梯")
    store(forum, FORUM[:2])
    assert matched(rule) == {"f1", "f2"}
    update_rule(rule, query="停车")
    set_enabled(rule, False)
    store(forum, FORUM[2:5])  # f3 f4 f5: f5 is about parking, but the rule is off
    assert matched(rule) == {"f1", "f2"}
    set_enabled(rule, True)
    store(forum, FORUM[5:])  # f6 (电梯) f7
    assert matched(rule) == {"f1", "f2"}
    items = store(forum, [("f8", "车位被占", "小区停车难，车位长期被占用。", at(24, 9))])
    assert matched(rule) == {"f1", "f2", "f8"}
    assert items[0].guid == "f8"


def test_one_broken_rule_does_not_stop_the_others(office, forum, caplog):
    good = create_rule(unit=office, name="好规则", query="噪音")
    bad = create_rule(unit=office, name="坏规则", query="电梯")
    # A stored query the parser no longer accepts (written behind the services' back).
    WatchRule.objects.filter(pk=bad.pk).update(query="(电梯", version=F("version") + 1)
    with caplog.at_level(logging.ERROR, logger="huiying.watch.live"):
        store(forum, FORUM)
    assert matched(good) == {"f1", "f2"}
    assert matched(bad) == set()
    assert any("cannot be compiled" in r.getMessage() for r in caplog.records)


def test_stored_items_add_their_index_words(office, forum):
    items = store(forum, FORUM[:1])
    words = set(items[0].tokens.split())
    assert words <= set(IndexWord.objects.values_list("word", flat=True))
