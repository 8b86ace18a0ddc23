"""Template helpers: relative times, the signed-in person's label, permission checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huiying.org.permissions import has_perm, profile_of

register = template.Library()


def _amount(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(n)d 秒", "%(n)d 秒", seconds) % {"n": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(n)d 分钟", "%(n)d 分钟", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d 小时", "%(n)d 小时", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d 天", "%(n)d 天", days) % {"n": days}


@register.filter
def reltime(value: datetime | None, now: datetime | None = None) -> str:
    """'5 分钟前' / '5 分钟后'; '—' when there is no time."""
    if value is None:
        return "—"
    now = now or timezone.now()
    seconds = int((now - value).total_seconds())
    if abs(seconds) < 10:
        return _("刚刚")
    if seconds > 0:
        return _("%(amount)s前") % {"amount": _amount(seconds)}
    return _("%(amount)s后") % {"amount": _amount(-seconds)}


@register.simple_tag
def staff_identity(user: Any) -> dict[str, str]:
    """Display name and role label of the signed-in staff member."""
    profile = profile_of(user)
    name = (profile.display_name if profile else "") or user.get_username()
    if profile is not None:
        role = str(profile.get_role_display())
    elif getattr(user, "is_superuser", False):
        role = _("管理员")
    else:
        role = ""
    return {"name": name, "role": role}


@register.simple_tag
def user_can(user: Any, verb: str) -> bool:
    return has_perm(user, verb)


@register.filter
def http_url(value: str) -> str:
    """The URL if it is http(s), else '' — links to other sites never run script."""
    return value if value.lower().startswith(("http://", "https://")) else ""
