"""Complaint fixtures: the office, the housing bureau (住建局) and the education bureau
(教育局), their staff, and a helper that receives a complaint at a fixed time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huiying.complaints.assignment import create_rule
from huiying.complaints.services import receive_complaint
from huiying.org.services import create_staff_user, create_unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# Monday 15 September 2025 10:00: an ordinary working week.
MONDAY = at(2025, 9, 15)


@pytest.fixture(autouse=True)
def _chinese():
    """Service messages are checked in Chinese; an English page request in an earlier
    test leaves English active in this thread (LocaleMiddleware never deactivates)."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def jyj(db):
    return create_unit(code="jyj", name="市教育局")


@pytest.fixture
def zjj_head(other_unit):
    return create_staff_user(
        username="zjj-head", password="pw-zjj-head-123", role="dept_head", units=[other_unit]
    )


@pytest.fixture
def jyj_head(jyj):
    return create_staff_user(
        username="jyj-head", password="pw-jyj-head-123", role="dept_head", units=[jyj]
    )


@pytest.fixture
def rules(other_unit, jyj):
    """住建局 takes 城乡建设 and anything about lifts; 教育局 anything about schools."""
    return [
        create_rule(name="城乡建设类", unit=other_unit, category="城乡建设", priority=10),
        create_rule(name="电梯", unit=other_unit, keywords="电梯、加装电梯", priority=20),
        create_rule(name="学校", unit=jyj, keywords="学校 幼儿园，校车", priority=30),
    ]


def receive(
    number: str, content: str = "幸福里小区夜间施工噪音扰民，每天晚上十点以后还在切割钢筋。", **kw
):
    kw.setdefault("channel", "12345热线")
    kw.setdefault("title", "夜间施工噪音扰民")
    kw.setdefault("received_at", MONDAY)
    kw.setdefault("now", kw["received_at"])
    complaint, _created = receive_complaint(external_id=number, content=content, **kw)
    return complaint
