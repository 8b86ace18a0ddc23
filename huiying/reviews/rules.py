"""Who approves which level of a draft. Decided here, server-side, for services and pages.

A level is approved by a user holding the role the unit's rule names (初审 editor, 复审
department head, 终审 supervising leader unless the unit says otherwise) in the draft's
unit. A rule for the draft's first channel beats the unit's rule for all channels. The
author never approves their own draft, and one person approves at most one level of a
version, so three levels are three pairs of eyes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from huiying.org.models import Role
from huiying.org.permissions import profile_of, visible_units
from huiying.reviews.models import (
    DEFAULT_ROLES,
    Draft,
    Level,
    Outcome,
    ReviewDecision,
    ReviewerRule,
    Status,
)


def approver_role(draft: Draft, level: int) -> str:
    rules = {
        r.channel: r.role for r in ReviewerRule.objects.filter(unit_id=draft.unit_id, level=level)
    }
    primary = draft.channels[0] if draft.channels else ""
    if primary and primary in rules:
        return rules[primary]
    return rules.get("", DEFAULT_ROLES[level])


def refusal(user: Any, draft: Draft, level: int) -> str | None:
    """Why `user` may not approve or return `draft` at `level` now; None if they may."""
    if draft.status != Status.IN_REVIEW or draft.level != level:
        return _("该稿件当前不在%(level)s环节。") % {"level": Level(level).label}
    profile = profile_of(user)
    if profile is None:
        return _("您没有审核权限。")
    role = approver_role(draft, level)
    if profile.role != role:
        return _("%(level)s须由%(role)s审核，您的角色不能审核此级。") % {
            "level": Level(level).label,
            "role": Role(role).label,
        }
    if not profile.spans_all_units and not profile.units.filter(pk=draft.unit_id).exists():
        return _("您不属于该稿件的单位，不能审核。")
    if draft.author_id == user.pk:
        return _("起草人不能审核自己的稿件。")
    if _approved_this_round(draft).filter(actor=user).exists():
        return _("您已审核通过本版本的另一级，同一人不能审核两级。")
    return None


def _approved_this_round(draft: Draft) -> QuerySet[ReviewDecision]:
    qs = ReviewDecision.objects.filter(
        draft=draft, outcome=Outcome.APPROVE, version_number=draft.revision
    )
    last = draft.submissions.order_by("-at", "-id").first()
    return qs.filter(at__gte=last.at) if last else qs


def may_review(user: Any, draft: Draft, level: int) -> bool:
    return refusal(user, draft, level) is None


def review_queue(user: Any) -> list[Draft]:
    """Drafts waiting at a level the user may approve, oldest wait first."""
    drafts = (
        Draft.objects.filter(status=Status.IN_REVIEW, unit__in=visible_units(user))
        .exclude(author=user)
        .select_related("unit", "author")
        .order_by("level_since", "id")
    )
    return [d for d in drafts if d.level is not None and may_review(user, d, d.level)]
