"""Creating, revoking and checking API tokens; what a token may read.

A token is 32 random bytes (URL-safe base64) behind the prefix "hy_". Only its SHA-256
digest is stored: a token this random needs no slow hash, and the digest lets a request
be authenticated with one indexed look-up.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.api.models import ApiToken, Scope
from huiying.audit.services import record
from huiying.org.models import Unit

PREFIX = "hy_"
_TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _snapshot(token: ApiToken) -> dict[str, Any]:
    return {
        "name": token.name,
        "unit": token.unit.code,
        "scopes": list(token.scopes),
        "prefix": token.prefix,
    }


@transaction.atomic
def create_token(
    *, name: str, unit: Unit, scopes: Iterable[str], actor: Any = None
) -> tuple[ApiToken, str]:
    """The new token and its secret, which is shown this once and never again."""
    name = " ".join((name or "").split())
    chosen = sorted(set(scopes))
    if not name:
        raise ValidationError({"name": _("请填写令牌名称。")})
    if len(name) > 100:
        raise ValidationError({"name": _("令牌名称不能超过 100 个字符。")})
    if ApiToken.objects.filter(name=name).exists():
        raise ValidationError(
            {"name": ValidationError(_("已有名为“%(name)s”的令牌。"), params={"name": name})}
        )
    unknown = [s for s in chosen if s not in Scope.values]
    if unknown:
        raise ValidationError(
            {
                "scopes": ValidationError(
                    _("未知的权限范围：%(scopes)s（可用：%(known)s）"),
                    params={"scopes": "、".join(unknown), "known": "、".join(Scope.values)},
                )
            }
        )
    if not chosen:
        raise ValidationError({"scopes": _("请至少选择一项权限范围。")})
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        unit=unit,
        scopes=chosen,
        token_hash=digest(raw),
        prefix=raw[:10],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record("api_token.create", token, actor=actor, after=_snapshot(token))
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("unit").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("该令牌已经吊销。"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record("api_token.revoke", token, actor=actor, before=_snapshot(token), after={"revoked": True})
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The active token with this secret, or None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    return (
        ApiToken.objects.select_related("unit")
        .filter(token_hash=digest(raw), revoked_at__isnull=True)
        .first()
    )


def touch(token: ApiToken, now: datetime) -> None:
    """Note when a token was last used; at most one write a minute per token."""
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - _TOUCH_EVERY)
    ).update(last_used_at=now)


def token_units(token: ApiToken) -> list[int]:
    """Ids of the units a token speaks for: its unit and the units under it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [token.unit_id]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def readable(token: ApiToken) -> Q:
    """The complaints a token may read: those it pushed and those of its units; a
    token of the lead office reads every complaint."""
    if token.unit.is_office:
        return Q()
    return Q(api_token=token) | Q(unit__in=token_units(token))


def may_assign_to(token: ApiToken, unit: Unit) -> bool:
    return token.unit.is_office or unit.pk in token_units(token)
