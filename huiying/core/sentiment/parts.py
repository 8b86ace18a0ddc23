"""Cut a folded post into weighted parts: the author's own words, hashtags, and the
quoted repost chain (`转发理由//@甲:…//@乙:…`).

The reposter's own words decide; a quoted chain only tips the balance, except when the
reposter added nothing ("转发微博"), when the first quote stands for their view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"(?:https?://|www\.)[\w\-./?=&%#:~+]*")
_LINK_WORDS = re.compile(r"(?:o?网页链接|展开全文|全文|查看图片|秒拍视频|的微博视频)")
_CHAIN = re.compile(r"//\s*@")
_REPLY = re.compile(r"^\s*回复\s*@[^:\s]{1,30}\s*:")
_MENTION = re.compile(r"@[^\s:,.!?@，。！？：;；、]{1,20}(?=[\s:,.!?@，。！？：;；、]|$)")
_HASHTAG = re.compile(r"#([^#\n]{1,60})#")
_BRACKET_EMOJI = re.compile(r"\[[^\[\]\s]{1,10}\]")
_EMPTY_REPOST = re.compile(r"^[\s,.!，。！]*(?:转发微博|转发|repost|轉發微博)?[\s,.!，。！]*$")

OWN_WEIGHT = 1.0
HASHTAG_WEIGHT = 0.5
# Weight of the 1st, 2nd, 3rd… quoted layer when the reposter wrote something.
QUOTE_WEIGHTS = (0.35, 0.2, 0.1)
# Weight of the first quoted layer when the reposter wrote nothing of their own.
SILENT_REPOST_WEIGHT = 0.8


@dataclass(frozen=True)
class Part:
    text: str
    weight: float
    quoted: bool = False


def _clean(text: str) -> str:
    text = _URL.sub(" ", text)
    text = _LINK_WORDS.sub(" ", text)
    return _MENTION.sub(" ", text)


def _with_hashtags(text: str, weight: float, quoted: bool) -> list[Part]:
    tags = _HASHTAG.findall(text)
    body = _HASHTAG.sub("，", text)
    parts = [Part(body, weight, quoted)]
    parts.extend(Part(tag, weight * HASHTAG_WEIGHT, quoted) for tag in tags)
    return parts


def split_parts(folded: str) -> list[Part]:
    """Weighted parts of a folded text. Plain news or a letter is a single part."""
    layers = _CHAIN.split(folded)
    own = _REPLY.sub("", layers[0])
    quotes = []
    for layer in layers[1:]:
        # "name:content": the name ends at the first colon (NFKC made ： into :).
        name, sep, content = layer.partition(":")
        quotes.append(content if sep and len(name) <= 30 else layer)

    own = _clean(own)
    parts: list[Part] = []
    silent = bool(quotes) and _EMPTY_REPOST.match(_BRACKET_EMOJI.sub("", own)) is not None
    if not silent:
        parts.extend(_with_hashtags(own, OWN_WEIGHT, quoted=False))
    elif _BRACKET_EMOJI.search(own):
        # An emoji alone is still the reposter's own reaction.
        parts.append(Part(own, OWN_WEIGHT, quoted=False))
    for depth, quote in enumerate(quotes):
        if silent and depth == 0:
            weight = SILENT_REPOST_WEIGHT
        else:
            weight = QUOTE_WEIGHTS[min(depth - silent, len(QUOTE_WEIGHTS) - 1)]
        parts.extend(_with_hashtags(_clean(quote), weight, quoted=True))
    return parts


def bracket_emoji(text: str) -> list[str]:
    return _BRACKET_EMOJI.findall(text)


def strip_bracket_emoji(text: str) -> str:
    return _BRACKET_EMOJI.sub(" ", text)
