"""Near-duplicate fingerprints: a bottom-k sketch of the prose's character shingles.

Choices, and why:

- Input is *folded* text (`huiying.core.text.fold`), so Traditional/Simplified and
  full/half-width variants of a story give the same shingles. Shingles are 5-character
  grams after punctuation and spaces are removed: long enough that two different stories
  share few of them, short enough that a 1–12 character edit destroys only a few dozen.
- Site chrome is dropped *before* shingling, by structure rather than by word lists.
  The text is cut at sentence ends, line breaks and spaces between Chinese characters,
  and only prose segments are kept: at least `min_segment` characters long and either
  containing a comma or ending a sentence. Bread crumbs, "来源:… 责任编辑:…",
  "【打印】【关闭】", footers with addresses and record numbers have neither, so two
  different stories in one heavy template share almost nothing after this step, while a
  repost under another site's chrome keeps the same prose. Sentences about the page
  rather than the story — reprint and copyright notices ("未经授权,不得转载。"), editor's
  notes, "follow our account" prompts — are dropped by a short list of cue words. A text
  with no prose at all (a post without punctuation) is shingled whole.
- The sketch is bottom-k — the k smallest distinct 32-bit shingle hashes — rather than
  k-permutation MinHash: one hash per shingle instead of k, and two sketches give a
  direct estimate of *containment* (overlap relative to the smaller document), which is
  what excerpts and added intros need: their Jaccard similarity to the original is low,
  their containment high.
- The numbers in the prose are kept too, as a 128-bit set (`figures`): republications
  keep a story's figures, different stories in one template do not (see neardup).
- All per-shingle work is vectorised: code points via `np.frombuffer` of UTF-32, a
  lookup table of letters and digits, a polynomial hash over uint64 (wrapping
  arithmetic) with a multiply-xorshift finish, a sort for the distinct set.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

Hashes = NDArray[np.uint32]

# Segments end at sentence punctuation (after NFKC: ! ? ; are ASCII), line breaks, and
# spaces — except a space before a Latin letter or digit, which is part of the prose.
_SEGMENT = re.compile(r"[^。!?;\n ]+(?: [a-z0-9][^。!?;\n ]*)*[。!?;]?")
_ENDS = frozenset("。!?;")
# Sentences about the page rather than the story: reprint and copyright notices, editor's
# notes, "follow our account" prompts. Dropping a story sentence that happens to match
# costs little, because both copies of a story lose it.
_META = re.compile(
    "转载|转自|版权|免责|侵权|本网|本站|编者按|责任编辑|原标题|公众号|客户端|阅读全文|点击|扫码|二维码"
)

_FORMAT = 2  # 1 had no figures
_HEADER = struct.Struct("<BBHIQQ")  # format, shingle, reserved, set size, figures (2 × 64 bits)
_DIGITS = re.compile(r"\d+")
_LOW64 = (1 << 64) - 1

_MULT = np.uint64(0x100000001B3)  # polynomial base (the FNV-1a 64-bit prime)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)  # a finalising multiplier (from MurmurHash3's fmix64)
_S29 = np.uint64(29)
_S32 = np.uint64(32)
_TABLE_END = 0x30000  # code points past the CJK extension planes are never word characters


@dataclass(frozen=True)
class FingerprintParams:
    shingle: int = 5  # characters per shingle
    sketch_size: int = 128  # k: how many of the smallest hashes are kept
    min_segment: int = 8  # characters a prose segment needs
    seed: int = 0x68756979  # fingerprints made with different seeds never match


DEFAULT = FingerprintParams()


@dataclass(frozen=True)
class Fingerprint:
    """`size` distinct shingles in the prose; `sketch` the smallest of their hashes
    (ascending little-endian uint32, at most k). When `size` equals the number of
    hashes the sketch holds the whole set."""

    size: int
    sketch: bytes
    figures: int = 0  # 128-bit set of the numbers in the prose (one bit per number)
    shingle: int = DEFAULT.shingle

    @property
    def hashes(self) -> Hashes:
        return np.frombuffer(self.sketch, dtype="<u4")

    @property
    def complete(self) -> bool:
        return self.size == len(self.sketch) // 4

    def to_bytes(self) -> bytes:
        low, high = self.figures & _LOW64, self.figures >> 64
        return _HEADER.pack(_FORMAT, self.shingle, 0, self.size, low, high) + self.sketch

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        if len(data) < _HEADER.size or (len(data) - _HEADER.size) % 4:
            raise ValueError("not a fingerprint: wrong length")
        fmt, shingle, _, size, low, high = _HEADER.unpack_from(data)
        if fmt != _FORMAT:
            raise ValueError(f"unknown fingerprint format {fmt}")
        sketch = bytes(data[_HEADER.size :])
        if len(sketch) // 4 > size:
            raise ValueError("not a fingerprint: sketch longer than the set")
        return cls(size=size, sketch=sketch, figures=low | high << 64, shingle=shingle)


def prose(folded: str, min_segment: int = DEFAULT.min_segment) -> str:
    """The prose of a folded text: segments with a comma or a sentence end, long enough,
    and not about the page itself. The whole text when there is no such segment."""
    kept = [
        seg
        for seg in _SEGMENT.findall(folded)
        if len(seg) >= min_segment and (seg[-1] in _ENDS or "," in seg)
    ]
    if _META.search(folded):
        kept = [seg for seg in kept if not _META.search(seg)]
    return "".join(kept) if kept else folded


@lru_cache(maxsize=1)
def _word_char_table() -> NDArray[np.bool_]:
    """For every code point up to the CJK supplementary planes: is it a letter or a
    digit (Unicode categories L* and N*)? Punctuation, symbols and emoji are not."""
    return np.array([unicodedata.category(chr(c))[0] in "LN" for c in range(_TABLE_END)])


def word_code_points(text: str) -> NDArray[np.uint64]:
    """The text's letters and digits as code points; everything else dropped."""
    cp: NDArray[np.uint32] = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    keep = _word_char_table()[np.minimum(cp, _TABLE_END - 1)]
    return cp[keep].astype(np.uint64)


