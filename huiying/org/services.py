"""Use-cases for units, staff accounts and the leading group. The only code that changes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from huiying.audit.services import record
from huiying.org.models import LeadingGroupMember, Profile, Role, Unit


@transaction.atomic
def create_unit(
    *, code: str, name: str, parent: Unit | None = None, is_office: bool = False, actor: Any = None
) -> Unit:
    unit = Unit(code=code, name=name, parent=parent, is_office=is_office)
    unit.full_clean()
    unit.save()
    record("unit.create", unit, actor=actor, after={"code": code, "name": name})
    return unit


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    password: str,
    role: str,
    units: Iterable[Unit] = (),
    display_name: str = "",
    actor: Any = None,
) -> Any:
    if role not in Role.values:
        raise ValidationError(f"未知角色：{role}")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(f"用户名 {username} 已存在。")
    is_admin = role == Role.ADMIN
    user = user_model.objects.create_user(
        username=username, password=password, is_staff=is_admin, is_superuser=is_admin
    )
    profile = Profile.objects.create(user=user, role=role, display_name=display_name)
    unit_list = list(units)
    profile.units.set(unit_list)
    record(
        "user.create",
        user,
        actor=actor,
        after={"username": username, "role": role, "units": [u.code for u in unit_list]},
    )
    return user


@transaction.atomic
def add_leading_group_member(
    *, position: str, title: str, unit: Unit, user: Any = None, order: int = 0, actor: Any = None
) -> LeadingGroupMember:
    member = LeadingGroupMember.objects.create(
        position=position, title=title, unit=unit, user=user, order=order
    )
    record(
        "leading_group.add",
        member,
        actor=actor,
        after={"position": position, "title": title, "unit": unit.code},
    )
    return member
