"""The one way a case changes: `change` applies a conditional UPDATE on `version`
(optimistic locking), runs the caller's writes in the same transaction and writes the
audit record with before → after. Shared by huiying.cases.services and .records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.cases.models import Case, CaseStep, Step
from huiying.cases.steps import STALE, error

MAX_TEXT = 20000


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def snapshot(case: Case) -> dict[str, Any]:
    return {
        "step": case.step,
        "tier": case.tier,
        "owner": case.owner.get_username() if case.owner_id else None,
        "unit": case.unit.code if case.unit_id else None,
        "first_flash_at": _iso(case.first_flash_at),
        "first_response_at": _iso(case.first_response_at),
        "closed_at": _iso(case.closed_at),
        "version": case.version,
    }


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: str, field: str, label: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise error(_("请填写%(label)s。"), "required", field, {"label": label})
    if len(value) > limit:
        raise error(
            _("%(label)s不能超过 %(limit)d 个字。"),
            "too_long",
            field,
            {"label": label, "limit": limit},
        )
    return value


def change(
    case: Case,
    action: str,
    *,
    expected_version: int | None,
    actor: Any,
    now: datetime,
    changes: dict[str, Any] | None = None,
    check: Callable[[Case], None] | None = None,
    then: Callable[[Case], dict[str, Any] | None] | None = None,
    note: dict[str, Any] | None = None,
) -> Case:
    """Apply `changes` if the case is still at `expected_version`; run `then` (which
    writes related rows and may add to the audit's after); audit; refresh `case`."""
    expected = case.version if expected_version is None else expected_version
    with transaction.atomic():
        current = Case.objects.select_related("unit", "owner").get(pk=case.pk)
        if current.version != expected:
            raise error(STALE, "stale")
        if check is not None:
            check(current)
        before = snapshot(current)
        updated = Case.objects.filter(pk=current.pk, version=expected).update(
            **(changes or {}), version=F("version") + 1, updated_at=now
        )
        if updated != 1:
            raise error(STALE, "stale")
        current.refresh_from_db()
        extra = then(current) if then is not None else None
        current.refresh_from_db()
        after = {**snapshot(current), **(note or {}), **(extra or {})}
        record(f"case.{action}", current, actor=_user(actor), before=before, after=after)
    for field in Case._meta.concrete_fields:
        setattr(case, field.attname, getattr(current, field.attname))
    return case


def must_be_open(current: Case) -> None:
    if current.step == Step.CLOSED:
        raise error(_("该案件已办结，不能再修改。"), "transition")


def enter_step(case: Case, step: str, at: datetime, actor: Any, note: str = "") -> None:
    CaseStep.objects.create(case=case, step=step, at=at, actor=_user(actor), note=note)
