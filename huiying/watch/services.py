"""Use-cases for watch rules: the only code that changes rules and their matches.

Each action owns its transaction and writes an audit record, except `match_new_items`,
the ingest hook, which runs inside the storing transaction (it records what the system
found, not something a person did).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from huiying.audit.services import record
from huiying.core.rules import Document, FoldedDocument, RuleSyntaxError, parse_rule
from huiying.core.segment import Segmenter
from huiying.items.models import Item
from huiying.org.models import Unit
from huiying.org.permissions import can_act_on_unit
from huiying.sources.models import Source
from huiying.watch.backtest import items_in_scope, scan
from huiying.watch.live import LiveRule, compile_live, rule_cache
from huiying.watch.models import IndexWord, RuleMatch, WatchRule

log = logging.getLogger(__name__)

RULE_FIELDS = (
    "name",
    "query",
    "unit",
    "sources",
    "active_from",
    "active_until",
    "enabled",
    "notify",
)
MAX_QUERY = 2000
BATCH = 1000


class RuleQueryError(ValidationError):
    """A malformed query, as a form error on `query`, keeping where the problem is."""

    def __init__(self, error: RuleSyntaxError) -> None:
        super().__init__({"query": [ValidationError(error.message, code="rule_syntax")]})
        self.position = error.position
        self.pointer = error.pointer()


def check_query(query: str) -> None:
    """Raise RuleQueryError (a ValidationError) with the Chinese message and position."""
    if len(query) > MAX_QUERY:
        raise ValidationError({"query": f"规则太长：不能超过 {MAX_QUERY} 个字符。"})
    try:
        parse_rule(query)
    except RuleSyntaxError as error:
        raise RuleQueryError(error) from None


def _snapshot(rule: WatchRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "unit": rule.unit.code,
        "query": rule.query,
        "sources": sorted(s.name for s in rule.sources.all()),
        "active_from": rule.active_from.isoformat() if rule.active_from else None,
        "active_until": rule.active_until.isoformat() if rule.active_until else None,
        "enabled": rule.enabled,
        "notify": sorted(u.get_username() for u in rule.notify.all()),
        "version": rule.version,
    }


def _validate(rule: WatchRule, sources: list[Source], notify: list[Any]) -> None:
    rule.name = rule.name.strip()
    if not rule.name:
        raise ValidationError({"name": "请填写专题名称。"})
    check_query(rule.query)  # before stripping: positions point into what was typed
    rule.query = rule.query.strip()
    same_name = WatchRule.objects.filter(unit=rule.unit, name=rule.name).exclude(pk=rule.pk)
    if same_name.exists():
        raise ValidationError({"name": f"本单位已有名为“{rule.name}”的监测专题。"})
    if rule.active_from and rule.active_until and rule.active_from >= rule.active_until:
        raise ValidationError({"active_until": "失效时间必须晚于生效时间。"})
    for source in sources:
        if source.unit_id != rule.unit_id:
            raise ValidationError({"sources": f"信息源“{source.name}”不属于{rule.unit.name}。"})
    for user in notify:
        if not can_act_on_unit(user, rule.unit):
            raise ValidationError(
                {"notify": f"{user.get_username()} 不在{rule.unit.name}，不能接收该专题的通知。"}
            )
    rule.full_clean(exclude=["created_by", "updated_by", "version"], validate_unique=False)


@transaction.atomic
def create_rule(
    *,
    unit: Unit,
    name: str,
    query: str,
    sources: Iterable[Source] = (),
    active_from: datetime | None = None,
    active_until: datetime | None = None,
    enabled: bool = True,
    notify: Iterable[Any] = (),
    actor: Any = None,
) -> WatchRule:
    author = actor if getattr(actor, "is_authenticated", False) else None
    rule = WatchRule(
        unit=unit,
        name=name,
        query=query,
        active_from=active_from,
        active_until=active_until,
        enabled=enabled,
        created_by=author,
        updated_by=author,
    )
    source_list, notify_list = list(sources), list(notify)
    _validate(rule, source_list, notify_list)
    rule.save()
    rule.sources.set(source_list)
    rule.notify.set(notify_list)
    record("watch_rule.create", rule, actor=actor, after=_snapshot(rule))
    return rule


@transaction.atomic
def update_rule(rule: WatchRule, *, actor: Any = None, **changes: Any) -> WatchRule:
    """Change any of RULE_FIELDS; the version goes up, so every process recompiles it."""
    rule = WatchRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    before = _snapshot(rule)
    for key in changes:
        if key not in RULE_FIELDS:
            raise ValidationError(f"不能修改字段 {key}。")
    sources = list(changes.pop("sources", rule.sources.all()))
    notify = list(changes.pop("notify", rule.notify.all()))
    for key, value in changes.items():
        setattr(rule, key, value)
    _validate(rule, sources, notify)
    rule.version += 1
    if getattr(actor, "is_authenticated", False):
        rule.updated_by = actor
    rule.save()
    rule.sources.set(sources)
    rule.notify.set(notify)
    record("watch_rule.update", rule, actor=actor, before=before, after=_snapshot(rule))
    return rule


@transaction.atomic
def set_enabled(rule: WatchRule, enabled: bool, *, actor: Any = None) -> WatchRule:
    rule = WatchRule.objects.select_for_update().get(pk=rule.pk)
    if rule.enabled != enabled:
        rule.enabled = enabled
        rule.save(update_fields=["enabled", "updated_at"])
        action = "watch_rule.enable" if enabled else "watch_rule.disable"
        record(action, rule, actor=actor, after={"enabled": enabled})
    return rule


@transaction.atomic
def delete_rule(rule: WatchRule, *, actor: Any = None) -> None:
    rule = WatchRule.objects.select_for_update().select_related("unit").get(pk=rule.pk)
    before = _snapshot(rule)
    before["matches"] = rule.matches.count()
    pk = rule.pk
    rule.delete()  # its matches go with it
    record(
        "watch_rule.delete",
        actor=actor,
        before=before,
        object_type="watch.watchrule",
        object_id=str(pk),
    )


# --- Matching items as they are stored ---------------------------------------------


def match_new_items(items: Sequence[Item], *, now: datetime | None = None) -> int:
    """The ingest hook: match every enabled rule against items just stored (each item
    folded once), store the matches, and add the items' words to the vocabulary the
    preview widens rule words with. Runs in the caller's transaction; returns how many
    matches were new. A rule that fails is logged and skipped."""
    items = [item for item in items if item.pk is not None]
    if not items:
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        record_index_words(items)
        by_unit: dict[int, list[LiveRule]] = defaultdict(list)
        for live in rule_cache().enabled_rules():
            by_unit[live.unit_id].append(live)
        if not by_unit:
            return 0
        sources = {
            pk: (name, unit_id)
            for pk, name, unit_id in Source.objects.filter(
                pk__in={item.source_id for item in items}
            ).values_list("id", "name", "unit_id")
        }
        found: list[RuleMatch] = []
        for item in items:
            name, unit_id = sources[item.source_id]
            item_at = item.published_at or item.fetched_at
            rules = [r for r in by_unit.get(unit_id, ()) if r.applies(item.source_id, item_at)]
            if not rules:
                continue
            doc = FoldedDocument.of(Document(item.title, item.text, name))
            for live in rules:
                try:
                    hit = live.matcher.matches(doc)
                except Exception:
                    log.exception("watch rule %s failed on item %s; skipped", live.id, item.pk)
                    continue
                if hit:
                    found.append(
                        RuleMatch(rule_id=live.id, item_id=item.pk, item_at=item_at, matched_at=now)
                    )
        if not found:
            return 0
        known = set(
            RuleMatch.objects.filter(item_id__in={m.item_id for m in found}).values_list(
                "rule_id", "item_id"
            )
        )
        new = [m for m in found if (m.rule_id, m.item_id) not in known]
        # ignore_conflicts: a re-apply running at the same moment may insert the same pair.
        RuleMatch.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
        return len(new)


def record_index_words(items: Iterable[Item]) -> None:
    """Add the items' index words to IndexWord (the vocabulary only grows)."""
    words = sorted({w for item in items for w in item.tokens.split() if len(w) <= 100})
    IndexWord.objects.bulk_create(
        [IndexWord(word=w) for w in words], batch_size=BATCH, ignore_conflicts=True
    )