def shingle_hashes(cp: NDArray[np.uint64], shingle: int, seed: int) -> Hashes:
    """32-bit hashes of every `shingle`-character gram of the code points (one gram if
    there are fewer). A polynomial over the characters in wrapping uint64 arithmetic,
    built by doubling (pairs, then fours) so a 5-gram takes three steps, not five."""
    n = len(cp)
    if not n:
        return np.empty(0, np.uint32)
    span = min(shingle, n)
    m = n - span + 1
    h = cp
    width = 1
    while 2 * width <= span:  # h[i] now covers characters i .. i + 2·width − 1
        h = h[: len(h) - width] * _MULT + h[width:]
        width *= 2
    while width < span:  # one character more
        h = h[:m] * _MULT + cp[width : width + m]
        width += 1
    h = h[:m] ^ np.uint64(seed)
    h ^= h >> _S29
    h *= _MIX1
    return (h >> _S32).astype(np.uint32)


def distinct_sorted(values: Hashes) -> Hashes:
    """Sorted distinct values (np.unique carries ~10 µs of overhead per call)."""
    if len(values) < 2:
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def figures(text: str) -> int:
    """The numbers in a text as a 128-bit set, one bit per value. Leading zeros do not
    count: 05 and 5 are one figure."""
    mask = 0
    for digits in _DIGITS.findall(text):
        mask |= _figure_bit(digits)
    return mask


@lru_cache(maxsize=4096)
def _figure_bit(digits: str) -> int:
    return 1 << (zlib.crc32(digits.lstrip("0").encode()) & 127)


def fingerprint(folded: str, params: FingerprintParams = DEFAULT) -> Fingerprint:
    """Fingerprint of a folded text (see the module docstring)."""
    kept = prose(folded, params.min_segment)
    cp = word_code_points(kept)
    distinct = distinct_sorted(shingle_hashes(cp, params.shingle, params.seed))
    sketch = distinct[: params.sketch_size].astype("<u4").tobytes()
    return Fingerprint(
        size=len(distinct), sketch=sketch, figures=figures(kept), shingle=params.shingle
    )
