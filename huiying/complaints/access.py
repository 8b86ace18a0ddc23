"""Which complaints a person may see and act on. Views call these; the permission verbs
live in huiying.org.permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from huiying.complaints.models import Complaint
from huiying.org.permissions import has_perm, profile_of, visible_units


def sees_all_complaints(user: Any) -> bool:
    """Roles spanning the office, and members of the lead office (牵头办公室), who
    dispatch unassigned complaints and supervise (督办) all of them."""
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    return profile.spans_all_units or profile.units.filter(is_office=True).exists()


def visible_complaints(user: Any) -> QuerySet[Complaint]:
    if not has_perm(user, "view_complaints"):
        return Complaint.objects.none()
    if sees_all_complaints(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(unit__in=visible_units(user))


def complaint_for(user: Any, pk: int) -> Complaint:
    """The complaint, if the user may see it (else 403)."""
    complaint = get_object_or_404(
        Complaint.objects.select_related("unit", "replied_by", "event"), pk=pk
    )
    if not visible_complaints(user).filter(pk=pk).exists():
        raise PermissionDenied(_("该诉求不属于您所在的单位。"))
    return complaint