# --- Re-applying a rule to history ---------------------------------------------------


@dataclass
class Reapplied:
    total: int  # matches of the rule in the period afterwards
    added: int
    removed: int


def reapply_rule(
    rule: WatchRule,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    actor: Any = None,
    segmenter: Segmenter | None = None,
) -> Reapplied:
    """Recompute the rule's matches among items with time in [since, until) (None: no
    bound): matches that no longer hold are removed, new ones inserted, in batches.

    The scan of history reads before the write transaction starts, so storing new items
    waits only for the short write; a rule changed in between stops the re-apply."""
    rule = WatchRule.objects.get(pk=rule.pk)
    live = _compile_saved(rule)
    lo = max((t for t in (since, rule.active_from) if t is not None), default=None)
    hi = min((t for t in (until, rule.active_until) if t is not None), default=None)
    in_scope = items_in_scope(since=lo, until=hi, source_ids=_scope_source_ids(rule, live))
    found = dict(scan(live.matcher, in_scope, segmenter=segmenter))
    with transaction.atomic():
        current = WatchRule.objects.select_for_update().get(pk=rule.pk)
        if current.version != rule.version:
            raise ValidationError("重新应用期间规则被修改了，请再试一次。")
        old = dict(_matches_between(rule, since, until))
        # Not seen by the scan: items stored meanwhile (matched by the ingest hook), or
        # a word the index missed (see prefilter). Ask the matcher before dropping them.
        unconfirmed = [pk for pk in old if pk not in found]
        for start in range(0, len(unconfirmed), BATCH):
            chunk = in_scope.filter(pk__in=unconfirmed[start : start + BATCH])
            found.update(scan(live.matcher, chunk, use_index=False))
        gone = [pk for pk in old if pk not in found]
        for start in range(0, len(gone), BATCH):
            RuleMatch.objects.filter(rule=rule, item_id__in=gone[start : start + BATCH]).delete()
        now = timezone.now()
        new = [
            RuleMatch(rule=rule, item_id=pk, item_at=at, matched_at=now)
            for pk, at in found.items()
            if pk not in old
        ]
        RuleMatch.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
        result = Reapplied(total=len(found), added=len(new), removed=len(gone))
        record(
            "watch_rule.reapply",
            rule,
            actor=actor,
            after={
                "since": since.isoformat() if since else None,
                "until": until.isoformat() if until else None,
                "version": rule.version,
                **result.__dict__,
            },
        )
    return result


def _compile_saved(rule: WatchRule) -> LiveRule:
    try:
        return compile_live(rule)
    except RuleSyntaxError as error:
        raise RuleQueryError(error) from None


def _scope_source_ids(rule: WatchRule, live: LiveRule) -> list[int]:
    """A rule watches its unit's sources, or the chosen ones among them."""
    own = Source.objects.filter(unit_id=rule.unit_id)
    if live.source_ids:
        own = own.filter(pk__in=live.source_ids)
    return list(own.values_list("id", flat=True))


def _matches_between(
    rule: WatchRule, since: datetime | None, until: datetime | None
) -> Iterable[tuple[int, datetime]]:
    matches = RuleMatch.objects.filter(rule=rule)
    if since is not None:
        matches = matches.filter(item_at__gte=since)
    if until is not None:
        matches = matches.filter(item_at__lt=until)
    return matches.values_list("item_id", "item_at").iterator(chunk_size=5000)
