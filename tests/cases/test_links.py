"""Cases linked to their event and alert: opened from the alert list (开立处置) at the
alert's tier, the case page links back, and the 快报 carries the event's figures and
the reasons for its tier, shown before it is sent."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from huiying.alerts.models import Alert, EventTier, TierChange
from huiying.alerts.services import set_tier
from huiying.cases import services
from huiying.cases.models import Case
from huiying.events.models import Event
from tests.cases.conftest import MONDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(office, supervisor):
    event = Event.objects.create(
        key="test:tunnel",
        title="城西隧道施工塌方两名工人受伤",
        item_count=12,
        source_count=5,
        negative_count=9,
        per_hour_now=3.0,
        first_seen=at(2025, 9, 15, 8),
        last_seen=at(2025, 9, 15, 9, 50),
        updated_at=MONDAY,
    )
    EventTier.objects.create(event=event, tier=1, decided_at=at(2025, 9, 15, 8), harm_words=[])
    TierChange.objects.create(
        event=event,
        to_tier=1,
        reasons=["未达到“较大”的任一条件"],
        at=at(2025, 9, 15, 8),
        figures={"items": 3, "national_sources": 0, "harm_words": []},
    )
    state = EventTier.objects.get(event=event)
    state.tier, state.harm_words = 2, ["受伤"]
    state.save()
    TierChange.objects.create(
        event=event,
        from_tier=1,
        to_tier=2,
        at=at(2025, 9, 15, 9, 30),
        reasons=["伤害词 1 个（受伤），达到“较大”阈值 1 个"],
        figures={"items": 12, "national_sources": 1, "harm_words": ["受伤"]},
    )
    return Alert.objects.create(
        event=event,
        tier=2,
        reason="伤害词 1 个（受伤）",
        dedup_key=f"{event.pk}:tier:2",
        created_at=at(2025, 9, 15, 9, 30),
    )


def test_open_from_the_alert_list(client, alert, other_unit, editor, admin_user):
    # The event has no stored items here, so only a role spanning the office sees it.
    client.force_login(admin_user)
    listing = client.get(reverse("alerts:list")).content.decode()
    link = re.search(r'href="(/cases/open/\?alert=\d+)"', listing)
    assert link and "开立处置" in listing
    form = client.get(link.group(1)).context["form"]
    assert (form.initial["origin"], form.initial["tier"]) == ("alert", 2)
    assert (form.initial["alert"], form.initial["event"]) == (alert.pk, alert.event_id)
    data = {k: form.initial[k] for k in ("title", "tier", "origin", "event", "alert", "summary")}
    response = client.post(link.group(1), {**data, "unit": other_unit.pk, "owner": editor.pk})
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.alert, case.event, case.tier, case.origin) == (alert, alert.event, 2, "alert")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("events:detail", args=[alert.event_id]) in page
    assert f"/alerts/#alert-{alert.pk}" in page
    # The alert list now leads to the case instead of offering a second one.
    listing = client.get(reverse("alerts:list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in listing and "?alert=" not in listing
    with pytest.raises(ValidationError) as refused:
        services.open_case(
            title="再开", tier=2, unit=other_unit, owner=editor, origin="alert", alert=alert
        )
    assert "该预警已开立处置" in " ".join(refused.value.messages)


def test_an_alert_and_another_event_do_not_mix(alert, other_unit, editor):
    other = Event.objects.create(key="test:other", title="别的事件", updated_at=MONDAY)
    with pytest.raises(ValidationError) as refused:
        services.open_case(
            title="错配",
            tier=2,
            unit=other_unit,
            owner=editor,
            origin="alert",
            alert=alert,
            event=other,
        )
    assert "预警不属于所选事件" in " ".join(refused.value.messages)
    assert Case.objects.count() == 0


def test_flash_report_has_the_event_figures_and_tier_reasons(
    client, alert, other_unit, editor, zjj_head, supervisor
):
    case = services.open_case(
        title="城西隧道施工塌方",
        tier=2,
        unit=other_unit,
        owner=editor,
        origin="alert",
        alert=alert,
        summary="两名工人受伤送医。",
        now=at(2025, 9, 15, 10),
    )
    client.force_login(editor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    preview = re.search(r'<pre class="flash-text flash-preview">(.*?)</pre>', page, re.S).group(1)
    report = services.send_flash_report(case, actor=editor, now=at(2025, 9, 15, 10, 30))
    for text in (preview, report.text):
        assert "信息条数：12 条；信息源：5 个（其中国家级 1 个）" in text
        assert "负面占比：75%" in text and "涉及伤亡等伤害词：受伤" in text
        assert "一般 → 较大（自动）：伤害词 1 个（受伤）" in text
        assert "城西隧道施工塌方两名工人受伤" in text and "两名工人受伤送医" in text
    assert "首次公开回应" in report.text
    # A person's tier change is a reason too, with who made it.
    set_tier(alert.event, 3, "央视报道，按重大处置", supervisor, now=at(2025, 9, 15, 11))
    again = services.send_flash_report(case, actor=editor, now=at(2025, 9, 15, 11, 5))
    assert "较大 → 重大（人工：fgld）：央视报道，按重大处置" in again.text


def test_old_event_links_still_open_from_the_event(client, other_unit, editor):
    event = Event.objects.create(key="test:e", title="河西路积水", updated_at=MONDAY)
    client.force_login(editor)
    form = client.get(reverse("cases:open"), {"event_key": event.pk}).context["form"]
    assert (form.initial["origin"], form.initial["event"], form.initial["tier"]) == (
        "event",
        event.pk,
        1,
    )
