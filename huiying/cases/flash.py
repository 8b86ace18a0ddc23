"""快报: the one-page factual report, as plain text, from what the case knows. The event's
own figures (items, velocity, sources) join when the events app links cases to events;
until then the case's summary, origin and evidence carry the facts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from huiying.cases.models import Case, Origin


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _name(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or "") or user.get_username()


def flash_text(case: Case, *, now: datetime, recipients: list[Any]) -> str:
    lines = [
        f"舆情快报（{case.tier_label}）",
        f"标题：{case.title}",
        f"报送时间：{_when(now)}",
        f"立案时间：{_when(case.opened_at)}",
        f"来源：{Origin(case.origin).label}",
    ]
    if case.event_key or case.event_title:
        lines.append(f"所属事件：{case.event_title or case.event_key}")
    if case.complaint_id:
        complaint = case.complaint
        lines.append(f"来源诉求：{complaint.reference}（{_when(complaint.received_at)} 受理）")
    lines += [f"主管单位：{case.unit.name}", f"负责人：{_name(case.owner)}", "", "基本情况："]
    lines.append(case.summary.strip() or "（待补充）")
    evidence = list(case.evidence.all()[:10])
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
