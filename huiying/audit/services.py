"""The audit action. Callers are service functions that already hold a transaction."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from huiying.audit.models import AuditEntry, AuditHead


def _digest(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
    }


def record(
    action: str,
    obj: Any = None,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEntry:
    """Append one entry. Must run inside the caller's transaction (atomic is nested)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
            prev_hash=head.last_hash,
        )
        entry.hash = _digest(head.last_hash, _payload(entry))
        entry.save()
        head.last_hash = entry.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return entry


def verify_chain() -> tuple[bool, int, str]:
    """Walk the chain; return (ok, entries checked, Chinese message)."""
    prev = "0" * 64
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev or _digest(prev, _payload(entry)) != entry.hash:
            return False, checked, f"审计链在第 {entry.pk} 条记录处断开：记录被修改或删除。"
        prev = entry.hash
        checked += 1
    return True, checked, f"审计链完整，共校验 {checked} 条记录。"
