"""A complaint's audit trail, as the detail page shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huiying.audit.models import AuditEntry
from huiying.complaints.models import Complaint, Status
from huiying.org.models import Unit

ACTIONS = {
    "complaint.receive": gettext_lazy("收到诉求"),
    "complaint.assign": gettext_lazy("分派"),
    "complaint.reply": gettext_lazy("答复"),
    "complaint.close": gettext_lazy("办结"),
    "complaint.reopen": gettext_lazy("重新打开"),
    "complaint.set_due": gettext_lazy("调整答复时限"),
    "complaint.deadline_warn": gettext_lazy("即将超时提醒"),
    "complaint.overdue": gettext_lazy("超时"),
}


@dataclass
class TrailRow:
    at: datetime
    who: str
    action: str
    changes: list[str] = field(default_factory=list)
    text: str = ""


def _status(code: Any) -> str:
    try:
        return str(Status(code).label)
    except ValueError:
        return str(code or "—")


def _who(entry: AuditEntry, after: dict[str, Any]) -> str:
    if entry.actor is not None:
        profile = getattr(entry.actor, "profile", None)
        return (profile.display_name if profile else "") or entry.actor.get_username()
    via = str(after.get("via") or "")
    if via.startswith("api:"):
        return _("接口：%(name)s") % {"name": via[4:]}
    if via.startswith("import:"):
        return _("导入")
    return _("系统")


def _when(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def trail(complaint: Complaint) -> list[TrailRow]:
    entries = list(
        AuditEntry.objects.filter(object_type="complaints.complaint", object_id=str(complaint.pk))
        .select_related("actor__profile")
        .order_by("id")
    )
    names = dict(Unit.objects.values_list("code", "name"))

    def unit(code: Any) -> str:
        return names.get(code, code) if code else _("未分派")

    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        row = TrailRow(
            at=entry.at,
            who=_who(entry, after),
            action=str(ACTIONS.get(entry.action, entry.action)),
        )
        if before.get("status") != after.get("status"):
            old = _status(before["status"]) + " → " if before.get("status") else ""
            row.changes.append(
                _("状态：%(change)s") % {"change": old + _status(after.get("status"))}
            )
        if before.get("unit") != after.get("unit") or (not before and after.get("unit")):
            old = unit(before.get("unit")) + " → " if before else ""
            row.changes.append(
                _("承办单位：%(change)s") % {"change": old + unit(after.get("unit"))}
            )
        if after.get("rule"):
            row.changes.append(_("按分派规则“%(rule)s”") % {"rule": after["rule"]})
        if before.get("due_at") != after.get("due_at"):
            row.changes.append(_("答复时限：%(when)s") % {"when": _when(after.get("due_at"))})
        row.text = str(after.get("reply") or after.get("reason") or "")
        rows.append(row)
    return rows
