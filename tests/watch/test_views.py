"""Watch-rule pages through Django's test client on the real database."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huiying.core.rules import RuleSyntaxError, parse_rule
from huiying.org.services import create_staff_user
from huiying.watch.models import WatchRule
from huiying.watch.services import create_rule
from tests.watch.conftest import store
from tests.watch.corpus import FORUM

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_user(office):
    return create_staff_user(
        username="bianji", password="pw-bianji-123", role="editor", units=[office]
    )


@pytest.fixture
def zjj_rule(other_unit):
    return create_rule(unit=other_unit, name="住建局电梯", query="加装电梯")


def test_another_units_rule_is_forbidden(client, monitor_user, zjj_rule):
    client.force_login(monitor_user)
    assert zjj_rule.name not in client.get(reverse("watch:list")).content.decode()
    for name in ("watch:detail", "watch:edit"):
        assert client.get(reverse(name, args=[zjj_rule.pk])).status_code == 403
    for name in ("watch:toggle", "watch:reapply", "watch:delete"):
        assert client.post(reverse(name, args=[zjj_rule.pk]), {"period": "all"}).status_code == 403
    zjj_rule.refresh_from_db()
    assert zjj_rule.enabled and WatchRule.objects.filter(pk=zjj_rule.pk).exists()


def test_every_role_views_but_only_some_edit(client, editor_user, office):
    rule = create_rule(unit=office, name="校园食品安全", query="食品安全 学校")
    client.force_login(editor_user)
    assert client.get(reverse("watch:list")).status_code == 200
    assert client.get(reverse("watch:detail", args=[rule.pk])).status_code == 200
    assert client.get(reverse("watch:add")).status_code == 403
    assert client.post(reverse("watch:toggle", args=[rule.pk])).status_code == 403


def test_pages_require_login(client, office):
    response = client.get(reverse("watch:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_preview_of_a_malformed_query_points_at_the_error(client, monitor_user, office):
    client.force_login(monitor_user)
    query = "(食品 | 药品) & (学校"
    response = client.get(
        reverse("watch:preview"), {"query": query, "unit": office.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(query)
    assert "第 16 个字符处缺少右括号“）”。" in page
    assert html.escape(caught.value.pointer()) in page  # the query, and a caret under it
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_preview_counts_and_chart_data(client, monitor_user, office, stored):
    client.force_login(monitor_user)
    response = client.get(
        reverse("watch:preview"),
        {
            "query": "市场监管 -招聘",
            "unit": office.pk,
            "since": "2026-11-01",
            "until": "2026-11-30",
        },
    )
    assert response.context["preview"].total == 3
    page = response.content.decode()
    assert 'id="preview-chart-data" type="application/json"' in page
    assert "<mark>市場監管</mark>" in page  # f4, highlighted in its own Traditional text
    assert "<script>" not in page  # data only: the chart is drawn by watch.js


def test_preview_is_limited_to_the_users_units(client, monitor_user, other_unit, stored):
    client.force_login(monitor_user)
    response = client.get(reverse("watch:preview"), {"query": "加装电梯", "unit": other_unit.pk})
    assert "preview" not in response.context
    assert "预览条件有误" in response.content.decode()


def test_save_a_new_rule_through_the_editor(client, monitor_user, office, forum):
    client.force_login(monitor_user)
    bad = client.post(
        reverse("watch:add"),
        {"name": "电梯噪音", "unit": office.pk, "query": "电梯 NEAR/ 噪音", "enabled": "on"},
    )
    assert bad.status_code == 200
    assert "“NEAR/” 后面需要一个数字，例如 NEAR/10。" in bad.content.decode()
    assert not WatchRule.objects.exists()

    response = client.post(
        reverse("watch:add"),
        {
            "name": "电梯噪音",
            "unit": office.pk,
            "query": "电梯 NEAR/10 噪音",
            "sources": [forum.pk],
            "enabled": "on",
            "action": "save",
        },
    )
    rule = WatchRule.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("watch:detail", args=[rule.pk])
    assert (rule.query, rule.created_by, list(rule.sources.all())) == (
        "电梯 NEAR/10 噪音",
        monitor_user,
        [forum],
    )


def test_preview_button_works_without_javascript(client, monitor_user, office, stored):
    client.force_login(monitor_user)
    response = client.post(
        reverse("watch:add"),
        {
            "name": "电梯",
            "unit": office.pk,
            "query": "电梯",
            "since": "2026-11-20",
            "until": "2026-11-24",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert response.context["preview"].total == 4  # d1 f1 f2 f6, not 住建局's z1
    assert not WatchRule.objects.exists()


def test_edit_then_reapply_from_the_rule_page(client, monitor_user, office, forum):
    rule = create_rule(unit=office, name="电梯", query="电梯 投诉")
    store(forum, FORUM)
    client.force_login(monitor_user)
    response = client.post(
        reverse("watch:edit", args=[rule.pk]),
        {"name": "电梯", "unit": office.pk, "query": "电梯 噪音", "enabled": "on"},
        follow=True,
    )
    assert "重新应用到历史数据" in response.content.decode()
    rule.refresh_from_db()
    assert (rule.query, rule.version) == ("电梯 噪音", 2)

    response = client.post(reverse("watch:reapply", args=[rule.pk]), {"period": "all"}, follow=True)
    page = response.content.decode()
    assert "已重新应用到历史数据：共命中 2 条（新增 1 条，移除 0 条）。" in page
    assert response.context["total"] == 2


def test_list_shows_matches_today_and_this_week(client, monitor_user, office, forum):
    rule = create_rule(unit=office, name="停车", query="停车")
    now = timezone.now()
    rows = [
        ("n1", "车位被占", "小区停车难，车位长期被外来车辆占用。", now),
        ("n2", "停车收费", "医院停车场收费标准调整，市民反映偏高。", now - timedelta(days=3)),
        ("n3", "路边停车", "学校门口路边停车拥堵，家长接送不便。", now - timedelta(days=10)),
    ]
    store(forum, rows, now=now)
    client.force_login(monitor_user)
    page = client.get(reverse("watch:list")).content.decode()
    row = page[page.index(f'id="rule-{rule.pk}"') :]
    assert '<td data-label="今日命中" class="num matches-today">1</td>' in row
    assert '<td data-label="7 天命中" class="num matches-week">2</td>' in row
    detail = client.get(reverse("watch:detail", args=[rule.pk]))
    assert detail.context["total"] == 3
    assert sum(detail.context["chart"]["counts"]) == 3  # all three are within 30 days
