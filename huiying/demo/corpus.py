"""Synthetic Chinese items about the public work of the fictional 青川市, with ground truth.

Each item belongs to a story (one concrete matter: this elevator in this 小区) and to a
family (one article and its reposts). Originals are composed from topic templates; a
repost copies an earlier family's article the way sites really do: another site's
header and footer, Traditional script, full-width digits, an added intro, only the lead
paragraphs, or a few characters changed. Some new stories share district, street, road
and site template with a recent one, as hard negatives for event grouping.

Deterministic for a seed, and fast enough to feed a 100k-item benchmark.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import gcd
from typing import ClassVar, Literal, TypeVar

import zhconv_rs

from huiying.demo import fillers, vocab
from huiying.demo.complaints import SyntheticComplaint, generate_complaints
from huiying.demo.slots import story_slots
from huiying.demo.topics import Topic, all_topics

__all__ = [
    "SyntheticComplaint",
    "SyntheticItem",
    "generate_complaints",
    "generate_items",
]

Sentiment = Literal["pos", "neg", "neu"]
TONES: tuple[Sentiment, ...] = ("pos", "neg", "neu")
_FULLWIDTH = tuple(zip("0123456789", "０１２３４５６７８９", strict=True))
_REPOST_MODES = ("boilerplate", "width", "intro", "excerpt", "edit")
_NEW_STORY = 0.45  # share of originals that open a new story
_SIBLING = 0.25  # share of new stories that copy a recent story's place (hard negatives)


@dataclass(slots=True)
class SyntheticItem:
    id: str
    title: str
    text: str
    url: str
    source_name: str
    author: str  # the outlet, or an anonymous-looking handle: a citation, never a person list
    published_at: datetime
    story_id: str  # ground truth: which concrete matter (event grouping)
    family_id: str  # ground truth: id of the first item of its near-duplicate family
    sentiment: Sentiment
    script: Literal["hans", "hant"]
    topic: str = ""


@dataclass(slots=True)
class _Story:
    id: str
    topic: Topic
    tone: Sentiment
    slots: dict[str, str]
    outlet: vocab.Outlet


@dataclass(slots=True)
class _Family:
    id: str
    story: _Story
    tone: Sentiment
    title: str  # Simplified, no site boilerplate
    paras: list[str]
    outlet: vocab.Outlet


# Every opener + claim + tail, joined once: per claim, one pick instead of three.
_FILLERS = tuple(
    tuple(o + c + t for o in fillers.OPENERS for t in fillers.TAILS) for c in fillers.CLAIMS
)
_POST_FILLERS = tuple(
    tuple(o + c + t for o in fillers.POST_OPENERS for t in fillers.TAILS) for c in fillers.CLAIMS
)
_CLAIM_STRIDES = tuple(s for s in range(1, len(_FILLERS)) if gcd(s, len(_FILLERS)) == 1)
_T = TypeVar("_T")


def _pick(r: Callable[[], float], seq: Sequence[_T]) -> _T:
    return seq[int(r() * len(seq))]


def _full_width(text: str) -> str:
    # Ten str.replace calls beat str.translate, which is slow on non-ASCII text.
    for half, full in _FULLWIDTH:
        text = text.replace(half, full)
    return text


def _hant(text: str) -> str:
    return str(zhconv_rs.zhconv(text, "zh-hant"))


def _recent(rng: random.Random, seq: deque[_Story] | deque[_Family], mean: float) -> int:
    """Index into `seq`, biased to its newest end."""
    back = int(rng.expovariate(1.0 / mean))
    return max(0, len(seq) - 1 - back)


def _tone(rng: random.Random, topic: Topic) -> Sentiment:
    return rng.choices(TONES, topic.weights)[0]


class _FreshNumbers(dict[str, str]):
    """Story slots plus {x1} {x2} {x3}: a new number at each use, so background
    sentences do not all repeat one figure."""

    _RANGES: ClassVar[dict[str, tuple[int, int]]] = {"x1": (2, 8), "x2": (10, 80), "x3": (100, 4900)}

    def __init__(self, slots: dict[str, str], r: Callable[[], float]) -> None:
        super().__init__(slots)
        self._r = r

    def __missing__(self, key: str) -> str:
        lo, span = self._RANGES[key]
        return str(lo + int(self._r() * span))


class _Composer:
    """Builds one article's title and paragraphs; holds the per-run constants."""

    def __init__(self, rng: random.Random, length: tuple[int, int]) -> None:
        self.rng = rng
        self.lo, self.hi = length
        self.outlets_hans = [o for o in vocab.OUTLETS if o.script == "hans"]
        self.outlets_hant = [o for o in vocab.OUTLETS if o.script == "hant"]
        self.bp_of = {o.name: i % len(vocab.BOILERPLATES) for i, o in enumerate(vocab.OUTLETS)}

    def outlet(self, hant: bool, avoid: vocab.Outlet | None = None) -> vocab.Outlet:
        pool = self.outlets_hant if hant else self.outlets_hans
        r = self.rng.random
        outlet = _pick(r, pool)
        if outlet is avoid:
            outlet = _pick(r, pool)
        return outlet

    def boilerplate(self, outlet: vocab.Outlet, when: datetime, *, own: bool) -> tuple[str, str]:
        rng = self.rng
        if outlet.register == "post":
            header, footer = _pick(rng.random, vocab.POST_BOILERPLATES)
        else:
            index = self.bp_of[outlet.name] if own else int(rng.random() * len(vocab.BOILERPLATES))
            header, footer = vocab.BOILERPLATES[index]
        fill = {
            "outlet": outlet.name,
            "ts": f"{when:%Y-%m-%d %H:%M}",
            "editor": _pick(rng.random, vocab.EDITORS),
            "views": str(30 + int(rng.random() * 9000)),
        }
        return header.format_map(fill), footer.format_map(fill)

    def article(
        self, story: _Story, tone: Sentiment, register: vocab.Register, budget: int
    ) -> tuple[str, list[str]]:
        """Title and paragraphs, the paragraphs' total length in [lo, budget]."""
        # rng.random() with indexing instead of choice/sample/randint: 5x cheaper, and
        # this loop is the generator's hot path.
        r = self.rng.random
        topic, slots = story.topic, story.slots
        if register == "post":
            title_pool = vocab.POST_TITLES[tone] if r() < 0.5 else topic.titles[tone]
            lead, closing = vocab.POST_OPENERS[tone], vocab.POST_CLOSERS[tone]
            response: tuple[str, ...] = ()
        else:
            title_pool = topic.titles[tone]
            lead, closing = vocab.LEADS[tone], vocab.CLOSINGS[tone]
            response = vocab.RESPONSES[tone]
        title = _pick(r, title_pool or topic.titles["neu"]).format_map(slots)

        slots = _FreshNumbers(slots, r)
        # A subset of the story's facts: two articles on one story overlap, not coincide.
        body = topic.body[tone]
        k = len(body)
        offset = int(r() * k)
        middle = list(body[offset:] + body[:offset])
        if r() < 0.5:
            middle.reverse()
        del middle[max(1, (k * 2) // 5) + int(r() * (k * 2 // 5 + 1)) :]
        extras = fillers.TONE_EXTRAS[tone]
        for _ in range(int(r() * 3)):
            extra = _pick(r, extras)
            if extra not in middle:
                middle.insert(int(r() * (len(middle) + 1)), extra)
        quotes = topic.quotes[tone]
        if quotes:
            middle.insert(min(2, len(middle)), _pick(r, quotes))
        if response:
            middle.append(_pick(r, response))

        first = _pick(r, lead).format_map(slots)
        last = _pick(r, closing).format_map(slots)
        target = self.lo + int(r() * (self.hi - self.lo + 1))
        limit = min(budget, self.hi)
        total = len(first) + len(last)
        sentences = [first]
        for template in middle:
            if total >= target:
                break
            sentence = template.format_map(slots)
            if total + len(sentence) <= limit:
                sentences.append(sentence)
                total += len(sentence)
        all_forms = _POST_FILLERS if register == "post" else _FILLERS
        n_claims = len(all_forms)
        at = int(r() * n_claims)
        stride = _pick(r, _CLAIM_STRIDES)  # coprime to n_claims: visits each claim once
        for _ in range(n_claims):
            if total >= target:
                break
            at = (at + stride) % n_claims
            forms = all_forms[at]
            sentence = forms[int(r() * len(forms))].format_map(slots)
            if total + len(sentence) <= limit:
                sentences.append(sentence)
                total += len(sentence)
        sentences.append(last)

        paras: list[str] = []
        i, n = 0, len(sentences)
        while i < n:
            step = 1 + int(r() * 3)
            paras.append("".join(sentences[i : i + step]))
            i += step
        # Each paragraph break costs two characters: merge the tail until within limit.
        while len(paras) > 1 and total + 2 * (len(paras) - 1) > limit:
            paras[-2:] = [paras[-2] + paras[-1]]
        return title, paras

    def light_edit(self, text: str) -> str:
        """1–12 single-character substitutions, deletions or insertions."""
        rng = self.rng
        chars = list(text)
        for _ in range(rng.randint(1, 12)):
            pos = rng.randrange(len(chars))
            if chars[pos] == "\n":
                continue
            op = rng.random()
            if op < 0.4:
                chars[pos] = rng.choice(vocab.EDIT_CHARS)
            elif op < 0.7 and len(chars) > 1:
                del chars[pos]
            else:
                chars.insert(pos, rng.choice(vocab.EDIT_CHARS))
        return "".join(chars)


def generate_items(
    n: int,
    *,
    seed: int = 0,
    start: datetime,
    length: tuple[int, int] = (200, 800),
    trad_share: float = 0.15,
    repost_share: float = 0.3,
    mean_gap_s: float = 60.0,
) -> Iterator[SyntheticItem]:
    """`n` items in publication order from `start` (aware), about `mean_gap_s` apart.

    An original's text length lies in `length`; a repost may be shorter (an excerpt) or
    longer (added boilerplate or intro) than its original. About `trad_share` of items
    are in Traditional script and `repost_share` are reposts of an earlier family.
    """
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    rng = random.Random(seed)
    comp = _Composer(rng, length)
    topics = all_topics()
    stories: deque[_Story] = deque(maxlen=300)
    families: deque[_Family] = deque(maxlen=800)
    story_count = 0
    when = start
    rate = 1.0 / mean_gap_s
    for index in range(n):
        when += timedelta(seconds=rng.expovariate(rate))
        item_id = f"s{seed}-{index:07d}"
        hant = rng.random() < trad_share
        if families and rng.random() < repost_share:
            fam = families[_recent(rng, families, 40.0)]
            yield _repost(comp, fam, item_id, when, hant)
            continue

        if not stories or rng.random() < _NEW_STORY:
            like = stories[_recent(rng, stories, 20.0)] if stories and rng.random() < _SIBLING else None
            topic = like.topic if like else rng.choice(topics)
            slots = story_slots(rng, topic, when, like.slots if like else None)
            outlet = like.outlet if like else comp.outlet(hant)
            story = _Story(f"st{seed}-{story_count:06d}", topic, _tone(rng, topic), slots, outlet)
            story_count += 1
            stories.append(story)
        else:
            story = stories[_recent(rng, stories, 30.0)]
            outlet = comp.outlet(hant, avoid=story.outlet)
        if outlet.script != ("hant" if hant else "hans"):
            outlet = comp.outlet(hant)
        tone = story.tone if rng.random() < 0.7 else _tone(rng, story.topic)
        yield _original(comp, story, tone, outlet, item_id, when, families)


def _url(outlet: vocab.Outlet, item_id: str, when: datetime) -> str:
    if outlet.register == "post":
        return f"https://{outlet.domain}/thread-{item_id}.html"
    return f"https://{outlet.domain}/{when:%Y%m}/{when.day:02d}/{item_id}.html"


def _author(rng: random.Random, outlet: vocab.Outlet) -> str:
    if outlet.register == "news":
        return outlet.name
    if rng.random() < 0.6:
        return f"网友{rng.getrandbits(16):04x}"
    return f"用户{rng.randint(100000, 999999)}"


def _original(
    comp: _Composer,
    story: _Story,
    tone: Sentiment,
    outlet: vocab.Outlet,
    item_id: str,
    when: datetime,
    families: deque[_Family],
) -> SyntheticItem:
    header = footer = ""
    budget = comp.hi
    if outlet.templated:
        header, footer = comp.boilerplate(outlet, when, own=True)
        extra = len(header) + len(footer) + 4
        if extra * 2 < comp.lo:
            budget -= extra
        else:
            header = footer = ""
    title, paras = comp.article(story, tone, outlet.register, budget)
    families.append(_Family(item_id, story, tone, title, paras, outlet))
    text = "\n\n".join(paras)
    if header:
        text = f"{header}\n\n{text}\n\n{footer}"
    hant = outlet.script == "hant"
    if hant:
        title, text = _hant(title), _hant(text)
    return SyntheticItem(
        id=item_id,
        title=title,
        text=text,
        url=_url(outlet, item_id, when),
        source_name=outlet.name,
        author=_author(comp.rng, outlet),
        published_at=when,
        story_id=story.id,
        family_id=item_id,
        sentiment=tone,
        script="hant" if hant else "hans",
        topic=story.topic.code,
    )


def _repost(
    comp: _Composer, fam: _Family, item_id: str, when: datetime, hant: bool
) -> SyntheticItem:
    rng = comp.rng
    outlet = comp.outlet(hant, avoid=fam.outlet)
    modes = rng.sample(_REPOST_MODES, rng.randint(1, 3))
    paras = fam.paras
    if "excerpt" in modes and len(paras) > 2:
        # The lead paragraphs, 40–70% of the article: less would not be a copy of it.
        want = sum(map(len, paras)) * (0.4 + 0.3 * rng.random())
        got = keep = 0
        while got < want:
            got += len(paras[keep])
            keep += 1
        paras = paras[:keep]
    body = "\n\n".join(paras)
    if "edit" in modes:
        body = comp.light_edit(body)
    slots = {
        "noun": fam.story.topic.noun,
        "title": fam.title,
        "source": fam.outlet.name,
        "district": fam.story.slots["district"],
    }
    if "intro" in modes:
        body = rng.choice(vocab.REPOST_INTROS).format_map(slots) + "\n\n" + body
    if "boilerplate" in modes or outlet.templated:
        header, footer = comp.boilerplate(outlet, when, own=outlet.templated)
        body = f"{header}\n\n{body}\n\n{footer}"
    title = rng.choice(vocab.REPOST_TITLE_FORMS).format(t=fam.title, source=outlet.name)
    if "width" in modes:
        body, title = _full_width(body), _full_width(title)
    if hant:
        title, body = _hant(title), _hant(body)
    return SyntheticItem(
        id=item_id,
        title=title,
        text=body,
        url=_url(outlet, item_id, when),
        source_name=outlet.name,
        author=_author(rng, outlet),
        published_at=when,
        story_id=fam.story.id,
        family_id=fam.id,
        sentiment=fam.tone,
        script="hant" if hant else "hans",
        topic=fam.story.topic.code,
    )
