"""SentimentModel: fold → parts (own words, hashtags, quoted reposts) → emoji and word
evidence → a small linear layer → label and score."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from huiying.core.segment import Segmenter
from huiying.core.sentiment.features import Evidence, Linear, features, read_linear
from huiying.core.sentiment.lexicon import DATA_DIR, Lexicon, load_lexicon
from huiying.core.sentiment.parts import bracket_emoji, split_parts, strip_bracket_emoji
from huiying.core.sentiment.rules import Scanner, Tally, grammar_words
from huiying.core.text import fold

Label = Literal["pos", "neg", "neu"]
WEIGHTS_FILE = "weights.json"
# Without a linear layer: |net evidence| below this is neutral.
NEUTRAL_BAND = 0.3
# A repeated emoji ([怒][怒][怒]) adds half its weight per repeat, up to 2x.
EMOJI_REPEAT = 0.5
EMOJI_CAP = 2.0


@dataclass(frozen=True)
class Sentiment:
    label: Label
    score: float  # in [-1, 1]; negative means negative


class SentimentModel:
    def __init__(self, lexicon: Lexicon, linear: Linear | None = None) -> None:
        self.lexicon = lexicon
        self.linear = linear
        self._segmenter = Segmenter([*lexicon.user_words(), *grammar_words()])
        self._scanner = Scanner(lexicon)
        # Unicode emoji are single code points (a trailing variation selector is ignored).
        symbols = sorted({k[0] for k in lexicon.emoji if not k.startswith("[")})
        self._emoji_re = re.compile("[" + "".join(map(re.escape, symbols)) + "]")

    @classmethod
    def load(cls, directory: Path | None = None, *, rules_only: bool = False) -> SentimentModel:
        """The model shipped in the package (or one in `directory`). Loading segments
        nothing yet but builds a segmenter with the lexicon; keep the instance."""
        return _load(directory or DATA_DIR, rules_only)

    def evidence(self, text: str) -> Evidence:
        folded = fold(text)
        lex = self.lexicon
        tally = Tally()
        pos = neg = emoji_pos = emoji_neg = 0.0
        for part in split_parts(folded):
            emoji_sum = 0.0
            for code, n in _counts(bracket_emoji(part.text)).items():
                w = lex.emoji.get(code)
                if w is not None:
                    emoji_sum += w * min(1 + EMOJI_REPEAT * (n - 1), EMOJI_CAP)
            body = strip_bracket_emoji(part.text)
            for char, n in _counts(self._emoji_re.findall(body)).items():
                emoji_sum += lex.emoji[char] * min(1 + EMOJI_REPEAT * (n - 1), EMOJI_CAP)
            if emoji_sum > 0:
                emoji_pos += emoji_sum * part.weight
            else:
                emoji_neg -= emoji_sum * part.weight
            before = len(tally.sentences)
            grievance_before = tally.grievance
            self._scanner.scan(self._segmenter.cut(body), tally)
            tally.grievance = grievance_before + (tally.grievance - grievance_before) * part.weight
            for sentence in tally.sentences[before:]:
                for v in sentence:
                    if v > 0:
                        pos += v * part.weight
                    else:
                        neg -= v * part.weight
        return Evidence(
            pos=pos + emoji_pos,
            neg=neg + emoji_neg,
            emoji_pos=emoji_pos,
            emoji_neg=emoji_neg,
            grievance=tally.grievance,
            news=tally.news,
            rhetorical=tally.rhetorical,
            questions=tally.questions,
            exclaims=tally.exclaims,
            chars=len(folded),
            digits=sum(folded.count(d) for d in "0123456789"),
        )

    def decide(self, ev: Evidence) -> Sentiment:
        if self.linear is None:
            net = ev.net
            label: Label = "pos" if net > NEUTRAL_BAND else "neg" if net < -NEUTRAL_BAND else "neu"
            return Sentiment(label, round(math.tanh(net / 2), 4))
        p_neg, p_neu, p_pos = self.linear.probabilities(features(ev))
        top = max(p_neg, p_neu, p_pos)
        label = "pos" if top == p_pos else "neg" if top == p_neg else "neu"
        return Sentiment(label, round(p_pos - p_neg, 4))

    def score(self, text: str) -> Sentiment:
        return self.decide(self.evidence(text))

    def score_many(self, texts: Iterable[str]) -> list[Sentiment]:
        return [self.score(t) for t in texts]


def _counts(codes: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return counts


@lru_cache(maxsize=4)
def _load(directory: Path, rules_only: bool) -> SentimentModel:
    linear = None if rules_only else read_linear(directory / WEIGHTS_FILE)
    return SentimentModel(load_lexicon(directory), linear)
