"""The one way a draft changes: under optimistic locking, in one transaction, audited.

`change` re-reads the draft, refuses a stale `expected_version` with a Chinese message,
lets the caller mutate the fresh row and write related rows, then applies the fields
with a conditional UPDATE … WHERE version = expected, so of two concurrent writers the
second is refused and nothing it sent is silently dropped (the page keeps its text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.reviews.models import Draft

FIELDS = (
    "title",
    "body",
    "channels",
    "case_id",
    "status",
    "level",
    "level_since",
    "first_submitted_at",
    "approved_at",
    "revision",
)


def error(
    message: Any, code: str, field: str | None = None, params: dict[str, Any] | None = None
) -> ValidationError:
    exc = ValidationError(message, code=code, params=params)
    return ValidationError({field: exc}) if field else exc


def stale(current: Draft) -> ValidationError:
    return error(
        _(
            "该稿件已被他人修改（现为第 %(revision)d 版，%(status)s），您的操作未生效。"
            "您填写的内容仍保留在下方，请对照最新版本后再提交。"
        ),
        "stale",
        params={"revision": current.revision, "status": current.get_status_display()},
    )


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def snapshot(draft: Draft) -> dict[str, Any]:
    return {
        "status": draft.status,
        "level": draft.level,
        "revision": draft.revision,
        "version": draft.version,
        "channels": list(draft.channels),
        "case": draft.case_id,
    }


def change(
    draft: Draft,
    action: str,
    *,
    expected_version: int | None,
    actor: Any,
    now: datetime,
    apply: Callable[[Draft], dict[str, Any] | None],
) -> Draft:
    """Run `apply(fresh)` (mutates fields, writes related rows, returns audit extras) if
    the draft is still at `expected_version`; save, audit, refresh `draft` in place."""
    with transaction.atomic():
        current = Draft.objects.select_for_update().select_related("unit").get(pk=draft.pk)
        expected = current.version if expected_version is None else expected_version
        if current.version != expected:
            raise stale(current)
        before = snapshot(current)
        extra = apply(current) or {}
        values = {name: getattr(current, name) for name in FIELDS}
        updated = Draft.objects.filter(pk=current.pk, version=expected).update(
            **values, version=expected + 1, updated_at=now
        )
        if updated != 1:
            raise stale(Draft.objects.get(pk=current.pk))
        current.refresh_from_db()
        record(
            f"review.{action}",
            current,
            actor=user_or_none(actor),
            before=before,
            after={**snapshot(current), **extra},
        )
    for field in Draft._meta.concrete_fields:
        setattr(draft, field.attname, getattr(current, field.attname))
    return draft
