"""Re-applying a changed rule to history: matches that no longer hold go, new ones come."""

from __future__ import annotations

import pytest

from huiying.audit.models import AuditEntry
from huiying.watch.models import RuleMatch, WatchRule
from huiying.watch.services import create_rule, reapply_rule, update_rule
from tests.watch.conftest import store
from tests.watch.corpus import DAILY, FORUM, at

pytestmark = pytest.mark.django_db


def matched(rule: WatchRule) -> set[str]:
    return set(RuleMatch.objects.filter(rule=rule).values_list("item__guid", flat=True))


def test_reapply_after_editing_a_rule(office, daily, forum, monitor_user):
    rule = create_rule(unit=office, name="电梯投诉", query="电梯 投诉")
    store(daily, DAILY)
    store(forum, FORUM)
    assert matched(rule) == {"f2"}  # 電梯…住戶多次投訴

    rule = update_rule(rule, query="电梯 噪音")
    assert matched(rule) == {"f2"}  # history keeps the old rule's matches until re-applied
    done = reapply_rule(rule, actor=monitor_user)
    assert (done.total, done.added, done.removed) == (2, 1, 0)
    assert matched(rule) == {"f1", "f2"}

    rule = update_rule(rule, query="电梯 物业")
    done = reapply_rule(rule, actor=monitor_user)
    assert (done.total, done.added, done.removed) == (1, 1, 2)
    assert matched(rule) == {"f6"}
    entry = AuditEntry.objects.filter(action="watch_rule.reapply").latest("id")
    assert entry.actor == monitor_user
    assert (entry.after["added"], entry.after["removed"], entry.after["version"]) == (1, 2, 3)


def test_reapply_a_period_leaves_other_matches_alone(office, forum):
    rule = create_rule(unit=office, name="电梯", query="电梯")
    store(forum, FORUM)
    assert matched(rule) == {"f1", "f2", "f6"}  # 20 日, 21 日, 23 日
    rule = update_rule(rule, query="电梯 物业")
    done = reapply_rule(rule, since=at(21, 0), until=at(24, 0))
    assert (done.total, done.added, done.removed) == (1, 0, 1)  # f6 stays, f2 goes
    assert matched(rule) == {"f1", "f6"}  # f1 (20 日) is outside the period


def test_reapply_respects_source_filter_and_window(office, daily, forum):
    rule = create_rule(unit=office, name="电梯", query="电梯")
    store(daily, DAILY)
    store(forum, FORUM)
    assert matched(rule) == {"d1", "f1", "f2", "f6"}
    rule = update_rule(rule, sources=[forum], active_from=at(21, 0))
    reapply_rule(rule)
    assert matched(rule) == {"f2", "f6"}
    match = RuleMatch.objects.get(rule=rule, item__guid="f6")
    assert match.item_at == at(23, 21, 10)
