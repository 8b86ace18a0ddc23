"""A small office with known records for report tests: every timestamp is written down
here, so tests can count what a report should say with plain Python over these lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SH)


# (unit code, fetched_at) — boundaries of 2026-H1 and of the day 2026-06-15 included.
ITEMS = [
    ("office", at(2025, 12, 31, 23, 59)),  # just before H1
    ("office", at(2026, 1, 1, 0, 0)),  # first moment of H1
    ("office", at(2026, 3, 8, 9)),
    ("office", at(2026, 6, 15, 0, 0)),
    ("office", at(2026, 6, 15, 23, 59)),
    ("zjj", at(2026, 6, 15, 12)),
    ("zjj", at(2026, 2, 1, 10)),
    ("zfzd", at(2026, 4, 2, 8)),
    ("zfzd", at(2026, 6, 16, 0, 0)),
    ("office", at(2026, 7, 1, 0, 0)),  # first moment after H1
]

# (unit, tier, opened_at, hours to first response or None, respond clock hours, closed_at)
CASES = [
    ("office", 1, at(2026, 2, 3, 9), 2.0, 48, at(2026, 2, 10, 9)),
    ("office", 2, at(2026, 3, 3, 9), 5.0, 12, None),
    ("zjj", 2, at(2026, 4, 3, 9), 30.0, 12, at(2026, 5, 1, 9)),  # late
    ("zjj", 1, at(2026, 5, 3, 9), 10.0, 48, None),
    ("zfzd", 3, at(2026, 6, 15, 10), 60.0, 5, None),  # late
    ("office", 1, at(2026, 6, 1, 9), None, 48, None),  # unanswered, deadline passed
    ("office", 3, at(2026, 6, 30, 23), None, 5, None),  # deadline after H1: not counted
    ("office", 2, at(2025, 12, 20, 9), 1.0, 12, at(2026, 1, 5, 9)),  # opened before H1
]

# (unit, received_at, status, replied_at, closed_at, reopened_count)
COMPLAINTS = [
    ("office", at(2026, 1, 10, 9), "closed", at(2026, 1, 11, 9), at(2026, 1, 12, 9), 0),
    ("office", at(2026, 2, 10, 9), "closed", at(2026, 2, 11, 9), at(2026, 2, 20, 9), 1),
    ("zjj", at(2026, 3, 10, 9), "replied", at(2026, 3, 12, 9), None, 0),
    ("zjj", at(2026, 6, 15, 9), "assigned", None, None, 0),
    ("zfzd", at(2026, 6, 29, 9), "reopened", at(2026, 6, 30, 9), None, 2),
    ("office", at(2026, 7, 2, 9), "received", None, None, 0),  # after H1
]

# (title, first_seen, [(at, from, to)])
EVENTS = [
    (
        "城东污水处理厂异味扰民",
        at(2026, 6, 15, 8),
        [(at(2026, 6, 15, 9), None, 1), (at(2026, 6, 15, 20), 1, 2)],
    ),
    ("地铁三号线施工围挡占道", at(2026, 3, 1, 8), [(at(2026, 3, 1, 9), None, 3)]),
    ("老旧小区加装电梯进展", at(2026, 5, 1, 8), []),
    # Rose to 重大 only after H1 ended: the H1 report counts it as 较大.
    (
        "暴雨后道路积水",
        at(2026, 6, 20, 8),
        [(at(2026, 6, 20, 9), None, 2), (at(2026, 7, 3, 9), 2, 3)],
    ),
    ("跨年夜交通管制", at(2025, 12, 31, 20), [(at(2025, 12, 31, 21), None, 2)]),
]


@dataclass
class World:
    units: dict[str, Any] = field(default_factory=dict)
    user: Any = None
    cases: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)


def build() -> World:
    from huiying.alerts.models import TierChange
    from huiying.cases.models import Case, CaseClock, Origin
    from huiying.complaints.models import Complaint
    from huiying.events.models import Event, EventMembership
    from huiying.items.models import Item
    from huiying.org.services import create_staff_user, create_unit
    from huiying.sources.models import Source

    w = World()
    office = create_unit(code="office", name="市委网信办", is_office=True)
    zjj = create_unit(code="zjj", name="市住建局", parent=office)
    zfzd = create_unit(code="zfzd", name="住建执法支队", parent=zjj)
    w.units = {"office": office, "zjj": zjj, "zfzd": zfzd}
    w.user = create_staff_user(
        username="bianji",
        password="pw-bianji-2026",
        role="admin",
        units=[office],
        display_name="综合科编辑",
    )
    sources = {
        code: Source.objects.create(name=f"{unit.name}信息源", kind="rss", unit=unit)
        for code, unit in w.units.items()
    }
    items = []
    for i, (code, fetched) in enumerate(ITEMS):
        items.append(
            Item.objects.create(
                source=sources[code],
                guid=f"g{i}",
                title=f"关于城区道路的第{i}条信息",
                text="市民反映道路积水问题。",
                fetched_at=fetched,
                content_hash=f"h{i}",
            )
        )
    for unit, tier, opened, hours, clock_hours, closed in CASES:
        case = Case.objects.create(
            title=f"{w.units[unit].name}{opened:%m月%d日}案件",
            tier=tier,
            origin=Origin.MANUAL,
            owner=w.user,
            unit=w.units[unit],
            opened_at=opened,
            updated_at=opened,
            first_response_at=opened + timedelta(hours=hours) if hours is not None else None,
            closed_at=closed,
            step="closed" if closed else "respond",
        )
        CaseClock.objects.create(
            case=case,
            step="respond",
            label="回应关切",
            mode="calendar",
            started=opened,
            deadline=opened + timedelta(hours=clock_hours),
        )
        w.cases.append(case)
    for i, (unit, received, status, replied, closed, reopened) in enumerate(COMPLAINTS):
        Complaint.objects.create(
            channel="12345",
            external_id=f"c{i}",
            title=f"诉求{i}：小区路灯不亮",
            content="小区路灯长期不亮，夜间出行不便。",
            received_at=received,
            unit=w.units[unit],
            status=status,
            replied_at=replied,
            closed_at=closed,
            reopened_count=reopened,
            due_at=received + timedelta(days=7),
        )
    for i, (title, first, changes) in enumerate(EVENTS):
        event = Event.objects.create(
            key=f"t:{i}",
            title=title,
            first_seen=first,
            last_seen=first + timedelta(hours=6),
            item_count=1,
            updated_at=first,
        )
        EventMembership.objects.create(item=items[i], event=event, item_at=first)
        for when, old, new in changes:
            TierChange.objects.create(event=event, from_tier=old, to_tier=new, at=when)
        w.events.append(event)
    return w
