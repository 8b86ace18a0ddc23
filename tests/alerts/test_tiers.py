"""Tiering and alerting an event as its figures change, with times given explicitly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from huiying.alerts.delivery import send_due
from huiying.alerts.models import Alert, Channel, Delivery, EventTier, TierChange
from huiying.alerts.services import evaluate_events, set_tier
from huiying.audit.models import AuditEntry
from huiying.core.tiers import Tier
from tests.alerts.conftest import DAYTIME, NIGHT, at, bump, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_robot(office):
    return Channel.objects.create(
        kind="wecom", name="值班群", config={"url": "http://127.0.0.1:9/wecom"}, unit=office
    )


def test_a_rising_event_pages_once_per_tier(supervisor, principal, office_robot):
    event = make_event(per_hour_now=3)
    assert evaluate_events([event], DAYTIME) == []
    assert EventTier.objects.get(event=event).tier == Tier.GENERAL  # logged, nobody paged

    bump(event, per_hour_now=35)
    [alert] = evaluate_events([event], DAYTIME + timedelta(minutes=5))
    assert alert.tier == Tier.SIGNIFICANT and "每小时 35 条" in alert.reason
    [leader_note] = alert.deliveries.all()
    assert leader_note.recipient == supervisor and leader_note.status == "sent"

    # Evaluated again and again at the same tier: nobody is paged twice.
    bump(event, per_hour_now=60)
    assert evaluate_events([event], DAYTIME + timedelta(minutes=10)) == []
    assert evaluate_events([event], DAYTIME + timedelta(minutes=15)) == []
    assert Alert.objects.filter(event=event).count() == 1

    bump(event, per_hour_now=150)
    [major] = evaluate_events([event], DAYTIME + timedelta(minutes=20))
    targets = {(d.recipient_id, d.channel_id, d.status) for d in major.deliveries.all()}
    assert targets == {(supervisor.pk, None, "sent"), (None, office_robot.pk, "pending")}
    assert principal.pk not in {t[0] for t in targets}

    history = list(TierChange.objects.filter(event=event).order_by("at"))
    assert [(c.from_tier, c.to_tier) for c in history] == [(None, 1), (1, 2), (2, 3)]
    assert history[-1].figures["per_hour"] == 150 and history[-1].actor is None
    assert (
        AuditEntry.objects.filter(action="alerts.tier_change", object_id=str(event.pk)).count() == 3
    )


def test_top_tier_goes_to_principal_leaders_and_every_channel(supervisor, principal, other_unit):
    unit_robot = Channel.objects.create(
        kind="dingtalk", name="住建局群", config={"url": "http://127.0.0.1:9/d"}, unit=other_unit
    )
    event = make_event(per_hour_now=800)
    [alert] = evaluate_events([event], DAYTIME)
    assert alert.tier == Tier.EXTRAORDINARY
    targets = {(d.recipient_id, d.channel_id) for d in alert.deliveries.all()}
    assert targets == {(principal.pk, None), (None, unit_robot.pk)}


def test_a_fall_does_not_alert_and_the_tier_stays(supervisor):
    event = make_event(per_hour_now=150)
    [alert] = evaluate_events([event], DAYTIME)
    assert alert.tier == Tier.MAJOR
    bump(event, per_hour_now=1)
    assert evaluate_events([event], DAYTIME + timedelta(hours=3)) == []
    assert EventTier.objects.get(event=event).tier == Tier.MAJOR
    assert Alert.objects.count() == 1


def test_manual_tier_is_audited_and_not_overridden(supervisor, monitor_user):
    event = make_event(per_hour_now=35)
    evaluate_events([event], DAYTIME)
    with pytest.raises(ValidationError):
        set_tier(event, Tier.GENERAL, "  ", monitor_user, now=DAYTIME)

    set_tier(event, Tier.GENERAL, "经核实为三年前旧闻，已澄清", monitor_user, now=DAYTIME)
    entry = AuditEntry.objects.filter(action="alerts.tier_set").get()
    assert entry.before == {"tier": "较大"}
    assert entry.after == {"tier": "一般", "reason": "经核实为三年前旧闻，已澄清"}
    assert entry.actor == monitor_user

    bump(event, per_hour_now=200)  # would be 重大 automatically
    assert evaluate_events([event], DAYTIME + timedelta(hours=1)) == []
    state = EventTier.objects.get(event=event)
    assert (state.tier, state.manual, state.set_by) == (Tier.GENERAL, True, monitor_user)

    # A person raising it pages as an automatic rise would.
    set_tier(event, Tier.MAJOR, "涉及学生安全，升级处置", monitor_user, now=DAYTIME)
    alert = Alert.objects.get(event=event, tier=Tier.MAJOR)
    assert alert.reason == "人工定级：涉及学生安全，升级处置"


def test_quiet_hours_defer_significant_but_not_extraordinary(supervisor, principal):
    calm = make_event(per_hour_now=35)
    [significant] = evaluate_events([calm], NIGHT)
    [note] = significant.deliveries.all()
    assert note.status == "deferred" and note.next_attempt_at == at(26, 7, 30)

    fire = make_event("化工厂爆炸多人遇难", per_hour_now=900)
    [top] = evaluate_events([fire], NIGHT)
    [urgent] = top.deliveries.all()
    assert urgent.recipient == principal and urgent.status == "sent"
    assert urgent.sent_at == NIGHT

    assert send_due(at(26, 7, 0)).sent == 0  # still quiet
    assert send_due(at(26, 7, 31)).sent == 1
    note.refresh_from_db()
    assert note.status == "sent" and note.sent_at == at(26, 7, 31)


def test_rate_limit_defers_the_seventh_notice_within_an_hour(supervisor, office_robot):
    times = [DAYTIME + timedelta(minutes=5 * n) for n in range(7)]
    for n, moment in enumerate(times):
        evaluate_events([make_event(f"事件{n}", per_hour_now=150)], moment)
    for target in ({"recipient": supervisor}, {"channel": office_robot}):
        notes = list(Delivery.objects.filter(**target).order_by("id"))
        assert [d.status == "deferred" for d in notes] == [False] * 6 + [True]
        assert notes[-1].next_attempt_at == times[0] + timedelta(hours=1)

    # The top tier is never held back, even for a channel that reached its limit.
    [top] = evaluate_events([make_event("桥梁垮塌", per_hour_now=900)], times[-1])
    [robot] = top.deliveries.filter(channel=office_robot)
    assert robot.status == "pending" and robot.next_attempt_at == times[-1]
