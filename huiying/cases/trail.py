"""Who may see which cases, and a case's audit trail as its page shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huiying.audit.models import AuditEntry
from huiying.cases.models import Case, Step
from huiying.core.tiers import Tier
from huiying.org.models import Role
from huiying.org.permissions import has_perm, profile_of, visible_units

ACTIONS = {
    "case.open": gettext_lazy("立案"),
    "case.advance": gettext_lazy("转入环节"),
    "case.assign": gettext_lazy("调整负责人/主管单位"),
    "case.change_tier": gettext_lazy("调整级别"),
    "case.set_deadline": gettext_lazy("调整期限"),
    "case.flash": gettext_lazy("报送快报"),
    "case.consult": gettext_lazy("会商"),
    "case.draft_statement": gettext_lazy("起草通稿"),
    "case.approve_statement": gettext_lazy("审批通稿"),
    "case.publish": gettext_lazy("登记发布"),
    "case.follow_up": gettext_lazy("跟踪"),
    "case.add_evidence": gettext_lazy("添加材料"),
    "case.close": gettext_lazy("办结"),
    "case.clock_warn": gettext_lazy("即将超时提醒"),
    "case.clock_escalate": gettext_lazy("超时升级"),
}


def sees_all_cases(user: Any) -> bool:
    """Roles spanning the office, leaders, and members of the lead office (牵头办公室)."""
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.spans_all_units or profile.role == Role.SUPERVISING_LEADER:
        return True
    return profile.units.filter(is_office=True).exists()


def visible_cases(user: Any) -> QuerySet[Case]:
    if not has_perm(user, "view_cases"):
        return Case.objects.none()
    if sees_all_cases(user):
        return Case.objects.all()
    return Case.objects.filter(Q(unit__in=visible_units(user)) | Q(owner=user))


def case_for(user: Any, pk: int) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("unit", "owner__profile", "event", "alert"), pk=pk
    )
    if not visible_cases(user).filter(pk=pk).exists():
        raise PermissionDenied(_("该案件不属于您所在的单位。"))
    return case


@dataclass
class TrailRow:
    at: datetime
    who: str
    action: str
    changes: list[str] = field(default_factory=list)
    text: str = ""


def _label(kind: str, value: Any) -> str:
    try:
        if kind == "step":
            return str(Step(value).label)
        if kind == "tier":
            return Tier(int(value)).label
    except (TypeError, ValueError):
        pass
    return str(value if value not in (None, "") else "—")


def trail(case: Case) -> list[TrailRow]:
    entries = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
    rows = []
    for entry in entries.select_related("actor__profile").order_by("id"):
        before, after = entry.before or {}, entry.after or {}
        who = _("系统")
        if entry.actor is not None:
            profile = getattr(entry.actor, "profile", None)
            who = (profile.display_name if profile else "") or entry.actor.get_username()
        row = TrailRow(entry.at, who, str(ACTIONS.get(entry.action, entry.action)))
        names = {"step": _("环节"), "tier": _("级别"), "owner": _("负责人"), "unit": _("主管单位")}
        for key, name in names.items():
            if before and before.get(key) != after.get(key):
                change = f"{_label(key, before.get(key))} → {_label(key, after.get(key))}"
                row.changes.append(f"{name}：{change}")
        if after.get("deadline"):
            row.changes.append(
                _("%(clock)s期限：%(old)s → %(new)s")
                % {
                    "clock": after.get("clock", ""),
                    "old": str(before.get("deadline") or after.get("deadline_before") or "—")[:16],
                    "new": str(after["deadline"])[:16],
                }
            )
        if after.get("to"):
            to = after["to"]
            row.changes.append(
                _("通知：%(to)s") % {"to": "、".join(to) if isinstance(to, list) else to}
            )
        row.text = str(
            after.get("reason")
            or after.get("note")
            or after.get("summary")
            or after.get("line")
            or ""
        )
        rows.append(row)
    return rows
