"""From a text's tallied evidence to a short feature vector, and the linear layer that
turns it into class probabilities (multinomial logistic regression)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS = ("neg", "neu", "pos")
# Keeps one weak word ("通车" in a news report) from reading as a one-sided text.
BALANCE_DAMPING = 1.5
FEATURE_NAMES = (
    "bias",
    "log_pos",
    "log_neg",
    "balance",
    "log_emoji_pos",
    "log_emoji_neg",
    "log_grievance",
    "log_news",
    "rhetorical",
    "questions",
    "exclaims",
    "log_chars",
    "no_evidence",
    "digit_share",
)


@dataclass(frozen=True)
class Evidence:
    """What the rules found in one text. Sums are already weighted by part
    (own words, hashtag, quoted repost) and include emoji."""

    pos: float
    neg: float
    emoji_pos: float
    emoji_neg: float
    grievance: float
    news: int
    rhetorical: int
    questions: int
    exclaims: int
    chars: int
    digits: int

    @property
    def net(self) -> float:
        return self.pos - self.neg


def features(ev: Evidence) -> list[float]:
    return [
        1.0,
        math.log1p(ev.pos),
        math.log1p(ev.neg),
        (ev.pos - ev.neg) / (ev.pos + ev.neg + BALANCE_DAMPING),
        math.log1p(ev.emoji_pos),
        math.log1p(ev.emoji_neg),
        math.log1p(ev.grievance),
        math.log1p(ev.news),
        min(ev.rhetorical, 3) / 3,
        min(ev.questions, 3) / 3,
        min(ev.exclaims, 3) / 3,
        math.log1p(ev.chars) / 6,
        1.0 if ev.pos + ev.neg == 0 else 0.0,
        ev.digits / max(ev.chars, 1),
    ]


@dataclass(frozen=True)
class Linear:
    """One row of weights per label in LABELS, one column per FEATURE_NAMES."""

    rows: tuple[tuple[float, ...], ...]

    def probabilities(self, x: Sequence[float]) -> tuple[float, float, float]:
        z = [sum(w * v for w, v in zip(row, x, strict=True)) for row in self.rows]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return e[0] / total, e[1] / total, e[2] / total

    def to_json(self) -> str:
        rows = {
            label: dict(zip(FEATURE_NAMES, row, strict=True))
            for label, row in zip(LABELS, self.rows, strict=True)
        }
        return json.dumps(
            {"labels": LABELS, "features": FEATURE_NAMES, "weights": rows},
            ensure_ascii=False,
            indent=1,
        )


def read_linear(path: Path) -> Linear | None:
    """None when absent or made for another feature set (then the rules decide alone)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        return None
    rows = tuple(
        tuple(float(data["weights"][label][name]) for name in FEATURE_NAMES) for label in LABELS
    )
    return Linear(rows)
