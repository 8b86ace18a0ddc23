"""The office's term list (wrong → right) and flagged phrases (manage_terms), and the
reviewer rules naming who approves each level per unit and channel (manage_org)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.core import proofread
from huiying.org.models import Role, Unit
from huiying.org.permissions import has_perm
from huiying.reviews.changes import error, user_or_none
from huiying.reviews.models import Channel, FlaggedPhrase, Level, ReviewerRule, Term


def _may_manage(actor: Any) -> None:
    if not has_perm(actor, "manage_terms"):
        raise error(_("您没有维护词表的权限。"), "forbidden")


def _clean(value: str, field: str, limit: int = 100) -> str:
    value = (value or "").strip()
    if not value:
        raise error(_("请填写此项。"), "required", field)
    if len(value) > limit:
        raise error(_("不能超过 %(n)d 个字。"), "too_long", field, {"n": limit})
    return value


@transaction.atomic
def save_term(*, wrong: str, right: str, note: str = "", actor: Any) -> Term:
    """Add a term, or change the right form and note of an existing wrong form."""
    _may_manage(actor)
    wrong, right = _clean(wrong, "wrong"), _clean(right, "right")
    if wrong == right:
        raise error(_("错误写法与正确写法相同。"), "same", "right")
    term, created = Term.objects.update_or_create(
        wrong=wrong, defaults={"right": right, "note": (note or "").strip()[:300]}
    )
    record(
        "review.term_save",
        term,
        actor=user_or_none(actor),
        after={"wrong": wrong, "right": right, "created": created},
    )
    return term


@transaction.atomic
def delete_term(term: Term, *, actor: Any) -> None:
    _may_manage(actor)
    record(
        "review.term_delete",
        term,
        actor=user_or_none(actor),
        before={"wrong": term.wrong, "right": term.right},
    )
    term.delete()


@transaction.atomic
def save_flagged(*, phrase: str, note: str = "", actor: Any) -> FlaggedPhrase:
    _may_manage(actor)
    phrase = _clean(phrase, "phrase")
    item, _created = FlaggedPhrase.objects.update_or_create(
        phrase=phrase, defaults={"note": (note or "").strip()[:300]}
    )
    record("review.flagged_save", item, actor=user_or_none(actor), after={"phrase": phrase})
    return item


@transaction.atomic
def delete_flagged(item: FlaggedPhrase, *, actor: Any) -> None:
    _may_manage(actor)
    record("review.flagged_delete", item, actor=user_or_none(actor), before={"phrase": item.phrase})
    item.delete()


@transaction.atomic
def seed_starter_terms(*, actor: Any = None) -> int:
    """Add the starter list's entries the office does not have yet; returns how many.
    Idempotent, and never overwrites an entry the office has edited."""
    have = set(Term.objects.values_list("wrong", flat=True))
    new = [
        Term(wrong=rule.wrong, right=rule.right, note=rule.note[:300])
        for rule in proofread.starter_terms()
        if rule.wrong not in have
    ]
    Term.objects.bulk_create(new)
    record(
        "review.terms_seed",
        None,
        actor=user_or_none(actor),
        object_type="reviews.term",
        after={"added": [t.wrong for t in new]},
    )
    return len(new)


def _may_set_rules(actor: Any) -> None:
    if not has_perm(actor, "manage_org"):
        raise error(_("只有管理员可以设置审核规则。"), "forbidden")


@transaction.atomic
def set_reviewer_rule(
    *, unit: Unit, level: int, role: str, channel: str = "", actor: Any
) -> ReviewerRule:
    """Name the role that approves `level` for `unit` (and only `channel`, if given)."""
    _may_set_rules(actor)
    if level not in Level.values:
        raise error(_("未知的审核级别。"), "level", "level")
    if role not in Role.values:
        raise error(_("未知的角色。"), "role", "role")
    if channel and channel not in Channel.values:
        raise error(_("未知的发布渠道。"), "channel", "channel")
    rule, created = ReviewerRule.objects.update_or_create(
        unit=unit, level=level, channel=channel, defaults={"role": role}
    )
    record(
        "review.rule_set",
        rule,
        actor=user_or_none(actor),
        after={
            "unit": unit.code,
            "level": level,
            "channel": channel,
            "role": role,
            "created": created,
        },
    )
    return rule


@transaction.atomic
def delete_reviewer_rule(rule: ReviewerRule, *, actor: Any) -> None:
    _may_set_rules(actor)
    record(
        "review.rule_delete",
        rule,
        actor=user_or_none(actor),
        before={
            "unit": rule.unit.code,
            "level": rule.level,
            "channel": rule.channel,
            "role": rule.role,
        },
    )
    rule.delete()
