"""Fetch and parse one fetched source (feed or web page) into entries. No database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from huiying.core.entries import ParseError, RawEntry
from huiying.core.feeds import parse_feed
from huiying.core.fetch import FetchLimits, fetch
from huiying.core.webpage import extract_page
from huiying.sources.models import Source, SourceKind


@dataclass
class Collected:
    entries: list[RawEntry]
    validators: tuple[str, str]  # (etag, last_modified) to send next time
    not_modified: bool
    warning: str = ""  # e.g. a malformed feed from which some entries were still read


def collect_fetched(source: Source, *, limits: FetchLimits, now: datetime) -> Collected:
    result = fetch(
        source.url,
        limits=limits,
        etag=source.etag or None,
        last_modified=source.last_modified or None,
    )
    validators = (result.etag or "", result.last_modified or "")
    if result.not_modified:
        return Collected(
            entries=[], validators=(source.etag, source.last_modified), not_modified=True
        )
    if result.text is None:
        kind = result.content_type or "未知类型"
        raise ParseError("not_text", f"地址返回的是二进制文件（{kind}），不是订阅源或网页。")
    tz = timezone.get_default_timezone()
    if source.kind == SourceKind.FEED:
        # The decoded text, not the bytes: charset.decode has already fixed wrong declarations.
        parsed = parse_feed(result.text, base_url=result.url, now=now, tz=tz)
        return Collected(list(parsed.entries), validators, False, parsed.warning or "")
    entries = [extract_page(result.text, url=result.url, now=now, tz=tz)]
    return Collected(entries=entries, validators=validators, not_modified=False)
