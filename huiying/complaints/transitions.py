"""Which action may follow which status, and the refusals in words a person understands.

received ─assign→ assigned ─reply→ replied ─close→ closed
assigned ─assign→ assigned (transfer, 转办)
replied, closed ─reopen→ reopened ─assign→ assigned / ─reply→ replied
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from huiying.complaints.models import OPEN_STATUSES, Status

STALE = _("该诉求已被他人修改，请刷新后重试。")

# action → the statuses it may start from, and where it leads.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({Status.RECEIVED, Status.ASSIGNED, Status.REOPENED}), Status.ASSIGNED),
    "reply": (frozenset({Status.ASSIGNED, Status.REOPENED}), Status.REPLIED),
    "close": (frozenset({Status.REPLIED}), Status.CLOSED),
    "reopen": (frozenset({Status.REPLIED, Status.CLOSED}), Status.REOPENED),
}
_REFUSALS: dict[tuple[str, str], Any] = {
    ("reply", Status.RECEIVED): _("该诉求尚未分派承办单位，不能答复。"),
    ("reply", Status.REPLIED): _("该诉求已经答复；如需再次答复，请先重新打开。"),
    ("reply", Status.CLOSED): _("该诉求已办结；如需再次答复，请先重新打开。"),
    ("close", Status.CLOSED): _("该诉求已经办结。"),
    ("assign", Status.REPLIED): _("该诉求已经答复，不能再分派；如需重新办理，请先重新打开。"),
    ("assign", Status.CLOSED): _("该诉求已办结，不能再分派；如需重新办理，请先重新打开。"),
    ("reopen", Status.REOPENED): _("该诉求已经重新打开，正在办理。"),
}
# In a refusal: “…不能%(action)s” / “…cannot %(action)s”.
_ACTION_NAMES = {
    "assign": pgettext_lazy("complaint action", "分派"),
    "reply": pgettext_lazy("complaint action", "答复"),
    "close": pgettext_lazy("complaint action", "办结"),
    "reopen": pgettext_lazy("complaint action", "重新打开"),
}


def error(
    message: Any, code: str, field: str | None = None, params: dict[str, Any] | None = None
) -> ValidationError:
    error = ValidationError(message, code=code, params=params)
    return ValidationError({field: error}) if field else error


def check_transition(status: str, action: str) -> str:
    allowed, target = TRANSITIONS[action]
    if status in allowed:
        return target
    if (action, status) in _REFUSALS:
        raise error(_REFUSALS[(action, status)], "transition")
    if action in ("close", "reopen") and status in OPEN_STATUSES:
        raise error(
            _("该诉求尚未答复，不能%(action)s。"),
            "transition",
            params={"action": _ACTION_NAMES[action]},
        )
    raise error(
        _("状态为“%(status)s”的诉求不能%(action)s。"),
        "transition",
        params={"status": Status(status).label, "action": _ACTION_NAMES[action]},
    )
