"""Records of bench/make_dataset.py beyond items and events: tiers with their changes and
alerts, complaints, and cases with clocks, timeline, flash reports, statements and
publications. ORM bulk_create throughout (tens of thousands of rows, not millions)."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import UTC, datetime, timedelta
from typing import Any

HOUR = timedelta(hours=1)
# Case tiers: 一般 most, 特别重大 rare.
CASE_TIERS = ((1, 0.70), (2, 0.22), (3, 0.07), (4, 0.01))
# Per tier: the flash clock (hours, mode), the respond clock hours, press conference.
CLOCKS = {
    1: ((24, "working", "报送快报"), (48, "回应关切"), False),
    2: ((4, "calendar", "报送快报"), (12, "首次公开回应"), False),
    3: ((1, "calendar", "报送快报"), (5, "发布权威信息"), True),
    4: ((1, "calendar", "报送快报"), (5, "发布权威信息"), True),
}
STEPS = ("discover", "watch", "flash", "consult", "statement", "respond", "follow_up", "closed")
STATUS_MAP = {"已办结": "closed", "已答复": "replied", "办理中": "assigned", "待分派": "received"}
REPLY_DAYS = 7  # five working days, about a calendar week


def _dt(epoch: float) -> datetime:
    return datetime.fromtimestamp(int(epoch), tz=UTC)


def make_tiers(rng: random.Random, book: Any, now: datetime) -> int:
    """Tier events by size (the biggest rise furthest), with one change and one alert per
    rise above 一般; events of three items or more get a tier row."""
    from huiying.alerts.models import Alert, EventTier, TierChange

    ranked = sorted(book.rows.items(), key=lambda kv: -kv[1]["items"])
    n = len(ranked)
    cut = {4: max(3, n // 2000), 3: max(8, n // 200), 2: max(20, n // 20)}
    tiers, changes, alerts = [], [], []
    for rank, (pk, row) in enumerate(ranked):
        if row["items"] < 3 and rank >= cut[2]:
            continue
        tier = 4 if rank < cut[4] else 3 if rank < cut[3] else 2 if rank < cut[2] else 1
        span = max(row["last"] - row["first"], 60.0)
        decided = _dt(row["first"] + rng.uniform(0.05, 0.5) * span)
        reason = f"信息 {row['items']} 条，来自 {len(row['sources'])} 个信息源"
        tiers.append(EventTier(event_id=pk, tier=tier, reasons=[reason], decided_at=decided))
        if tier > 1:
            changes.append(
                TierChange(event_id=pk, from_tier=1, to_tier=tier, reasons=[reason], at=decided,
                           figures={"items": row["items"], "sources": len(row["sources"])})
            )  # fmt: skip
            alerts.append(
                Alert(event_id=pk, tier=tier, reason=reason, dedup_key=f"{pk}:{tier}",
                      created_at=decided)
            )  # fmt: skip
    EventTier.objects.bulk_create(tiers, batch_size=5000)
    TierChange.objects.bulk_create(changes, batch_size=5000)
    Alert.objects.bulk_create(alerts, batch_size=5000)
    return len(alerts)


def make_complaints(n: int, seed: int, now: datetime) -> str:
    """Complaints from the demo generator over the last year: old ones mostly closed,
    recent ones in every status, some reopened, some unassigned, some overdue."""
    from huiying.complaints.models import Complaint
    from huiying.demo.complaints import generate_complaints
    from huiying.org.models import Unit

    rng = random.Random(seed + 1)
    units = {u.code: u for u in Unit.objects.all()}
    start = now - timedelta(days=365)
    gap = 365 * 86400 / max(n, 1)
    objs = []
    for s in generate_complaints(n, seed=seed, start=start, mean_gap_s=gap):
        if s.received_at > now:
            continue
        age = (now - s.received_at).days
        status = STATUS_MAP.get(s.status, "assigned")
        if age > 14 and status in ("received", "assigned") and rng.random() < 0.85:
            status = "closed"
        if status == "closed" and rng.random() < 0.03:
            status = "reopened"
        replied = s.replied_at or s.received_at + timedelta(hours=rng.uniform(4, 200))
        replied = min(replied, now)
        answered = status in ("replied", "closed", "reopened")
        closed = status == "closed"
        objs.append(
            Complaint(
                channel=s.channel, external_id=s.id, title=s.title, content=s.content,
                category=s.category, received_at=s.received_at,
                unit=None if status == "received" else units.get(s.unit_code),
                status=status, external_status=s.status,
                reply=s.reply or ("您好！您反映的问题已转交相关部门办理。" if answered else ""),
                replied_at=replied if answered else None,
                closed_at=min(replied + timedelta(days=rng.uniform(0.5, 5)), now) if closed else None,
                reopened_count=1 if status == "reopened" else 0,
                due_at=s.received_at + timedelta(days=REPLY_DAYS), updated_at=now,
            )
        )  # fmt: skip
    Complaint.objects.bulk_create(objs, batch_size=2000)
    by_status: dict[str, int] = {}
    for c in objs:
        by_status[c.status] = by_status.get(c.status, 0) + 1
    return f"{len(objs)} {by_status}"


def _step_times(rng: random.Random, opened: datetime, tier: int) -> list[datetime]:
    """When a case enters each step after 发现: mostly in time, a tail of slow ones."""
    respond_h = CLOCKS[tier][1][0]
    flash = opened + HOUR * rng.uniform(0.1, 1.5 * CLOCKS[tier][0][0] / (3 if tier == 1 else 1))
    watch = opened + HOUR * rng.uniform(0.05, 0.5)
    consult = flash + HOUR * rng.uniform(0.2, 3)
    statement = consult + HOUR * rng.uniform(0.2, 3)
    late = rng.random() < 0.15
    respond = max(statement + HOUR * 0.2, opened + HOUR * respond_h * rng.uniform(0.3, 0.95))
    if late:
        respond = opened + HOUR * respond_h * rng.uniform(1.05, 3)
    follow = respond + HOUR * rng.uniform(1, 24)
    closed = follow + timedelta(days=rng.uniform(1, 20))
    return [opened, min(watch, flash), flash, consult, statement, respond, follow, closed]


def make_cases(rng: random.Random, n: int, users: list[Any], book: Any, now: datetime) -> str:
    from huiying.alerts.models import Alert
    from huiying.cases import models as m

    fields = {f.name for f in m.Case._meta.get_fields()}
    owners = [u for u in users if u.profile.role == "dept_head"]
    unit_of = {u.pk: u.profile.units.first() for u in owners}
    events = sorted(
        (row["first"], pk, row["title"]) for pk, row in book.rows.items() if row["items"] >= 3
    )
    firsts = [e[0] for e in events]
    alert_of = dict(Alert.objects.values_list("event_id", "pk"))
    tiers = [t for t, _w in CASE_TIERS]
    weights = [w for _t, w in CASE_TIERS]
    span = 365 * 86400.0
    opened_list = sorted(now.timestamp() - rng.random() ** 1.1 * span for _ in range(n))
    cases = []
    plans = []
    for opened_ts in opened_list:
        opened = _dt(opened_ts)
        tier = rng.choices(tiers, weights)[0]
        k = min(
            max(bisect_left(firsts, opened_ts) - 1 - int(rng.expovariate(1 / 20)), 0),
            len(events) - 1,
        )
        _first, event_id, title = events[k] if events else (0, None, "")
        owner = rng.choice(owners)
        times = _step_times(rng, opened, tier)
        stuck = rng.random() < 0.005  # a few old cases never closed
        reached = [s for s, t in zip(STEPS, times, strict=True) if t <= now]
        if stuck and reached[-1] == "closed":
            reached = reached[: rng.randint(2, 7)]
        step = reached[-1]
        kw: dict[str, Any] = {}
        if "event" in fields and event_id:
            kw["event_id"] = event_id
            if "alert" in fields and alert_of.get(event_id):
                kw["alert_id"] = alert_of[event_id]
        elif "event_key" in fields and event_id:
            kw["event_key"] = str(event_id)
        at = dict(zip(STEPS, times, strict=True))
        cases.append(
            m.Case(
                title=(title or "待核实情况")[:300], tier=tier, origin=rng.choice(("alert", "event", "complaint", "manual")),
                event_title=(title or "")[:500], summary="网民集中反映相关情况，已转主管单位核实。",
                owner=owner, unit=unit_of[owner.pk], step=step, opened_at=opened,
                first_flash_at=at["flash"] if "flash" in reached else None,
                first_response_at=at["respond"] if "respond" in reached else None,
                closed_at=at["closed"] if step == "closed" else None,
                closing_summary="舆情平稳，已办结。" if step == "closed" else "",
                updated_at=at[step], **kw,
            )
        )  # fmt: skip
        plans.append((tier, reached, at, owner))
    m.Case.objects.bulk_create(cases, batch_size=2000)
    steps, clocks, flashes, statements, pubs = [], [], [], [], []
    for case, (tier, reached, at, owner) in zip(cases, plans, strict=True):
        steps += [m.CaseStep(case=case, step=s, at=at[s], actor=owner) for s in reached]
        (flash_h, flash_mode, flash_label), (respond_h, respond_label), press = CLOCKS[tier]
        specs = [("flash", flash_h, flash_mode, flash_label, "flash"),
                 ("respond", respond_h, "calendar", respond_label, "respond")]  # fmt: skip
        if press:
            specs.append(("press_conference", 24, "calendar", "召开新闻发布会", "respond"))
        for name, hours, mode, label, done_step in specs:
            deadline = case.opened_at + HOUR * hours
            done = at[done_step] if done_step in reached else None
            if name == "press_conference" and done:
                done = done + HOUR * rng.uniform(1, 30)
                done = done if done <= now else None
            late = deadline < (done or now)
            clocks.append(
                m.CaseClock(case=case, step=name, label=label, mode=mode, started=case.opened_at,
                            deadline=deadline, done_at=done,
                            warned_at=deadline - HOUR * 0.5 if late else None,
                            escalated_at=deadline + timedelta(minutes=5) if late and deadline < now else None)
            )  # fmt: skip
        if "flash" in reached:
            flashes.append(
                m.FlashReport(
                    case=case, text=f"【快报】{case.title}", sent_at=at["flash"], sent_by=owner
                )
            )
        if "statement" in reached:
            approved = at["statement"] + HOUR * rng.uniform(0.2, 2)
            statements.append(
                m.Statement(case=case, text=f"关于{case.title}的情况通报", drafted_by=owner,
                            drafted_at=at["statement"], approved_at=approved if approved <= now else None)
            )  # fmt: skip
        if "respond" in reached:
            pubs.append(
                m.Publication(case=case, channel=rng.choice(("website", "wechat", "weibo", "press_conference")),
                              published_at=at["respond"], recorded_by=owner, recorded_at=at["respond"])
            )  # fmt: skip
    for model, rows in ((m.CaseStep, steps), (m.CaseClock, clocks), (m.FlashReport, flashes),
                        (m.Statement, statements), (m.Publication, pubs)):  # fmt: skip
        model.objects.bulk_create(rows, batch_size=5000)
    open_n = sum(1 for c in cases if c.step != "closed")
    by_step: dict[str, int] = {}
    for c in cases:
        by_step[c.step] = by_step.get(c.step, 0) + 1
    return f"{len(cases)} ({open_n} open) {by_step}, {len(clocks)} clocks"
