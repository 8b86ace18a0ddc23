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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import zhconv_rs

from huiying.demo import vocab
from huiying.demo.complaints import SyntheticComplaint, generate_complaints
from huiying.demo.compose import Composer, Family, Sentiment, Story
from huiying.demo.slots import story_slots
from huiying.demo.topics import Topic, all_topics

__all__ = [
    "SyntheticComplaint",
    "SyntheticItem",
    "generate_complaints",
    "generate_items",
]

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


def _full_width(text: str) -> str:
    # Ten str.replace calls beat str.translate, which is slow on non-ASCII text.
    for half, full in _FULLWIDTH:
        text = text.replace(half, full)
    return text


def _hant(text: str) -> str:
    return str(zhconv_rs.zhconv(text, "zh-hant"))


def _recent(rng: random.Random, seq: deque[Story] | deque[Family], mean: float) -> int:
    """Index into `seq`, biased to its newest end."""
    back = int(rng.expovariate(1.0 / mean))
    return max(0, len(seq) - 1 - back)


def _tone(rng: random.Random, topic: Topic) -> Sentiment:
    return rng.choices(TONES, topic.weights)[0]


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
    comp = Composer(rng, length)
    topics = all_topics()
    stories: deque[Story] = deque(maxlen=300)
    families: deque[Family] = deque(maxlen=800)
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
            like = (
                stories[_recent(rng, stories, 20.0)]
                if stories and rng.random() < _SIBLING
                else None
            )
            topic = like.topic if like else rng.choice(topics)
            slots = story_slots(rng, topic, when, like.slots if like else None)
            outlet = like.outlet if like else comp.outlet(hant)
            story = Story(f"st{seed}-{story_count:06d}", topic, _tone(rng, topic), slots, outlet)
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
    return f"https://{outlet.domain}/{when.year}{when.month:02d}/{when.day:02d}/{item_id}.html"


def _author(rng: random.Random, outlet: vocab.Outlet) -> str:
    if outlet.register == "news":
        return outlet.name
    if rng.random() < 0.6:
        return f"网友{rng.getrandbits(16):04x}"
    return f"用户{rng.randint(100000, 999999)}"


def _original(
    comp: Composer,
    story: Story,
    tone: Sentiment,
    outlet: vocab.Outlet,
    item_id: str,
    when: datetime,
    families: deque[Family],
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
    families.append(Family(item_id, story, tone, title, paras, outlet))
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


def _repost(comp: Composer, fam: Family, item_id: str, when: datetime, hant: bool) -> SyntheticItem:
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
