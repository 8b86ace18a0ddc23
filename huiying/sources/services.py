"""Use-cases for sources. `refresh_source` is the one orchestrator that the UI button,
the worker and the command line all call (never three variants of the same flow)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huiying.audit.services import record
from huiying.core.backoff import HostThrottle, next_attempt_delay
from huiying.core.entries import ParseError, RawEntry
from huiying.core.fetch import FetchError, FetchLimits
from huiying.core.imports import RowError, read_import
from huiying.items.ingest import IngestContext, StoreResult, store_entries
from huiying.org.models import Unit
from huiying.sources.collect import collect_fetched
from huiying.sources.models import Source, SourceKind

log = logging.getLogger(__name__)

SOURCE_FIELDS = ("name", "kind", "url", "poll_interval", "enabled", "unit")


def fetch_limits() -> FetchLimits:
    conf = settings.HUIYING_FETCH
    return FetchLimits(
        connect_timeout=conf["connect_timeout"],
        read_timeout=conf["read_timeout"],
        total_timeout=conf["total_timeout"],
        max_bytes=conf["max_bytes"],
        max_redirects=conf["max_redirects"],
        allow_networks=tuple(conf["allow_networks"]),
        user_agent=conf["user_agent"],
    )


@lru_cache(maxsize=1)
def host_throttle() -> HostThrottle:
    return HostThrottle(delay_s=settings.HUIYING_FETCH["host_delay"])


def _snapshot(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "poll_interval": source.poll_interval,
        "enabled": source.enabled,
        "unit": source.unit.code,
    }


# --- Creating and changing sources -------------------------------------------------


@transaction.atomic
def create_source(
    *,
    name: str,
    kind: str,
    url: str,
    unit: Unit,
    poll_interval: int = 900,
    enabled: bool = True,
    actor: Any = None,
) -> Source:
    source = Source(
        name=name.strip(),
        kind=kind,
        url=url.strip(),
        unit=unit,
        poll_interval=poll_interval,
        enabled=enabled,
    )
    _validate(source)
    source.next_poll_at = timezone.now()
    source.save()
    record("source.create", source, actor=actor, after=_snapshot(source))
    return source


@transaction.atomic
def update_source(source: Source, *, actor: Any = None, **changes: Any) -> Source:
    source = Source.objects.select_for_update().get(pk=source.pk)
    before = _snapshot(source)
    for key, value in changes.items():
        if key not in SOURCE_FIELDS:
            raise ValidationError(f"不能修改字段 {key}。")
        setattr(source, key, value.strip() if isinstance(value, str) else value)
    _validate(source)
    if changes.get("enabled") or "url" in changes:
        source.next_poll_at = timezone.now()
        source.consecutive_failures = 0
    source.save()
    record("source.update", source, actor=actor, before=before, after=_snapshot(source))
    return source


def _validate(source: Source) -> None:
    if source.kind in (SourceKind.FEED, SourceKind.PAGE) and not source.url.startswith(
        ("http://", "https://")
    ):
        raise ValidationError(
            {"url": "订阅源和网页类信息源的地址必须以 http:// 或 https:// 开头。"}
        )
    if source.poll_interval < 30:
        raise ValidationError({"poll_interval": "轮询间隔不能少于 30 秒。"})
    source.full_clean(exclude=["next_poll_at"])


# --- Claiming -----------------------------------------------------------------------


def lease_seconds() -> int:
    return int(settings.HUIYING_REFRESH_LEASE)


def claim(source_id: int, token: str, now: datetime) -> bool:
    """One conditional UPDATE: two workers can never hold the same source. A crashed
    worker's claim simply expires."""
    return (
        Source.objects.filter(pk=source_id)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=token))
        .update(lease_until=now + timedelta(seconds=lease_seconds()), lease_owner=token)
        == 1
    )


