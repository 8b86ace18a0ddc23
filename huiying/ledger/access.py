"""Who may keep which tasks. The verbs come from huiying.org.permissions; this adds the
unit scope: a department keeps the tasks it leads or supports, while the leading office
(牵头办公室) and roles spanning the office keep every task."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from huiying.ledger.models import ResponsibilityTask
from huiying.org.permissions import has_perm, profile_of, visible_units


def keeps_whole_list(user: Any) -> bool:
    if not has_perm(user, "manage_ledger"):
        return False
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    return profile is not None and (
        profile.spans_all_units or profile.units.filter(is_office=True).exists()
    )


def can_keep(user: Any, task: ResponsibilityTask) -> bool:
    """May record progress on, complete or reopen this task."""
    if keeps_whole_list(user):
        return True
    if not has_perm(user, "manage_ledger"):
        return False
    mine = visible_units(user)
    return (
        mine.filter(pk=task.lead_unit_id).exists()
        or task.co_units.filter(pk__in=mine.values("pk")).exists()
    )


def check_keep(user: Any, task: ResponsibilityTask) -> None:
    if not can_keep(user, task):
        raise PermissionDenied(_("该任务不由您所在的单位牵头或配合。"))


def check_edit_list(user: Any) -> None:
    """Adding and changing lines of the list is the leading office's work."""
    if not keeps_whole_list(user):
        raise PermissionDenied(_("只有牵头办公室可以编辑责任清单。"))
