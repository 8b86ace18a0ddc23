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
    """Hash → rows, LSM-style: one sorted int64 array of `hash << 32 | row`, looked up
    with np.searchsorted, plus a small dict buffer merged in when it fills up."""

    def __init__(self, flush_at: int = 1 << 16) -> None:
        self.main: Packed = np.empty(0, np.uint64)
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0
        self._flush_at = flush_at

    def __len__(self) -> int:
        return len(self.main) + self._buffered

    def add(self, keys: list[int], row: int) -> None:
        for key in keys:
            self._buffer.setdefault(key, []).append(row)
        self._buffered += len(keys)
        if self._buffered >= self._flush_at:
            self.flush()

    def flush(self) -> None:
        if not self._buffered:
            return
        new = np.fromiter(
            ((key << 32) | row for key, rows in self._buffer.items() for row in rows),
            dtype=np.uint64,
            count=self._buffered,
        )
        new.sort()
        merged = np.concatenate((self.main, new))
        # Timsort finds the two sorted runs and merges them in linear time.
        merged.sort(kind="stable")
        self.main = merged
        self._buffer.clear()
        self._buffered = 0

    def lookup(self, keys: Hashes) -> tuple[NDArray[np.intp], Rows]:
        """Every posting of every key: (index into `keys`, row), grouped by key."""
        wide = keys.astype(np.uint64) << _S32
        lo = np.searchsorted(self.main, wide)
        hi = np.searchsorted(self.main, wide | _LOW32, side="right")
        counts = hi - lo
        total = int(counts.sum())
        if total:
            which = np.repeat(np.arange(len(keys)), counts)
            start = np.cumsum(counts) - counts
            packed = self.main[lo[which] + np.arange(total) - start[which]]
            rows = (packed & _LOW32).astype(np.int64)
        else:
            which, rows = np.empty(0, np.intp), np.empty(0, np.int64)
        if not self._buffer:
            return which, rows
        extra_which: list[int] = []
        extra_rows: list[int] = []
        get = self._buffer.get
        for i, key in enumerate(keys.tolist()):
            found = get(key)
            if found:
                extra_which.extend([i] * len(found))
                extra_rows.extend(found)
        if not extra_rows:
            return which, rows
        return (
            np.concatenate((which, np.array(extra_which, np.intp))),
            np.concatenate((rows, np.array(extra_rows, np.int64))),
        )

    def nbytes(self) -> int:
        # A buffered posting costs about a list slot plus a share of a dict entry and an int.
        return int(self.main.nbytes) + 64 * self._buffered
