"""The 0002 data migration moves `event_key` (an event id as text) to the `event` and
`alert` foreign keys, and keeps a key that names no event as the event title."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.cases.conftest import MONDAY

BEFORE = [("cases", "0001_initial"), ("complaints", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_event_key_becomes_the_event_and_alert_links(office, editor):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, ("alerts", "0002_eventtier_harm_scan")]).apps
    Event, Alert = old.get_model("events", "Event"), old.get_model("alerts", "Alert")
    Case = old.get_model("cases", "Case")
    event = Event.objects.create(key="m:1", title="城西隧道施工塌方", updated_at=MONDAY)
    alert = Alert.objects.create(
        event=event, tier=2, reason="伤害词", dedup_key=f"{event.pk}:tier:2", created_at=MONDAY
    )
    common = {"tier": 2, "owner_id": editor.pk, "unit_id": office.pk, "opened_at": MONDAY}
    common["updated_at"] = MONDAY
    from_alert = Case.objects.create(
        title="从预警", origin="alert", event_key=str(event.pk), **common
    )
    from_event = Case.objects.create(
        title="从事件", origin="event", event_key=f" {event.pk} ", event_title="旧标题", **common
    )
    typed = Case.objects.create(title="手填", origin="manual", event_key="ev-42", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from huiying.cases.models import Case as Now

    linked = Now.objects.get(pk=from_alert.pk)
    assert (linked.event_id, linked.alert_id, linked.event_title) == (
        event.pk,
        alert.pk,
        "城西隧道施工塌方",
    )
    kept = Now.objects.get(pk=from_event.pk)
    assert (kept.event_id, kept.alert_id, kept.event_title) == (event.pk, None, "旧标题")
    unknown = Now.objects.get(pk=typed.pk)
    assert (unknown.event_id, unknown.event_title) == (None, "ev-42")
