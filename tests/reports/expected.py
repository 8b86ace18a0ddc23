"""What a report should say, counted with plain Python over the lists in world.py."""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta

from tests.reports.world import CASES, COMPLAINTS, EVENTS, ITEMS


def pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "无数据"


def hours(value: float | None) -> str:
    return "无数据" if value is None else f"{value:.1f}小时"


def expected(start: datetime, end: datetime, units: set[str] | None = None) -> dict[str, str]:
    def inside(t: datetime | None) -> bool:
        return t is not None and start <= t < end

    def mine(u: str) -> bool:
        return units is None or u in units

    out: dict[str, str] = {}
    out["items"] = f"{sum(1 for u, t in ITEMS if mine(u) and inside(t))}条"
    opened = [c for c in CASES if mine(c[0]) and inside(c[2])]
    out["cases.opened"] = f"{len(opened)}件"
    out["cases.closed"] = f"{sum(1 for c in CASES if mine(c[0]) and inside(c[5]))}件"
    answered = sorted(c[3] for c in opened if c[3] is not None)
    out["cases.median_hours"] = hours(statistics.median(answered) if answered else None)
    p90 = answered[math.ceil(0.9 * len(answered)) - 1] if answered else None
    out["cases.p90_hours"] = hours(p90)
    for tier in (None, 1, 2, 3, 4):
        due = [
            c
            for c in opened
            if (tier is None or c[1] == tier)
            and (c[3] is not None or c[2] + timedelta(hours=c[4]) < end)
        ]
        met = sum(1 for c in due if c[3] is not None and c[3] <= c[4])
        out["cases.within" + ("" if tier is None else f"_{tier}")] = pct(met, len(due))
    received = [c for c in COMPLAINTS if mine(c[0]) and inside(c[1])]
    n = len(received)
    closed = sum(1 for c in received if c[2] == "closed" and c[4] is not None and c[4] < end)
    out["complaints.received"] = f"{n}件"
    out["complaints.replied"] = f"{sum(1 for c in received if c[3] is not None and c[3] < end)}件"
    out["complaints.closed"] = f"{closed}件"
    out["complaints.closure_rate"] = pct(closed, n)
    out["complaints.reopen_rate"] = pct(sum(1 for c in received if c[5] > 0), n)
    if units is None:
        new = [e for e in EVENTS if inside(e[1])]
        out["events.total"] = f"{len(new)}起"
        for tier in (1, 2, 3, 4):
            count = 0
            for _title, _first, changes in new:
                before = [to for when, _f, to in changes if when < end]
                count += (before[-1] if before else 1) == tier
            out[f"events.tier_{tier}"] = f"{count}起"
    return out


def shown(snapshot: dict, key: str) -> str:
    node = snapshot
    for part in key.split("."):
        node = node[part]
    return node["text"]
