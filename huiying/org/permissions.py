"""Who may see and act on what. Views call these; nothing else decides access."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from huiying.org.models import Profile, Role, Unit

# What each role may do. Kept small and explicit; later issues add their verbs here.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MONITOR: frozenset({"view_items", "view_sources", "refresh_source"}),
    Role.EDITOR: frozenset({"view_items", "view_sources"}),
    Role.DEPT_HEAD: frozenset({"view_items", "view_sources", "refresh_source", "manage_sources"}),
    Role.SUPERVISING_LEADER: frozenset({"view_items", "view_sources"}),
    Role.PRINCIPAL_LEADER: frozenset({"view_items", "view_sources"}),
    Role.ADMIN: frozenset(
        {
            "view_items",
            "view_sources",
            "refresh_source",
            "manage_sources",
            "manage_org",
            "import_items",
        }
    ),
}
ROLE_PERMISSIONS[Role.MONITOR] |= {"manage_sources", "import_items"}
# Watch rules (监测专题): every role sees its units' rules; these roles also write them.
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_rules"}
for _role in (Role.MONITOR, Role.DEPT_HEAD, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"manage_rules"}
# Complaints (诉求): everyone sees their units' complaints; these roles assign and answer.
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_complaints"}
for _role in (Role.MONITOR, Role.DEPT_HEAD, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"handle_complaints"}
ROLE_PERMISSIONS[Role.ADMIN] |= {"manage_api_tokens"}
# Events (事件): every role sees its units' events; these roles correct the grouping.
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_events"}
for _role in (Role.MONITOR, Role.DEPT_HEAD, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"correct_events"}

# Cases (处置): everyone sees cases; these roles act on them (statement approval is
# further limited to leaders in huiying.cases.services).
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_cases"}
for _role in (
    Role.MONITOR,
    Role.EDITOR,
    Role.DEPT_HEAD,
    Role.SUPERVISING_LEADER,
    Role.PRINCIPAL_LEADER,
    Role.ADMIN,
):
    ROLE_PERMISSIONS[_role] |= {"handle_cases"}

# Alerts (预警): everyone sees the alert list and tiers (a tier is set by hand with
# handle_cases); only administrators see and edit channels (their settings hold secrets).
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_alerts"}
ROLE_PERMISSIONS[Role.ADMIN] |= {"manage_channels"}

# Review (三审三校): everyone sees drafts of their units; these roles write drafts. Who may
# approve each level is decided per unit and channel in huiying.reviews, not here.
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_drafts"}
for _role in (Role.MONITOR, Role.EDITOR, Role.DEPT_HEAD, Role.SUPERVISING_LEADER, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"write_drafts"}
ROLE_PERMISSIONS[Role.ADMIN] |= {"manage_terms"}
ROLE_PERMISSIONS[Role.DEPT_HEAD] |= {"manage_terms"}

# Ledger (台账): everyone sees it; heads and leaders keep it; leaders assess units (考核).
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_ledger"}
for _role in (Role.DEPT_HEAD, Role.SUPERVISING_LEADER, Role.PRINCIPAL_LEADER, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"manage_ledger"}
for _role in (Role.SUPERVISING_LEADER, Role.PRINCIPAL_LEADER, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"assess_units"}

# Reports (报告): everyone reads them; these roles generate, edit narrative and schedule.
for _role in Role:
    ROLE_PERMISSIONS[_role] |= {"view_reports"}
for _role in (Role.MONITOR, Role.EDITOR, Role.DEPT_HEAD, Role.SUPERVISING_LEADER, Role.ADMIN):
    ROLE_PERMISSIONS[_role] |= {"generate_reports"}


def profile_of(user: Any) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile  # type: ignore[no-any-return]
    except Profile.DoesNotExist:
        return None


def has_perm(user: Any, verb: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    return profile is not None and verb in ROLE_PERMISSIONS.get(profile.role, frozenset())


def visible_units(user: Any) -> QuerySet[Unit]:
    """The units a user acts within: all of them for roles spanning the office."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    profile = profile_of(user)
    if profile is None:
        return Unit.objects.none()
    if profile.spans_all_units:
        return Unit.objects.all()
    return profile.units.all()


def can_act_on_unit(user: Any, unit: Unit | None) -> bool:
    if unit is None:
        return getattr(user, "is_superuser", False) or bool(
            (p := profile_of(user)) and p.spans_all_units
        )
    return visible_units(user).filter(pk=unit.pk).exists()
