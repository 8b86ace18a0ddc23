"""Creating and changing watch rules through the services: validation in Chinese with
the position of a query error, versions, and the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.org.services import create_staff_user
from huiying.watch.models import RuleMatch, WatchRule
from huiying.watch.services import (
    create_rule,
    delete_rule,
    reapply_rule,
    set_enabled,
    update_rule,
)
from tests.watch.corpus import at

pytestmark = pytest.mark.django_db


def test_malformed_query_is_refused_in_chinese_with_its_position(office, monitor_user):
    with pytest.raises(ValidationError) as caught:
        create_rule(unit=office, name="食品药品", query="(食品 | 药品) & (学校", actor=monitor_user)
    assert caught.value.message_dict == {"query": ["第 16 个字符处缺少右括号“）”。"]}
    assert caught.value.position == 15
    assert caught.value.pointer.splitlines()[1].endswith("^")
    assert not WatchRule.objects.exists()


def test_update_keeps_the_old_query_when_the_new_one_is_malformed(office, monitor_user):
    rule = create_rule(unit=office, name="电梯", query="加装电梯 噪音", actor=monitor_user)
    with pytest.raises(ValidationError) as caught:
        update_rule(rule, query="电梯 NEAR/ 回复", actor=monitor_user)
    assert caught.value.message_dict["query"] == ["“NEAR/” 后面需要一个数字，例如 NEAR/10。"]
    assert caught.value.position == 8  # right after "NEAR/", where the number belongs
    rule.refresh_from_db()
    assert (rule.query, rule.version) == ("加装电梯 噪音", 1)


def test_update_bumps_the_version_and_is_audited(office, monitor_user, daily):
    rule = create_rule(unit=office, name="电梯", query="加装电梯", actor=monitor_user)
    rule = update_rule(rule, query="加装电梯 (噪音 | 投诉)", sources=[daily], actor=monitor_user)
    assert rule.version == 2
    assert list(rule.sources.all()) == [daily]
    assert rule.updated_by == monitor_user
    entry = AuditEntry.objects.filter(action="watch_rule.update").get()
    assert entry.actor == monitor_user
    assert entry.before["query"] == "加装电梯"
    assert entry.after["query"] == "加装电梯 (噪音 | 投诉)"
    assert entry.after["sources"] == ["青川日报"]
    assert AuditEntry.objects.filter(action="watch_rule.create", object_id=str(rule.pk)).exists()


def test_names_are_unique_within_a_unit_only(office, other_unit, monitor_user):
    create_rule(unit=office, name="校园食品安全", query="食品安全 学校")
    with pytest.raises(ValidationError) as caught:
        create_rule(unit=office, name=" 校园食品安全 ", query="食堂")
    assert caught.value.message_dict == {"name": ["本单位已有名为“校园食品安全”的监测专题。"]}
    create_rule(unit=other_unit, name="校园食品安全", query="食品安全 学校")
    assert WatchRule.objects.count() == 2


def test_sources_and_people_must_belong_to_the_rules_unit(office, other_unit, zjj_source):
    with pytest.raises(ValidationError) as caught:
        create_rule(unit=office, name="电梯", query="电梯", sources=[zjj_source])
    assert caught.value.message_dict == {"sources": ["信息源“住建局门户”不属于市委网信办。"]}
    outsider = create_staff_user(
        username="zjj-monitor", password="pw-zjj-12345", role="monitor", units=[other_unit]
    )
    with pytest.raises(ValidationError) as caught:
        create_rule(unit=office, name="电梯", query="电梯", notify=[outsider])
    assert "不能接收该专题的通知" in caught.value.message_dict["notify"][0]


def test_active_window_must_end_after_it_starts(office):
    with pytest.raises(ValidationError) as caught:
        create_rule(
            unit=office, name="两会", query="两会", active_from=at(24, 0), active_until=at(20, 0)
        )
    assert caught.value.message_dict == {"active_until": ["失效时间必须晚于生效时间。"]}


def test_enable_disable_and_delete_are_audited(office, monitor_user, stored):
    rule = create_rule(unit=office, name="电梯", query="电梯", actor=monitor_user)
    set_enabled(rule, False, actor=monitor_user)
    assert not WatchRule.objects.get(pk=rule.pk).enabled
    assert AuditEntry.objects.filter(action="watch_rule.disable", actor=monitor_user).exists()
    assert reapply_rule(rule).total == 4  # d1, f1, f2, f6
    delete_rule(rule, actor=monitor_user)
    assert not WatchRule.objects.exists()
    assert not RuleMatch.objects.exists()
    entry = AuditEntry.objects.get(action="watch_rule.delete")
    assert (entry.object_id, entry.before["matches"]) == (str(rule.pk), 4)
