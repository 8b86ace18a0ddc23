from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from huiying.audit.models import AuditEntry
from huiying.audit.services import verify_chain
from huiying.org.permissions import can_act_on_unit, has_perm, visible_units

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(admin_user):
    assert admin_user.password.startswith("argon2")


def test_unit_scope_follows_role(office, other_unit, monitor_user, admin_user):
    assert list(visible_units(monitor_user)) == [office]
    assert can_act_on_unit(monitor_user, office)
    assert not can_act_on_unit(monitor_user, other_unit)
    assert set(visible_units(admin_user)) == {office, other_unit}
    assert has_perm(admin_user, "manage_org")
    assert not has_perm(monitor_user, "manage_org")


def test_audit_chain_detects_tampering(office, monitor_user):
    ok, count, _ = verify_chain()
    assert ok and count == AuditEntry.objects.count() >= 2
    entry = AuditEntry.objects.order_by("id").first()
    AuditEntry.objects.filter(pk=entry.pk).update(after={"name": "改过的名称"})
    ok, _, message = verify_chain()
    assert not ok
    assert str(entry.pk) in message


def test_createadmin_command_makes_a_working_admin(db):
    call_command("createadmin", "--username", "root", "--password", "a-long-secret-1")
    user = get_user_model().objects.get(username="root")
    assert user.check_password("a-long-secret-1")
    assert user.profile.role == "admin"
    assert has_perm(user, "manage_sources")
