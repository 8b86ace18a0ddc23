"""Alert fixtures: the office's leaders, events with given figures, and office time."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huiying.events.models import Event
from huiying.org.services import create_staff_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
_keys = itertools.count(1)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, office time (a Wednesday is the 25th)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


DAYTIME = at(25, 10)  # 10:00, outside quiet hours
NIGHT = at(25, 23)  # 23:00, inside 22:00–07:30


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def supervisor(office):
    return create_staff_user(
        username="fenguan", password="pw-fenguan-123", role="supervising_leader", units=[office]
    )


@pytest.fixture
def principal(office):
    return create_staff_user(
        username="zhuyao", password="pw-zhuyao-123", role="principal_leader", units=[office]
    )


def make_event(title: str = "城东新区小区停水三天居民反映强烈", **figures: float) -> Event:
    fields = {"item_count": 5, "source_count": 2, "negative_count": 1, "per_hour_now": 2.0}
    fields.update(figures)
    return Event.objects.create(
        key=f"test:{next(_keys)}", title=title, updated_at=DAYTIME, **fields
    )


def bump(event: Event, **figures: float) -> Event:
    for name, value in figures.items():
        setattr(event, name, value)
    event.save()
    return event
