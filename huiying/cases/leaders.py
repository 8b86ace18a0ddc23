"""Who is next in line above a person for a case (owner → the unit's department head →
supervising leader → principal leader), and which leaders a tier's 快报 goes to.
Looked up from Profile roles and units; nobody holding a role means the next role up."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from huiying.cases.models import Case
from huiying.core.tiers import Tier
from huiying.org.models import Role

LINE = (Role.DEPT_HEAD, Role.SUPERVISING_LEADER, Role.PRINCIPAL_LEADER)


def _holder(role: str, case: Case) -> Any:
    users = get_user_model().objects.filter(profile__role=role, is_active=True).order_by("id")
    if role == Role.PRINCIPAL_LEADER:
        return users.first()
    # A department head of the responsible unit; a supervising leader in charge of it
    # (its units include the case's unit), else any supervising leader.
    own = users.filter(profile__units=case.unit).first()
    if own is not None or role == Role.DEPT_HEAD:
        return own
    return users.first()


def next_leader(case: Case, after: Any) -> Any:
    """The first person in line above `after` (by role); None when nobody is above."""
    role = getattr(getattr(after, "profile", None), "role", None)
    start = LINE.index(role) + 1 if role in LINE else 0
    for step in LINE[start:]:
        person = _holder(step, case)
        if person is not None and person.pk != getattr(after, "pk", None):
            return person
    return None


def required_leaders(case: Case) -> list[Any]:
    """一般: the department head; 较大: and the supervising leader; 重大 and above: and
    the principal leader."""
    roles = LINE[: min(int(case.tier), int(Tier.MAJOR))]
    people = [_holder(role, case) for role in roles]
    seen: set[int] = set()
    result = []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            result.append(person)
    return result
