"""Traditional characters inside a Simplified text, and Simplified inside a Traditional one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import zhconv_rs
from numpy.typing import NDArray

from huiying.core.proofread.model import Finding, finding
from huiying.core.text import to_simplified


@dataclass(frozen=True, slots=True)
class ScriptViews:
    """`text` converted each way (same length as `text`), and where each conversion
    changed it: the Traditional-only and the Simplified-only characters."""

    simplified: str
    traditional: str
    traditional_only: NDArray[np.intp]
    simplified_only: NDArray[np.intp]

    @property
    def is_traditional(self) -> bool | None:
        """True for a mainly Traditional text, False for Simplified, None when undecided."""
        trad, simp = len(self.traditional_only), len(self.simplified_only)
        return None if trad == simp else trad > simp


def script_views(text: str) -> ScriptViews:
    """Where a whole-text conversion changes the length (rare), characters are
    converted one by one so that offsets still line up."""
    simplified = to_simplified(text)
    traditional = str(zhconv_rs.zhconv(text, "zh-hant"))
    if len(simplified) != len(text):
        simplified = "".join(_one(ch, "zh-hans") for ch in text)
    if len(traditional) != len(text):
        traditional = "".join(_one(ch, "zh-hant") for ch in text)
    original = _code_points(text)
    same_simplified = original == _code_points(simplified)
    # Variant Traditional forms (裏 for 裡, 爲 for 為) change both ways: they count as
    # Traditional, never as Simplified.
    simplified_only = (original != _code_points(traditional)) & same_simplified
    return ScriptViews(
        simplified,
        traditional,
        np.flatnonzero(~same_simplified),
        np.flatnonzero(simplified_only),
    )


def _one(ch: str, locale: Literal["zh-hans", "zh-hant"]) -> str:
    converted = str(zhconv_rs.zhconv(ch, locale))
    return converted if len(converted) == 1 else ch


def _code_points(text: str) -> NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def script(text: str, views: ScriptViews) -> list[Finding]:
    """Each run of characters in the minority script, with its conversion."""
    is_trad = views.is_traditional
    if is_trad is None:
        return []
    if is_trad:
        positions, other, own, label = views.simplified_only, views.traditional, "繁体", "简体"
    else:
        positions, other, own, label = views.traditional_only, views.simplified, "简体", "繁体"
    return [
        finding(
            text,
            "script",
            start,
            end,
            f"{own}文本中出现{label}字“{text[start:end]}”",
            other[start:end],
        )
        for start, end in _runs(positions.tolist())
    ]


def _runs(positions: Iterable[int]) -> Iterator[tuple[int, int]]:
    start = end = -1
    for pos in positions:
        if pos == end:
            end += 1
            continue
        if start >= 0:
            yield start, end
        start, end = pos, pos + 1
    if start >= 0:
        yield start, end
