"""Compact posting lists behind the near-duplicate index.

No per-item Python objects: a million items must fit in well under 2 GiB.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from huiying.core.fingerprint import Hashes

Rows = NDArray[np.int64]
Packed = NDArray[np.uint64]
_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)


class Postings:
    """Hash → rows, as a small LSM tree: postings are packed as `hash << 32 | row` into
    sorted uint64 arrays and found with np.searchsorted. New postings wait in a dict;
    a full dict is merged into a middle level, and a full middle level into the main
    one, so the big array is rewritten only every `flush_at · 64` postings."""

    def __init__(self, flush_at: int = 1 << 13) -> None:
        self.levels: list[Packed] = [np.empty(0, np.uint64), np.empty(0, np.uint64)]
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0
        self._flush_at = flush_at

    def __len__(self) -> int:
        return sum(len(level) for level in self.levels) + self._buffered

    def add(self, keys: list[int], row: int) -> None:
        for key in keys:
            self._buffer.setdefault(key, []).append(row)
        self._buffered += len(keys)
        if self._buffered >= self._flush_at:
            self.flush()

    def flush(self, *, full: bool = False) -> None:
        """Merge the dict into the middle level (and that into the main one when it has
        grown, or when `full`)."""
        if self._buffered:
            new = np.fromiter(
                ((key << 32) | row for key, rows in self._buffer.items() for row in rows),
                dtype=np.uint64,
                count=self._buffered,
            )
            self.levels[1] = _merge(self.levels[1], new)
            self._buffer.clear()
            self._buffered = 0
        if full or len(self.levels[1]) >= 64 * self._flush_at:
            self.levels[0] = _merge(self.levels[0], self.levels[1])
            self.levels[1] = np.empty(0, np.uint64)

    def lookup(self, keys: Hashes, cap: int) -> tuple[NDArray[np.intp], Rows, NDArray[np.intp]]:
        """Postings of the sorted `keys` that have fewer than `cap`: (index into `keys`,
        row) for each; and how many postings every key has."""
        low = keys.astype(np.uint64) << _S32
        high = low | _LOW32
        starts, counts = [], []
        total = np.zeros(len(keys), np.intp)
        for level in self.levels:
            start = np.searchsorted(level, low)
            count = np.searchsorted(level, high, side="right") - start
            starts.append(start)
            counts.append(count)
            total += count
        extra: list[tuple[int, list[int]]] = []
        if self._buffer:
            common = self._buffer.keys() & keys.tolist()
            if common:
                found = [self._buffer[key] for key in common]
                at = np.searchsorted(keys, np.fromiter(common, np.uint32, len(common)))
                total[at] += [len(rows) for rows in found]
                extra = list(zip(at.tolist(), found, strict=True))
        usable = total < cap
        which_parts: list[NDArray[np.intp]] = []
        row_parts: list[Rows] = []
        for level, start, count in zip(self.levels, starts, counts, strict=True):
            count = np.where(usable, count, 0)
            n = int(count.sum())
            if n:
                which = np.repeat(np.arange(len(keys)), count)
                first = np.cumsum(count) - count
                packed = level[start[which] + np.arange(n) - first[which]]
                which_parts.append(which)
                row_parts.append((packed & _LOW32).astype(np.int64))
        extra = [(i, rows) for i, rows in extra if usable[i]]
        if extra:
            which_parts.append(np.array([i for i, rows in extra for _ in rows], np.intp))
            row_parts.append(np.array([r for _, rows in extra for r in rows], np.int64))
        if not row_parts:
            return np.empty(0, np.intp), np.empty(0, np.int64), total
        if len(row_parts) == 1:
            return which_parts[0], row_parts[0], total
        return np.concatenate(which_parts), np.concatenate(row_parts), total

    def nbytes(self) -> int:
        # A buffered posting costs about a list slot plus a share of a dict entry and an int.
        return sum(int(level.nbytes) for level in self.levels) + 64 * self._buffered


def _merge(a: Packed, b: Packed) -> Packed:
    if not len(a):
        return np.sort(b)
    merged = np.concatenate((a, b))
    # Timsort finds the sorted runs and merges them in linear time.
    merged.sort(kind="stable")
    return merged
