"""Storing entries as items: the one write path from any source kind to the items table.

The near-duplicate index lives in memory per process (huiying.core.neardup) and is
brought up to date from the database inside the write transaction, so items written
by another worker are seen before we decide a new item's family.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from huiying.core.entries import RawEntry
from huiying.core.fingerprint import Fingerprint
from huiying.core.neardup import NearDupIndex
from huiying.core.pipeline import ProcessedText, process_text
from huiying.core.segment import Segmenter, read_user_dictionary
from huiying.items.models import Item, Sighting
from huiying.sources.models import Source

BATCH = 500


@dataclass
class IngestContext:
    """Per-process state for ingestion: the segmenter (with the office's user dictionary)
    and the near-duplicate index with the last item id it has seen."""

    segmenter: Segmenter
    index: NearDupIndex = field(default_factory=NearDupIndex)
    last_item_id: int = 0
    window_days: int = 30
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Items this process indexed whose transaction has not been seen to commit: (id, hash).
    unconfirmed: list[tuple[int, str]] = field(default_factory=list)

    def sync(self) -> None:
        """Load fingerprints of items stored since the last sync (by any process)."""
        if self.unconfirmed and not self._confirmed():
            # An outer transaction rolled back after we indexed its items (SQLite may even
            # have reused their ids): the in-memory index is wrong, rebuild it.
            self.reset()
        self.unconfirmed = []
        qs = Item.objects.filter(id__gt=self.last_item_id, fingerprint__isnull=False)
        if self.last_item_id == 0:
            since = datetime.now(tz=settings_tz()) - timedelta(days=self.window_days)
            qs = qs.filter(fetched_at__gte=since)
        for item_id, blob, _dup_of in (
            qs.order_by("id")
            .values_list("id", "fingerprint", "dup_of_id")
            .iterator(chunk_size=5000)
        ):
            self.index.add(item_id, Fingerprint.from_bytes(bytes(blob)))
            self.last_item_id = item_id
        self.last_item_id = max(
            self.last_item_id,
            Item.objects.order_by("-id").values_list("id", flat=True).first() or 0,
        )

    def _confirmed(self) -> bool:
        ids = dict(self.unconfirmed)
        stored = dict(Item.objects.filter(id__in=ids).values_list("id", "content_hash"))
        return stored == ids

    def reset(self) -> None:
        """After a rolled-back write the in-memory index may hold phantom keys: start over."""
        self.index = NearDupIndex()
        self.last_item_id = 0
        self.unconfirmed = []


def settings_tz():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.get_default_timezone()


def load_segmenter() -> Segmenter:
    path = Path(settings.HUIYING_USER_DICTIONARY)
    words = read_user_dictionary(path) if path.exists() else []
    return Segmenter(words)


@lru_cache(maxsize=1)
def default_context() -> IngestContext:
    return IngestContext(segmenter=load_segmenter())


@dataclass
class StoreResult:
    new: int = 0
    repeated: int = 0  # already stored from this source (same guid or URL)
    same_content: int = 0  # same content seen elsewhere: recorded as a sighting
    near_duplicates: int = 0  # new items that joined an existing family
    item_ids: list[int] = field(default_factory=list)


def content_hash(processed: ProcessedText) -> str:
    return hashlib.sha256(processed.folded.encode("utf-8")).hexdigest()


def store_entries(
    source: Source,
    entries: Sequence[RawEntry],
    *,
    now: datetime,
    ctx: IngestContext | None = None,
    analyse: bool = True,
) -> StoreResult:
    """Store new entries of one source; never stores the same item twice. Runs in the
    caller's transaction if there is one (the refresh orchestrator's), else its own.
    `analyse=False` skips the later stages (huiying.analysis); only the storage
    benchmark uses it, to measure the write path on its own."""
    ctx = ctx or default_context()
    processed = [process_text(e.title, e.text, ctx.segmenter, search=True) for e in entries]
    result = StoreResult()
    with ctx.lock:
        try:
            with transaction.atomic():
                _lock_writers()
                ctx.sync()
                for start in range(0, len(entries), BATCH):
                    _store_batch(
                        analyse,
                        source,
                        entries[start : start + BATCH],
                        processed[start : start + BATCH],
                        now,
                        ctx,
                        result,
                    )
        except BaseException:
            ctx.reset()
            raise
    return result


def _digest(source: Source, entry: RawEntry, processed: ProcessedText) -> str:
    # A complaint record is its own case even when its words repeat another's
    # (有诉必理): its identity is its record id, so it is never merged as "same content".
    if source.kind == "complaints_import":
        return hashlib.sha256(f"{entry.guid}\x00{processed.folded}".encode()).hexdigest()
    return content_hash(processed)


def _lock_writers() -> None:
    # Serialise family decisions across workers on PostgreSQL; SQLite's IMMEDIATE
    # transactions already serialise writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7368201)")


def _store_batch(
    analyse: bool,
    source: Source,
    entries: Sequence[RawEntry],
    processed: Sequence[ProcessedText],
    now: datetime,
    ctx: IngestContext,
    result: StoreResult,
) -> None:
    guids = {e.guid for e in entries}
    urls = {e.url for e in entries if e.url}
    digests = [_digest(source, e, p) for e, p in zip(entries, processed, strict=True)]
    hashes = set(digests)
    known_guids = set(
        Item.objects.filter(source=source, guid__in=guids).values_list("guid", flat=True)
    )
    known_guids |= set(
        Sighting.objects.filter(source=source, guid__in=guids).values_list("guid", flat=True)
    )
    known_urls = set(Item.objects.filter(source=source, url__in=urls).values_list("url", flat=True))
    by_hash = dict(Item.objects.filter(content_hash__in=hashes).values_list("content_hash", "id"))

    new_items: list[tuple[Item, ProcessedText]] = []
    sightings: list[Sighting] = []
    for entry, proc, digest in zip(entries, processed, digests, strict=True):
        if entry.guid in known_guids or (entry.url and entry.url in known_urls):
            result.repeated += 1
            continue
        known_guids.add(entry.guid)
        if entry.url:
            known_urls.add(entry.url)
        if digest in by_hash:
            if by_hash[digest] is not None:
                sightings.append(
                    Sighting(
                        item_id=by_hash[digest],
                        source=source,
                        url=entry.url,
                        guid=entry.guid,
                        seen_at=now,
                    )
                )
            result.same_content += 1
            continue
        by_hash[digest] = None  # a twin later in this batch counts as the same content
        item = Item(
            source=source,
            guid=entry.guid[:1000],
            url=entry.url[:2000],
            title=entry.title[:1000],
            text=entry.text,
            html=entry.html,
            published_at=entry.published_at,
            fetched_at=now,
            author=entry.author[:200],
            script=proc.script,
            content_hash=digest,
            # Search tokens include dictionary sub-words (加装电梯 → 加装, 电梯, 加装电梯).
            tokens=" ".join(proc.words),
            fingerprint=proc.fingerprint.to_bytes(),
            extra=dict(entry.extra),
        )
        new_items.append((item, proc))

    if new_items:
        Item.objects.bulk_create([item for item, _ in new_items])
        dup_updates = []
        for item, proc in new_items:
            family = ctx.index.add(item.pk, proc.fingerprint)
            ctx.unconfirmed.append((item.pk, item.content_hash))
            ctx.last_item_id = max(ctx.last_item_id, item.pk)
            result.item_ids.append(item.pk)
            if family is not None and family != item.pk:
                item.dup_of_id = family
                dup_updates.append(item)
        if dup_updates:
            Item.objects.bulk_update(dup_updates, ["dup_of"])
        result.new += len(new_items)
        result.near_duplicates += len(dup_updates)
        # The later pipeline stages import items, so they are imported late.
        from huiying.analysis import after_store

        if analyse:
            after_store(source, [item for item, _ in new_items], now=now)
    if sightings:
        Sighting.objects.bulk_create(sightings, ignore_conflicts=True)
