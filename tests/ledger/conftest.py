"""Ledger fixtures: the office (市委网信办, the leading office), 住建局 and 教育局, a
leading-group roster, their staff, and a clock helper. Evidence goes to a temp MEDIA_ROOT."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huiying.ledger import services
from huiying.org.services import add_leading_group_member, create_staff_user, create_unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def jyj(db):
    return create_unit(code="jyj", name="市教育局")


@pytest.fixture
def head_seat(office):
    return add_leading_group_member(position="head", title="市委常委、宣传部部长", unit=office)


@pytest.fixture
def zjj_seat(other_unit):
    return add_leading_group_member(position="member", title="市住建局局长", unit=other_unit)


@pytest.fixture
def office_head(office):
    return create_staff_user(
        username="office-head", password="pw-office-head-1", role="dept_head", units=[office]
    )


@pytest.fixture
def zjj_head(other_unit):
    return create_staff_user(
        username="zjj-head", password="pw-zjj-head-123", role="dept_head", units=[other_unit]
    )


@pytest.fixture
def leader(office):
    return create_staff_user(
        username="leader", password="pw-leader-1234", role="supervising_leader", units=[office]
    )


def make_task(seat, unit, *, created: date, deadline: date, **kw):
    """A task created on `created` (the service judges 'past deadline' against that)."""
    kw.setdefault("title", "加装电梯政策解读材料发布")
    return services.create_task(
        lead_leader=seat, lead_unit=unit, deadline=deadline, now=at(created), **kw
    )
