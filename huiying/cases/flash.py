"""快报: the one-page factual report, as plain text. It says what the event's figures
are at the moment it is written (items, distinct sources, velocity, negative share,
national-level sources, harm words), why the event has its tier (the tier changes with
their reasons), and what the case knows (origin, summary, agreed facts, evidence,
clocks). The text is the document sent to the leaders, so it is in Chinese whatever
the page language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from huiying.alerts.models import EventTier, TierChange
from huiying.cases.models import Case, Origin
from huiying.events.figures import figures_for
from huiying.events.models import Event


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _name(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or "") or user.get_username()


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def event_lines(event: Event, now: datetime) -> list[str]:
    """The event's figures at `now` and the reasons for its tier."""
    counted = figures_for(Event.objects.filter(pk=event.pk), now).get(event.pk)
    state = EventTier.objects.filter(event=event).first()
    changes = list(
        TierChange.objects.filter(event=event).select_related("actor").order_by("at", "id")
    )
    latest: dict[str, Any] = next((c.figures for c in reversed(changes) if c.figures), {})
    lines = [
        f"事件情况（截至 {_when(now)}）：",
        f"  事件：{event.title or event.pk}（编号 {event.pk}）",
    ]
    if counted is not None:
        totals, fig = counted
        share = totals.negative / totals.items if totals.items else 0.0
        lines += [
            f"  信息条数：{totals.items} 条；信息源：{totals.sources} 个"
            f"（其中国家级 {int(latest.get('national_sources', 0))} 个）",
            f"  传播速度：每小时 {_number(fig.per_hour)} 条；负面占比：{share:.0%}"
            f"；热度：{_number(fig.heat)}",
            f"  首次出现：{_when(totals.first_seen)}；最近出现：{_when(totals.last_seen)}",
        ]
    harm = (state.harm_words if state else None) or latest.get("harm_words") or []
    lines.append(f"  涉及伤亡等伤害词：{'、'.join(harm) if harm else '无'}")
    lines += ["", f"定级依据（当前：{state.label if state else '未定级'}）："]
    for change in changes:
        how = f"人工：{_name(change.actor)}" if change.actor_id else "自动"
        step = f"{change.from_label} → {change.to_label}" if change.from_tier else change.to_label
        reasons = "；".join(change.reasons) or "—"
        lines.append(f"  - {_when(change.at)} {step}（{how}）：{reasons}")
    if not changes:
        lines.append("  - （无定级记录）")
    return lines


def flash_text(case: Case, *, now: datetime, recipients: list[Any]) -> str:
    lines = [
        f"舆情快报（{case.tier_label}）",
        f"标题：{case.title}",
        f"报送时间：{_when(now)}",
        f"立案时间：{_when(case.opened_at)}",
        f"来源：{Origin(case.origin).label}",
    ]
    if case.alert_id:
        alert = case.alert
        lines.append(f"来源预警：{_when(alert.created_at)} {alert.label}——{alert.reason}")
    if case.event_title and not case.event_id:
        lines.append(f"所属事件：{case.event_title}")
    if case.complaint_id:
        complaint = case.complaint
        lines.append(f"来源诉求：{complaint.reference}（{_when(complaint.received_at)} 受理）")
    lines += [f"主管单位：{case.unit.name}", f"负责人：{_name(case.owner)}"]
    if case.event_id:
        lines += ["", *event_lines(case.event, now)]
    lines += ["", "基本情况：", case.summary.strip() or "（待补充）"]
    consultation = case.consultations.order_by("-at", "-id").first()
    if consultation is not None:
        lines += ["", f"会商核实的事实：{consultation.facts}", f"口径：{consultation.line}"]
    evidence = list(case.evidence.select_related("item")[:10])
    if evidence:
        lines += ["", f"相关材料（{case.evidence.count()} 件）："]
        lines += [
            f"  - {e.name}" + (f" {e.item.url}" if e.item_id and e.item.url else "")
            for e in evidence
        ]
    clocks = list(case.clocks.filter(done_at__isnull=True).exclude(step="flash"))
    if clocks:
        lines += ["", "时限要求："]
        lines += [f"  - {c.label or c.step}：{_when(c.deadline)} 前" for c in clocks]
    if recipients:
        lines += ["", "报送：" + "、".join(_name(p) for p in recipients)]
    return "\n".join(lines)
