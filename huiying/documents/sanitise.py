"""Cleaning of RichText fragments and of caller-supplied links.

RichText is meant to arrive sanitised, but every renderer cleans it again: exports leave the
app, and a fragment stored before a rule change must not carry anything executable.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import nh3
from lxml import html as lxml_html

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "b", "i", "u", "br",
    "img", "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$", re.I)
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = {"http", "https", "mailto"}


def safe_href(href: str) -> str:
    """The link if it is http(s), mailto or relative; "" otherwise (javascript:, data:, …)."""
    href = href.strip()
    match = _SCHEME_RE.match(href)
    if match is None:
        return href
    return href if match.group(1).lower() in _LINK_SCHEMES else ""


def is_relative(url: str) -> bool:
    """A same-site URL: no scheme, and not "//host/…" or "\\host" (another site)."""
    url = url.strip()
    return _SCHEME_RE.match(url) is None and not url.startswith(("//", "\\"))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_href(value) or None
    if tag == "img" and attribute == "src":
        # Images come embedded or from the app itself; a remote src would leak the reader.
        if DATA_IMAGE_RE.match(value) or is_relative(value):
            return value
        return None
    if attribute in {"width", "height", "colspan", "rowspan"}:
        return value if value.isdigit() else None
    return value


def clean_html(fragment: str) -> str:
    """The fragment reduced to the allowed tags and attributes; scripts and styles removed."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def inline_images(fragment: str, load: Callable[[str], bytes | None]) -> str:
    """Replace relative <img src> with data: URIs so the image travels inside DOCX and PDF.

    `load(src)` returns the image bytes (e.g. from the app's media storage) or None to drop
    the image. Exports never fetch anything themselves; this is how stored drafts with
    uploaded pictures keep them.
    """
    cleaned = clean_html(fragment)
    if "<img" not in cleaned:
        return cleaned
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    for img in root.iter("img"):
        src = img.get("src", "")
        if not src or DATA_IMAGE_RE.match(src):
            continue
        data = load(src)
        kind = _image_kind(data) if data else None
        if data is None or kind is None:
            img.attrib.pop("src", None)
            continue
        img.set("src", f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}")
    inner = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return clean_html(inner)


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return None