def due_sources(now: datetime) -> list[int]:
    return list(
        Source.objects.filter(enabled=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .exclude(url="")
        .order_by("next_poll_at")
        .values_list("id", flat=True)
    )


# --- Refreshing -----------------------------------------------------------------------


@dataclass
class RefreshOutcome:
    source_id: int
    ok: bool
    busy: bool = False
    not_modified: bool = False
    stored: StoreResult = field(default_factory=StoreResult)
    error: str = ""
    error_code: str = ""
    row_errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        if self.busy:
            return "该信息源正在被其他进程刷新，请稍后再试。"
        if not self.ok:
            return f"刷新失败：{self.error}"
        if self.not_modified:
            return "内容未变化（服务器返回 304）。"
        s = self.stored
        text = f"新增 {s.new} 条，重复 {s.repeated} 条，相同内容 {s.same_content} 条，相似文章 {s.near_duplicates} 条。"
        if self.row_errors:
            text += f" 有 {len(self.row_errors)} 行无法导入。"
        return text


def refresh_source(
    source_id: int,
    *,
    now: datetime | None = None,
    token: str | None = None,
    actor: Any = None,
    ctx: IngestContext | None = None,
) -> RefreshOutcome:
    """Fetch (or re-read) one source and store what is new, with its health, in one
    transaction: a crash at any point leaves either everything or nothing."""
    now = now or timezone.now()
    token = token or f"refresh-{uuid.uuid4().hex[:12]}"
    if not claim(source_id, token, now):
        return RefreshOutcome(source_id=source_id, ok=False, busy=True)
    source = Source.objects.select_related("unit").get(pk=source_id)
    outcome = RefreshOutcome(source_id=source_id, ok=True)
    validators = (source.etag, source.last_modified)
    warning = ""
    try:
        if source.is_fetched:
            host_throttle().wait(source.host)
            fetched = collect_fetched(source, limits=fetch_limits(), now=now)
            entries, validators, outcome.not_modified = (
                fetched.entries,
                fetched.validators,
                fetched.not_modified,
            )
            warning = fetched.warning
        else:
            entries, outcome.row_errors = _read_import_file(source, now)
    except (FetchError, ParseError) as exc:
        return _fail(source, outcome, exc.code, exc.message, now, actor)
    except Exception:
        log.exception("refresh of source %s failed unexpectedly", source_id)
        return _fail(
            source,
            outcome,
            "internal",
            "处理时发生内部错误，已记录日志，下次轮询将重试。",
            now,
            actor,
        )

    with transaction.atomic():
        outcome.stored = (
            store_entries(source, entries, now=now, ctx=ctx) if entries else StoreResult()
        )
        was_failing = source.consecutive_failures > 0
        Source.objects.filter(pk=source.pk).update(
            last_attempt_at=now,
            last_success_at=now,
            last_error="",
            last_error_code="",
            last_warning=warning,
            consecutive_failures=0,
            last_new_items=outcome.stored.new,
            etag=validators[0][:500],
            last_modified=validators[1][:100],
            next_poll_at=now + timedelta(seconds=source.poll_interval),
            lease_until=None,
            lease_owner="",
        )
        if was_failing or actor is not None:
            record(
                "source.refresh",
                source,
                actor=actor,
                before={"consecutive_failures": source.consecutive_failures},
                after={"ok": True, "new": outcome.stored.new},
            )
    return outcome


def _fail(
    source: Source, outcome: RefreshOutcome, code: str, message: str, now: datetime, actor: Any
) -> RefreshOutcome:
    failures = source.consecutive_failures + 1
    delay = next_attempt_delay(float(source.poll_interval), failures)
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(
            last_attempt_at=now,
            last_error=message,
            last_error_code=code,
            consecutive_failures=failures,
            next_poll_at=now + timedelta(seconds=delay),
            lease_until=None,
            lease_owner="",
        )
        if failures == 1 or actor is not None:
            record(
                "source.refresh_failed",
                source,
                actor=actor,
                before={"consecutive_failures": source.consecutive_failures},
                after={"error_code": code, "error": message, "retry_in_s": int(delay)},
            )
    outcome.ok = False
    outcome.error = message
    outcome.error_code = code
    return outcome


# --- Imports --------------------------------------------------------------------------

IMPORT_KIND = {SourceKind.POSTS_IMPORT: "posts", SourceKind.COMPLAINTS_IMPORT: "complaints"}


def _read_import_file(source: Source, now: datetime) -> tuple[list[RawEntry], list[RowError]]:
    path = Path(source.url).expanduser()
    if not path.is_file():
        raise ParseError("missing_file", f"找不到导入文件：{path}")
    return _parse_import(source, path.read_bytes(), path.name, now)


def _parse_import(
    source: Source, data: bytes, filename: str, now: datetime
) -> tuple[list[RawEntry], list[RowError]]:
    if source.kind not in IMPORT_KIND:
        raise ParseError("not_import", "该信息源不是导入类信息源。")
    fmt = (
        "jsonl"
        if filename.lower().endswith((".jsonl", ".json", ".ndjson"))
        else "csv"
        if filename.lower().endswith(".csv")
        else None
    )
    result = read_import(
        data, kind=IMPORT_KIND[source.kind], fmt=fmt, now=now, tz=timezone.get_default_timezone()
    )
    return [entry for _line, entry in result.entries], list(result.errors)


@dataclass
class ImportReport:
    stored: StoreResult
    errors: list[RowError]

    def summary(self) -> str:
        s = self.stored
        text = f"导入完成：新增 {s.new} 条，已存在 {s.repeated + s.same_content} 条。"
        if self.errors:
            text += f" {len(self.errors)} 行有错误未导入。"
        return text


def import_file(
    source: Source, data: bytes, filename: str, *, actor: Any = None, now: datetime | None = None
) -> ImportReport:
    """Import an uploaded CSV/JSONL file into an import source. Good rows are stored,
    bad rows reported with line numbers; importing the same file again adds nothing."""
    now = now or timezone.now()
    entries, errors = _parse_import(source, data, filename, now)
    with transaction.atomic():
        stored = store_entries(source, entries, now=now) if entries else StoreResult()
        Source.objects.filter(pk=source.pk).update(
            last_attempt_at=now,
            last_success_at=now,
            last_new_items=stored.new,
            last_error="",
            consecutive_failures=0,
        )
        record(
            "source.import",
            source,
            actor=actor,
            after={"file": filename, "new": stored.new, "bad_rows": len(errors)},
        )
    return ImportReport(stored=stored, errors=errors)
