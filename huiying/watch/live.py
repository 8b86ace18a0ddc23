"""The enabled rules, compiled once per process, for matching items as they are stored.

A cheap `(id, version, updated_at)` query per call tells which cached matchers are
stale; only those are reloaded. `updated_at` is in the key as well because SQLite can
hand a deleted rule's id to a new rule, which starts again at version 1.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from huiying.core.rules import CompiledRule
from huiying.watch.models import WatchRule

log = logging.getLogger(__name__)

_Key = tuple[int, datetime]


@dataclass(frozen=True)
class LiveRule:
    id: int
    unit_id: int
    matcher: CompiledRule
    source_ids: frozenset[int]  # empty: every source of the unit
    active_from: datetime | None
    active_until: datetime | None

    def applies(self, source_id: int, item_at: datetime) -> bool:
        if self.source_ids and source_id not in self.source_ids:
            return False
        if self.active_from is not None and item_at < self.active_from:
            return False
        return self.active_until is None or item_at < self.active_until


def compile_live(rule: WatchRule) -> LiveRule:
    return LiveRule(
        id=rule.pk,
        unit_id=rule.unit_id,
        matcher=CompiledRule(rule.query),
        source_ids=frozenset(s.pk for s in rule.sources.all()),
        active_from=rule.active_from,
        active_until=rule.active_until,
    )


class RuleCache:
    def __init__(self) -> None:
        self._rules: dict[int, tuple[_Key, LiveRule | None]] = {}
        self._lock = threading.Lock()

    def enabled_rules(self) -> list[LiveRule]:
        keys = {
            pk: (version, updated_at)
            for pk, version, updated_at in WatchRule.objects.filter(enabled=True).values_list(
                "id", "version", "updated_at"
            )
        }
        with self._lock:
            for pk in [pk for pk in self._rules if pk not in keys]:
                del self._rules[pk]
            stale = [pk for pk, key in keys.items() if self._rules.get(pk, (None,))[0] != key]
            if stale:
                for rule in WatchRule.objects.filter(pk__in=stale).prefetch_related("sources"):
                    self._rules[rule.pk] = ((rule.version, rule.updated_at), self._compile(rule))
            return [live for _, live in self._rules.values() if live is not None]

    @staticmethod
    def _compile(rule: WatchRule) -> LiveRule | None:
        try:
            return compile_live(rule)
        except Exception:
            # Saved rules are validated, so this means a bug or a changed language:
            # one broken rule must not stop every other rule (or the ingest) working.
            log.exception("watch rule %s (%s) cannot be compiled; skipped", rule.pk, rule.name)
            return None


@lru_cache(maxsize=1)
def rule_cache() -> RuleCache:
    return RuleCache()
