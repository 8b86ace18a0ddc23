"""RSS 2.0, RSS 1.0 and Atom feeds to entries, through feedparser (the most tolerant
parser there is: it recovers entries from feeds that are not well-formed XML)."""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from urllib.parse import urljoin

import feedparser

from huiying.core.dates import DEFAULT_TZ, FUTURE_SLACK, parse_published
from huiying.core.entries import ParseError, RawEntry
from huiying.core.sanitise import html_to_text, sanitise_html
from huiying.core.urls import canonical_url

_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_TRUNCATED = ("no element found", "unclosed token")


@dataclass
class ParsedFeed:
    """A feed's own title and home link (both may be empty), its entries in feed
    order, and `warning`: a Chinese sentence when the feed was malformed but some
    entries could still be read ("" when all was well)."""

    title: str
    link: str
    entries: list[RawEntry] = field(default_factory=list)
    warning: str = ""


def parse_feed(
    text: str | bytes, *, base_url: str, now: datetime, tz: tzinfo = DEFAULT_TZ
) -> ParsedFeed:
    """Entries of an RSS/Atom document. `base_url` is where it was fetched from
    (relative links resolve against it); `now` bounds publication times; naive
    times are in `tz`. Pass bytes when you have them: the XML declaration's
    encoding (often GB2312/GBK) is then honoured.

    Raises ParseError when the content is empty, an HTML page, or nothing could
    be recovered from it. A well-formed feed with no items gives no entries."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError("empty", "内容为空。")
    headers = {"content-location": base_url}
    if isinstance(text, str):  # already decoded: the declared encoding no longer applies
        headers["content-type"] = "application/xml; charset=utf-8"
    # Relative URLs in content are resolved by the sanitiser alone (against the base
    # feedparser reports for each content element, xml:base included): feedparser's
    # own resolver would turn an entity-encoded "javascript&#58;" into a site path.
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    version = parsed.get("version") or ""
    entries = [
        entry
        for raw in parsed.get("entries", [])
        if (entry := _entry(raw, base_url=base_url, now=now, tz=tz)) is not None
    ]
    last_line = data.rstrip().count(b"\n") + 1
    problem = _problem(parsed.get("bozo_exception"), last_line) if parsed.get("bozo") else ""
    if not entries:
        if not version and _HTML_START.search(head[:2048]):
            raise ParseError("not_a_feed", "地址返回的是网页而不是 RSS/Atom 订阅源。")
        if problem:
            raise ParseError("malformed_feed", f"订阅源格式错误：{problem}，未能读出任何条目。")
        if not version:
            raise ParseError("not_a_feed", "内容不是 RSS/Atom 订阅源，未能读出任何条目。")
    feed = parsed.get("feed", {})
    link = feed.get("link") or ""
    return ParsedFeed(
        title=_plain(feed.get("title") or "", feed.get("title_detail")),
        link=canonical_url(urljoin(base_url, link)) if link else "",
        entries=entries,
        warning=f"订阅源格式有误（{problem}），已尽量读出 {len(entries)} 条。"
        if problem and entries
        else "",
    )


def _problem(exc: object, last_line: int) -> str:
    """Where and what, for a non-technical reader; "" when harmless (e.g. a declared
    encoding that differed from the real one but decoded fine)."""
    if exc is None or isinstance(exc, feedparser.CharacterEncodingOverride):
        return ""
    line = getattr(exc, "getLineNumber", lambda: None)()
    where = f"第 {line} 行附近 " if line else ""
    # An error on the last line means the document stops short (a cut-off download).
    cut_off = any(t in str(exc) for t in _TRUNCATED) or (line and line >= last_line)
    return where + ("XML 不完整" if cut_off else "XML 格式有误")


def _entry(raw: Any, *, base_url: str, now: datetime, tz: tzinfo) -> RawEntry | None:
    guid = raw.get("id") or ""
    link = raw.get("link") or ""
    if not link and re.match(r"https?://", guid):  # RSS <guid isPermaLink="true">
        link = guid
    url = canonical_url(urljoin(base_url, link)) if link else ""
    body, body_base = _body(raw)
    page_base = url or base_url
    html = sanitise_html(body, base_url=body_base or page_base)
    text = html_to_text(body)
    title = _plain(raw.get("title") or "", raw.get("title_detail"))
    if not title and not text:
        return None
    author_detail = raw.get("author_detail") or {}
    return RawEntry(
        url=url,
        title=title,
        text=text,
        html=html,
        published_at=_published(raw, now=now, tz=tz),
        author=(author_detail.get("name") or raw.get("author") or "").strip(),
        guid=guid or url or _digest(title, text),
    )


def _body(raw: Any) -> tuple[str, str]:
    """Full content over summary; returns (html, base it was written against)."""
    candidates = [c for c in raw.get("content") or [] if c.get("value")]
    if not candidates and raw.get("summary"):
        candidates = [raw.get("summary_detail") or {"value": raw["summary"], "type": "text/html"}]
    if not candidates:
        return "", ""
    best = max(candidates, key=lambda c: len(c.get("value", "")))
    value: str = best.get("value", "")
    if best.get("type") == "text/plain":
        value = "".join(f"<p>{html_lib.escape(line)}</p>" for line in value.splitlines())
    return value, best.get("base") or ""


def _plain(value: str, detail: Any) -> str:
    if detail and detail.get("type") in ("text/html", "application/xhtml+xml"):
        return html_to_text(value).replace("\n", " ")
    return " ".join(value.split())


def _published(raw: Any, *, now: datetime, tz: tzinfo) -> datetime | None:
    for key in ("published", "updated", "created"):
        # dict.get: FeedParserDict would alias a missing key to another, with a warning.
        text = dict.get(raw, key)
        if not text:
            continue
        when = parse_published(text, now=now, tz=tz)
        if when is not None:
            return when
        # feedparser knows more exotic forms, but misreads Chinese ones
        # (2024年4月27日 → 1 November), so it is only asked about the rest.
        parsed = dict.get(raw, f"{key}_parsed")
        if parsed and not _CJK.search(text):
            year, month, day, hour, minute, second = parsed[:6]
            when = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
            if when <= now + FUTURE_SLACK:
                return when.astimezone(tz)
    return None


def _digest(title: str, text: str) -> str:
    return "sha1:" + hashlib.sha1(f"{title}\n{text}".encode()).hexdigest()
