"""Composes one article (title and paragraphs) from a story's topic templates and slots.

The generator's hot path: picks use rng.random() with indexing rather than choice,
sample or randint, which cost several times more per call.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from math import gcd
from typing import ClassVar, Literal, TypeVar

from huiying.demo import fillers, vocab
from huiying.demo.topics import Topic

Sentiment = Literal["pos", "neg", "neu"]


@dataclass(slots=True)
class Story:
    id: str
    topic: Topic
    tone: Sentiment
    slots: dict[str, str]
    outlet: vocab.Outlet


@dataclass(slots=True)
class Family:
    id: str
    story: Story
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


def pick(r: Callable[[], float], seq: Sequence[_T]) -> _T:
    return seq[int(r() * len(seq))]


class _FreshNumbers(dict[str, str]):
    """Story slots plus {x1} {x2} {x3}: a new number at each use, so background
    sentences do not all repeat one figure."""

    _RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "x1": (2, 8),
        "x2": (10, 80),
        "x3": (100, 4900),
    }

    def __init__(self, slots: dict[str, str], r: Callable[[], float]) -> None:
        super().__init__(slots)
        self._r = r

    def __missing__(self, key: str) -> str:
        lo, span = self._RANGES[key]
        return str(lo + int(self._r() * span))


class Composer:
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
        outlet = pick(r, pool)
        if outlet is avoid:
            outlet = pick(r, pool)
        return outlet

    def boilerplate(self, outlet: vocab.Outlet, when: datetime, *, own: bool) -> tuple[str, str]:
        rng = self.rng
        if outlet.register == "post":
            header, footer = pick(rng.random, vocab.POST_BOILERPLATES)
        else:
            index = self.bp_of[outlet.name] if own else int(rng.random() * len(vocab.BOILERPLATES))
            header, footer = vocab.BOILERPLATES[index]
        fill = {
            "outlet": outlet.name,
            "ts": f"{when.year}-{when.month:02d}-{when.day:02d} {when.hour:02d}:{when.minute:02d}",
            "editor": pick(rng.random, vocab.EDITORS),
            "views": str(30 + int(rng.random() * 9000)),
        }
        return header.format_map(fill), footer.format_map(fill)

    def article(
        self, story: Story, tone: Sentiment, register: vocab.Register, budget: int
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
        title = pick(r, title_pool or topic.titles["neu"]).format_map(slots)

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
            extra = pick(r, extras)
            if extra not in middle:
                middle.insert(int(r() * (len(middle) + 1)), extra)
        quotes = topic.quotes[tone]
        if quotes:
            middle.insert(min(2, len(middle)), pick(r, quotes))
        if response:
            middle.append(pick(r, response))

        first = pick(r, lead).format_map(slots)
        last = pick(r, closing).format_map(slots)
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
        n_claims, n_forms = len(all_forms), len(all_forms[0])
        at = int(r() * n_claims)
        stride = pick(r, _CLAIM_STRIDES)  # coprime to n_claims: visits each claim once
        for _ in range(n_claims):
            if total >= target:
                break
            at = (at + stride) % n_claims
            sentence = all_forms[at][int(r() * n_forms)].format_map(slots)
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
