"""The alert list, the channels page and an event's tier panel, as people use them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huiying.alerts.models import Channel, Delivery, EventTier
from huiying.alerts.services import evaluate_events
from huiying.audit.models import AuditEntry
from tests.alerts.conftest import DAYTIME, make_event

pytestmark = pytest.mark.django_db


def test_alert_list_shows_tier_reason_and_a_failed_delivery(client, principal, supervisor):
    channel = Channel.objects.create(kind="wecom", name="值班群", config={"url": "http://x/"})
    [alert] = evaluate_events([make_event("老旧小区电梯困人", per_hour_now=150)], DAYTIME)
    Delivery.objects.filter(channel=channel).update(
        status="failed", last_error_zh="连接被拒绝：企业微信机器人地址无法访问。（共尝试 6 次）"
    )
    client.force_login(principal)
    page = client.get(reverse("alerts:list")).content.decode()
    assert "老旧小区电梯困人" in page and "重大" in page
    assert "每小时 150 条" in page
    assert "连接被拒绝：企业微信机器人地址无法访问。（共尝试 6 次）" in page
    assert "失败" in page and "已发送" in page
    assert "值班群" in page
    assert alert.event.title in page


def test_channels_are_for_administrators_only(client, monitor_user, admin_user):
    client.force_login(monitor_user)
    assert client.get(reverse("alerts:channels")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("alerts:channels")).status_code == 200
    bad = client.post(
        reverse("alerts:channel_new"),
        {"name": "钉钉群", "kind": "dingtalk", "enabled": "on", "config_text": '{"adress": "x"}'},
    )
    assert bad.status_code == 200 and "渠道配置有未知项：adress" in bad.content.decode()
    assert not Channel.objects.exists()
    good = client.post(
        reverse("alerts:channel_new"),
        {
            "name": "钉钉群",
            "kind": "dingtalk",
            "enabled": "on",
            "config_text": '{"url": "https://oapi.dingtalk.com/robot/send?access_token=t", "secret": "SECx"}',
        },
    )
    assert good.status_code == 302
    assert Channel.objects.get().config["secret"] == "SECx"
    assert AuditEntry.objects.filter(action="alerts.channel_saved").exists()


def test_tier_panel_shows_history_and_a_person_lowers_the_tier(client, monitor_user, principal):
    event = make_event("公园游船侧翻传闻", per_hour_now=35)
    evaluate_events([event], DAYTIME)
    url = reverse("alerts:tier_panel", args=[event.pk])
    client.force_login(monitor_user)  # none of the event's items is from the monitor's unit
    assert client.get(url).status_code == 404
    assert "公园游船" not in client.get(reverse("alerts:list")).content.decode()
    client.force_login(principal)
    panel = client.get(url).content.decode()
    assert "较大" in panel and "自动" in panel and "每小时 35 条" in panel

    missing = client.post(reverse("alerts:tier_set", args=[event.pk]), {"tier": "1", "reason": ""})
    assert missing.status_code == 400
    assert EventTier.objects.get(event=event).tier == 2

    done = client.post(
        reverse("alerts:tier_set", args=[event.pk]), {"tier": "1", "reason": "系旧图翻炒"}
    )
    assert done.status_code == 302
    panel = client.get(url).content.decode()
    assert "人工定级" in panel and "较大 → 一般" in panel and "zhuyao" in panel


def test_pages_in_english(client, admin_user):
    client.cookies["django_language"] = "en"
    client.force_login(admin_user)
    assert "No alerts yet." in client.get(reverse("alerts:list")).content.decode()
    assert "Notification channels" in client.get(reverse("alerts:channels")).content.decode()
