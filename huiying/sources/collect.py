"""Fetch and parse one fetched source (feed or web page) into entries. No database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


def collect_fetched(source: Source, *, limits: FetchLimits, now: datetime) -> Collected:
    result = fetch(source.url, limits=limits, etag=source.etag or None, last_modified=source.last_modified or None)
    validators = (result.etag or "", result.last_modified or "")
    if result.not_modified:
        return Collected(entries=[], validators=(source.etag, source.last_modified), not_modified=True)
    if result.text is None:
        raise ParseError("undecodable", "无法识别内容的字符编码。")
    if source.kind == SourceKind.FEED:
        entries = list(parse_feed(result.text, base_url=result.url, now=now).entries)
    else:
        entries = [extract_page(result.text, url=result.url, now=now)]
    return Collected(entries=entries, validators=validators, not_modified=False)
