"""Safe HTML for display and plain text for analysis, from whatever a source sent."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import nh3
from lxml import etree
from lxml import html as lxml_html

_TAGS = frozenset(
    {
        "p", "br", "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "ul", "ol",
        "li", "blockquote", "h2", "h3", "h4", "img", "table", "caption", "thead",
        "tbody", "tfoot", "tr", "th", "td", "span", "div", "pre", "code", "hr",
        "figure", "figcaption",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Removed together with everything inside them.
_DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select"}
)
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_REL = "noopener noreferrer nofollow"
# Source sites must not learn which office views their images, and many refuse
# hot-linked images that carry a foreign Referer anyway.
_IMG_ATTRS = {"img": {"referrerpolicy": "no-referrer", "loading": "lazy"}}


def sanitise_html(html: str, *, base_url: str | None = None) -> str:
    """HTML that is safe to show: a small set of formatting tags, no scripts, styles,
    frames, event handlers or `javascript:`/`data:` URLs; links get
    rel="noopener noreferrer nofollow". Relative URLs are made absolute against
    `base_url`; without a base they are removed, since they could only point at the
    wrong site."""
    return _cleaner(base_url or "").clean(html)


@lru_cache(maxsize=256)
def _cleaner(base_url: str) -> nh3.Cleaner:
    def make(relative: Literal["deny"] | tuple[Literal["rewrite_with_base"], str]) -> nh3.Cleaner:
        return nh3.Cleaner(
            tags=set(_TAGS),
            clean_content_tags=set(_DROP_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
            url_schemes=set(_URL_SCHEMES),
            link_rel=_LINK_REL,
            strip_comments=True,
            set_tag_attribute_values=_IMG_ATTRS,
            url_relative=relative,
        )

    if base_url:
        try:
            return make(("rewrite_with_base", base_url))
        except ValueError:  # not an absolute URL: treat as no base
            pass
    return make("deny")


_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl",
        "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr",
        "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_SKIP = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SOFT = "\x00"  # a line break in the source markup, not a paragraph
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_SOFT_RUN = re.compile(r"[ \x00]*\x00[ \x00]*")
_CJK_SOFT = re.compile(rf"(?<={_CJK}){_SOFT}(?={_CJK})")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200b]+")


def parse_document(html: str) -> lxml_html.HtmlElement | None:
    """An lxml tree of a page or fragment, or None when there is nothing to parse.

    huge_tree lifts libxml2's nesting limit (~255), which old CMS pages reach with
    an unclosed <font> in every paragraph; without it the rest of the page is lost."""
    html = _CONTROL.sub("", _XML_DECLARATION.sub("", html))
    if not html.strip():
        return None
    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = lxml_html.HTMLParser(huge_tree=True)
        return lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def html_to_text(html: str) -> str:
    """Plain text, one paragraph per line: block elements and <br> break lines,
    entities are unescaped, whitespace is collapsed, script/style content dropped.
    A line break inside the markup between two Chinese characters disappears, as a
    browser would render it."""
    root = parse_document(html)
    return element_to_text(root) if root is not None else ""


def element_to_text(root: lxml_html.HtmlElement) -> str:
    """`html_to_text` for an already parsed element."""
    pieces: list[str] = []
    in_pre = 0
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                pieces.append(_markup_text(el.tail, keep_lines=in_pre > 0))
        elif event == "start":
            if tag in _SKIP:
                walker.skip_subtree()
                continue
            if tag in _BLOCKS:
                pieces.append("\n")
            in_pre += tag == "pre"
            if el.text:
                pieces.append(_markup_text(el.text, keep_lines=in_pre > 0))
        else:
            if tag in _BLOCKS:
                pieces.append("\n")
            elif tag in _CELLS:
                pieces.append(" ")
            in_pre -= tag == "pre"
            if el.tail and el is not root:
                pieces.append(_markup_text(el.tail, keep_lines=in_pre > 0))
    text = _SOFT_RUN.sub(_SOFT, "".join(pieces))
    text = _CJK_SOFT.sub("", text).replace(_SOFT, " ")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _markup_text(text: str, *, keep_lines: bool) -> str:
    if keep_lines:
        return text.replace("\r\n", "\n")
    return re.sub(r"\s*\n\s*", _SOFT, text.replace("\r", "\n"))
