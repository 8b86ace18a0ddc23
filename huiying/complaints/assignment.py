"""Assignment rules (分派规则): which unit a new complaint goes to, and the actions that
create, change and delete rules. Matching runs on folded text, so a rule written in
Simplified also matches a complaint written in Traditional characters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from huiying.audit.services import record
from huiying.complaints.models import AssignmentRule
from huiying.core.text import fold
from huiying.org.models import Unit

RULE_FIELDS = ("name", "unit", "category", "keywords", "priority", "enabled")
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_keywords(text: str) -> list[str]:
    return [word for word in _SEPARATORS.split(text) if word]


def rule_matches(rule: AssignmentRule, *, category: str, text: str) -> bool:
    """`category` and `text` already folded. Both conditions must hold when both are set."""
    if rule.category and fold(rule.category.strip()) != category:
        return False
    words = split_keywords(rule.keywords)
    return not words or any(fold(word) in text for word in words)


def enabled_rules() -> list[AssignmentRule]:
    return list(AssignmentRule.objects.filter(enabled=True).select_related("unit"))


def match_rule(
    *,
    title: str,
    content: str,
    category: str,
    rules: Sequence[AssignmentRule] | None = None,
) -> AssignmentRule | None:
    """The first enabled rule, by priority, that matches; None when none does."""
    candidates = enabled_rules() if rules is None else rules
    folded_category = fold(category.strip())
    text = fold(f"{title}\n{content}")
    for rule in sorted(candidates, key=lambda r: (r.priority, r.pk or 0)):
        if rule.enabled and rule_matches(rule, category=folded_category, text=text):
            return rule
    return None


def _snapshot(rule: AssignmentRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "unit": rule.unit.code,
        "category": rule.category,
        "keywords": rule.keywords,
        "priority": rule.priority,
        "enabled": rule.enabled,
    }


def _validate(rule: AssignmentRule) -> None:
    rule.name = rule.name.strip()
    rule.category = rule.category.strip()
    rule.keywords = "、".join(split_keywords(rule.keywords))
    if not rule.name:
        raise ValidationError({"name": ValidationError(_("请填写规则名称。"), code="required")})
    if not rule.category and not rule.keywords:
        raise ValidationError(
            ValidationError(_("请至少填写类别或关键词中的一项。"), code="empty_rule")
        )
    if AssignmentRule.objects.filter(name=rule.name).exclude(pk=rule.pk).exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("已有名为“%(name)s”的分派规则。"),
                    code="duplicate",
                    params={"name": rule.name},
                )
            }
        )
    rule.full_clean(validate_unique=False)


@transaction.atomic
def create_rule(
    *,
    name: str,
    unit: Unit,
    category: str = "",
    keywords: str = "",
    priority: int = 100,
    enabled: bool = True,
    actor: Any = None,
) -> AssignmentRule:
    rule = AssignmentRule(
        name=name,
        unit=unit,
        category=category,
        keywords=keywords,
        priority=priority,
        enabled=enabled,
    )
    _validate(rule)
    rule.save()
    record("complaint_rule.create", rule, actor=actor, after=_snapshot(rule))
    return rule


@transaction.atomic
def update_rule(rule: AssignmentRule, *, actor: Any = None, **changes: Any) -> AssignmentRule:
    rule = AssignmentRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    before = _snapshot(rule)
    for key, value in changes.items():
        if key not in RULE_FIELDS:
            raise ValidationError(_("不能修改字段 %(field)s。"), params={"field": key})
        setattr(rule, key, value)
    _validate(rule)
    rule.save()
    record("complaint_rule.update", rule, actor=actor, before=before, after=_snapshot(rule))
    return rule


@transaction.atomic
def delete_rule(rule: AssignmentRule, *, actor: Any = None) -> None:
    rule = AssignmentRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    before = _snapshot(rule)
    record("complaint_rule.delete", rule, actor=actor, before=before)
    rule.delete()
