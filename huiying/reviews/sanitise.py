"""The body of a draft as stored: a small set of formatting tags, nothing that runs.

Drafts are written here or pasted from Word, so the cleaner is stricter than the one for
source pages (huiying.core.sanitise): no styles or classes, images only inline (data:)
or from our own site (relative), links only to web and mail addresses or this site. The
URL rules are the ones the document renderer applies again on export
(huiying.documents.sanitise); this module adds Word's debris and the editor's tag set."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3

from huiying.documents.sanitise import DATA_IMAGE_RE, is_relative, safe_href

TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "b", "i", "u",
        "br", "img", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# Word wraps its settings and styles in these; their text must not leak into the body.
_DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "xml", "title", "head", "iframe", "object", "embed", "noscript",
        "template", "textarea", "select", "svg", "math",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_SPAN = re.compile(r"^\d{1,3}$")


def _attribute(tag: str, name: str, value: str) -> str | None:
    value = value.strip()
    if tag == "img" and name == "src":
        return value if DATA_IMAGE_RE.match(value) or is_relative(value) else None
    if tag == "a" and name == "href":
        # safe_href keeps http(s), mailto and scheme-less links; of those, only a
        # same-site path may lack a scheme ("//host" points elsewhere).
        href = safe_href(value)
        return href if href and (_SCHEME.match(href) or is_relative(href)) else None
    if name in ("colspan", "rowspan"):
        return value if _SPAN.match(value) else None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        attribute_filter=_attribute,
        # Scheme checks are done in _attribute (data: only for images), so every
        # scheme passes here and relative URLs are kept as they are.
        url_schemes={"http", "https", "mailto", "data"},
        url_relative="pass_through",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Word's namespaced tags (<o:p>, <v:shape>) carry no content worth keeping as markup.
_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|&nbsp;|\u00a0|<br>)*</p>")


def clean_body(html: str) -> str:
    """Safe HTML for a draft body (see module doc); empty paragraphs are dropped."""
    cleaned = _cleaner().clean(html or "")
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()
