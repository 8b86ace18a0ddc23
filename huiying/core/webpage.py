"""A fetched article page to one entry: main text without navigation and boilerplate.

trafilatura does the extraction and is only ever handed a string, so it never
fetches anything. Publication time is read here first (meta tags, JSON-LD, the
"发布时间：" line Chinese sites print above the text) because trafilatura only
knows the day, and its date is the fallback.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.htmlprocessing import build_html_output
from trafilatura.settings import Document

from huiying.core.dates import DEFAULT_TZ, parse_published
from huiying.core.entries import ParseError, RawEntry
from huiying.core.sanitise import element_to_text, html_to_text, parse_document, sanitise_html
from huiying.core.urls import canonical_url

_DATE_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "pubdate", "publishdate", "publish_date", "publication_date", "datepublished",
    "dc.date.issued", "dc.date", "dcterms.created", "firstpublishedtime",
    "weibo:article:create_at", "date",
)  # fmt: skip
_TITLE_META = ("og:title", "twitter:title", "articletitle", "title")
_AUTHOR_META = ("author", "article:author", "dc.creator")
_DATE_TEXT = (
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_LABELLED_DATE = re.compile(
    rf"(?:发布时间|发布日期|发表时间|发文日期|时间|日期)\s*[:：]\s*({_DATE_TEXT})"
)
_SOURCE_DATE = re.compile(rf"({_DATE_TEXT})\s*(?:来源|作者|稿源)\s*[:：]")
_BYLINE = r"\s*[:：]\s*([^\s　|｜【\[(（]{2,24})"
_AUTHOR_TEXT = re.compile("(?:作者|记者|文)" + _BYLINE)
_SOURCE_TEXT = re.compile("(?:来源|稿源)" + _BYLINE)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')


def extract_page(html: str, *, url: str, now: datetime, tz: tzinfo = DEFAULT_TZ) -> RawEntry:
    """The page's main text, title, publication time and author.

    Title, time and author fall back to the page's <title> and meta tags when
    trafilatura finds none. Raises ParseError when the page has no main text."""
    if not html.strip():
        raise ParseError("empty", "内容为空。")
    root = parse_document(html)
    if root is None:
        raise ParseError("not_html", "内容不是可以读取的网页。")
    meta = _meta(root)
    body = root.find("body")
    page_text = element_to_text(body) if body is not None else ""
    try:
        # Handed our tree (parsed without libxml2's depth limit); trafilatura copies it.
        document = trafilatura.bare_extraction(
            root,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            date_extraction_params={
                "extensive_search": True,
                "original_date": True,
                # htmldate would otherwise read the wall clock for its upper bound.
                "max_date": (now + timedelta(days=1)).strftime("%Y-%m-%d"),
            },
        )
    except (ValueError, TypeError, etree.LxmlError):
        document = None
    if not isinstance(document, Document):
        document = None
    body_html = build_html_output(document).strip() if document is not None else ""
    text = html_to_text(body_html)
    if not text or _mostly_links(text, root):
        raise ParseError("no_main_text", "网页中没有找到正文内容。")
    canonical = canonical_url(url)
    title = (getattr(document, "title", None) or "").strip() or _first(meta, _TITLE_META)
    if not title:
        title = " ".join((root.findtext(".//title") or "").split())
    author = (getattr(document, "author", None) or "").strip() or _first(meta, _AUTHOR_META)
    if not author and (m := _AUTHOR_TEXT.search(page_text)):
        author = m.group(1)
    source = _first(meta, ("contentsource", "source", "og:site_name"))
    if m := _SOURCE_TEXT.search(page_text):
        source = m.group(1)
    return RawEntry(
        url=canonical,
        title=title.strip(),
        text=text,
        html=sanitise_html(body_html, base_url=url),
        published_at=_published(
            root, meta, page_text, getattr(document, "date", None), now=now, tz=tz
        ),
        author=author,
        guid=canonical,
        extra={"source": source} if source else {},
    )


def _mostly_links(text: str, page: lxml_html.HtmlElement) -> bool:
    """A menu or a list of headlines is not an article, however it was extracted:
    true when little is left of `text` once the page's link texts are taken out."""
    rest = "".join(text.split())
    total = len(rest)
    anchors = {"".join(a.text_content().split()) for a in page.iter("a")}
    for anchor in sorted((a for a in anchors if len(a) >= 2), key=len, reverse=True):
        rest = rest.replace(anchor, "")
    return total == 0 or len(rest) < 0.2 * total


def _meta(root: lxml_html.HtmlElement) -> dict[str, str]:
    """<meta name|property|itemprop=... content=...>, names lower-cased, first wins."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        name = el.get("name") or el.get("property") or el.get("itemprop") or ""
        content = (el.get("content") or "").strip()
        if name and content:
            found.setdefault(name.strip().lower(), content)
    return found


def _first(meta: dict[str, str], names: tuple[str, ...]) -> str:
    return next((meta[n] for n in names if meta.get(n)), "")


def _published(
    root: lxml_html.HtmlElement,
    meta: dict[str, str],
    page_text: str,
    day: str | None,
    *,
    now: datetime,
    tz: tzinfo,
) -> datetime | None:
    candidates = [meta[n] for n in _DATE_META if n in meta]
    candidates += _JSONLD_DATE.findall(
        " ".join(root.xpath("//script[@type='application/ld+json']/text()"))
    )
    candidates += [t.get("datetime", "") for t in root.iter("time") if t.get("datetime")][:1]
    for pattern in (_LABELLED_DATE, _SOURCE_DATE):
        if m := pattern.search(page_text):
            candidates.append(m.group(1))
    if day:
        candidates.append(day)
    for raw in candidates:
        when = parse_published(raw.replace("：", ":"), now=now, tz=tz)
        if when is not None:
            return when
    return None
