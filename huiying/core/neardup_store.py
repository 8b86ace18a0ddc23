"""The posting table behind the near-duplicate index.

No per-item Python objects: a million items must fit in well under 2 GiB.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from huiying.core.fingerprint import Hashes

Rows = NDArray[np.int64]
Packed = NDArray[np.uint64]
EMPTY = 0xFFFFFFFFFFFFFFFF  # no row is 0xFFFFFFFF, so no posting packs to this
_EMPTY = np.uint64(EMPTY)
_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_GOLDEN = 0x9E3779B97F4A7C15  # multiplicative hashing: 2⁶⁴ / φ
_MASK64 = (1 << 64) - 1
_NTH = 0x85EBCA6B  # odd constant that spreads a hash's n-th extra posting
_MAX_LOAD = 0.5


class Lookup(NamedTuple):
    first: Rows  # per key: slot of its first posting, -1 when absent
    families: NDArray[np.uint8]  # per key: families that have it (0 when absent)
    stored: NDArray[np.uint8]  # per key: rows stored for it
    which: NDArray[np.intp]  # per usable posting found: index of its key
    rows: Rows  # per usable posting found: the row that posted it


def _nth_key(key: NDArray[np.uint64], nth: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """The key a hash's n-th further posting is stored under (uint64 arithmetic wraps)."""
    return (key * np.uint64(_GOLDEN >> 32) + nth * np.uint64(_NTH)) & _LOW32


def _nth_key_int(key: int, nth: int) -> int:
    return (key * (_GOLDEN >> 32) + nth * _NTH) & 0xFFFFFFFF


class Postings:
    """Hash → rows, in one open-addressing table of packed `key << 32 | row` (uint64).

    A hash's first posting is stored under the hash itself, with two uint8 beside it:
    how many families have the hash (it keeps counting after rows stop being stored)
    and how many rows are stored. Its n-th further posting is stored under a key
    derived from (hash, n), so every key in the table is distinct and linear probing
    stays short. Keys sit at or just after their home slot, so a lookup reads a fixed
    window of `window` slots per key — one or two cache lines — in one vectorised gather,
    whatever the size of the table. (Sorted arrays with np.searchsorted cost ~25
    dependent cache misses per hash at a million items.) A key pushed beyond its window
    by a long probe run is simply not found.
    """

    def __init__(self, window: int = 16, log2_slots: int = 16) -> None:
        self.window = window
        self._columns = np.arange(window, dtype=np.uint64)
        self._used = 0
        self._rebuilds = self._seen = 0  # slots from a lookup are valid while these agree
        self._reset(log2_slots)

    def _reset(self, log2_slots: int) -> None:
        self._log2 = log2_slots
        self._shift = 64 - log2_slots
        self._np_shift = np.uint64(self._shift)
        # A spare tail so probing never wraps, and one last slot that stays empty.
        slots = (1 << log2_slots) + 4 * self.window + 1
        self.table: Packed = np.full(slots, _EMPTY, np.uint64)
        self.families = np.zeros(slots, np.uint8)
        self.stored = np.zeros(slots, np.uint8)  # 0 marks a derived (further) posting

    def __len__(self) -> int:
        return self._used

    def _find(self, keys: NDArray[np.uint64]) -> tuple[Rows, Packed]:
        """Slot of each key (-1, the spare last slot, when absent) and its packed posting."""
        home = self._home(keys)
        window = self.table[home[:, None] + self._columns]
        match = (window >> _S32) == keys[:, None]
        column = match.argmax(axis=1)
        pick = np.arange(len(keys))
        slots = np.where(match[pick, column], (home + column).astype(np.int64), -1)
        return slots, window[pick, column]

    def lookup(self, keys: Hashes, cap: int) -> Lookup:
        """Where each key is and how many families have it; the stored rows of the keys
        that fewer than `cap` families have."""
        wide = keys.astype(np.uint64)
        first, packed = self._find(wide)
        stored = self.stored[first]  # 0 when absent, or when `first` is a further posting
        families = self.families[first]
        present = stored > 0
        which = np.flatnonzero(present & (families < cap))
        rows = (packed[which] & _LOW32).astype(np.int64)
        more = stored[which].astype(np.intp) - 1
        if more.any():
            extra = np.repeat(which, more)
            starts = np.cumsum(more) - more
            nth = np.arange(len(extra)) - np.repeat(starts, more) + 1
            slots, packed = self._find(_nth_key(wide[extra], nth.astype(np.uint64)))
            ok = slots >= 0
            which = np.concatenate((which, extra[ok]))
            rows = np.concatenate((rows, (packed[ok] & _LOW32).astype(np.int64)))
        return Lookup(np.where(present, first, -1), families, stored, which, rows)

    def add(self, keys: list[int], firsts: list[int], row: int) -> None:
        """Post `row` under each key; `firsts` gives the slot of the key's first posting,
        or -1 for a key not in the table yet."""
        if self._used + len(keys) > _MAX_LOAD * (1 << self._log2):
            self._rebuild(self._log2 + 1)
        for key, first in zip(keys, firsts, strict=True):
            if first < 0:
                slot = self._put(key, row)
                self.families[slot] = 1
                self.stored[slot] = 1
                continue
            moves = self._rebuilds
            if moves != self._seen:  # a rebuild moved every posting: find it again
                first = self._slot_of(key)
            nth = int(self.stored[first])
            self._put(_nth_key_int(key, nth), row)
            if self._rebuilds != moves:
                first = self._slot_of(key)
            self.stored[first] = nth + 1
        self._seen = self._rebuilds

    def _slot_of(self, key: int) -> int:
        return int(self._find(np.array([key], np.uint64))[0][0])

    def _put(self, key: int, row: int) -> int:
        table, end = self.table, len(self.table) - 1
        slot = ((key * _GOLDEN) & _MASK64) >> self._shift
        while slot < end and table.item(slot) != EMPTY:
            slot += 1
        if slot == end:  # ran off the tail: make room and try again
            self._rebuild(self._log2 + 1)
            return self._put(key, row)
        table[slot] = (key << 32) | row
        self._used += 1
        return slot

    def count_more(self, firsts: Rows) -> None:
        """One more family has each of these hashes (slots of first postings); counts
        saturate at 255."""
        current = self.families[firsts]
        self.families[firsts] = np.where(current < 255, current + 1, current)

    def _rebuild(self, log2_slots: int) -> None:
        """Re-place every posting in a table of 2**log2_slots slots, vectorised: sorted by
        home slot, each goes to max(home, previous slot + 1), as linear probing would."""
        used = self.table != _EMPTY
        packed, families, stored = self.table[used], self.families[used], self.stored[used]
        self._reset(log2_slots)
        self._rebuilds += 1
        if not len(packed):
            return
        order = np.argsort(self._home(packed >> _S32), kind="stable")
        home = self._home(packed[order] >> _S32).astype(np.int64)
        steps = np.arange(len(home), dtype=np.int64)
        slots = np.maximum.accumulate(home - steps) + steps
        if slots[-1] >= len(self.table) - 1:  # pathological clustering at the end: grow
            n = len(packed)
            self.table[:n], self.families[:n], self.stored[:n] = packed, families, stored
            self._rebuild(log2_slots + 1)
            return
        self.table[slots] = packed[order]
        self.families[slots] = families[order]
        self.stored[slots] = stored[order]

    def _home(self, keys: NDArray[np.uint64]) -> NDArray[np.uint64]:
        return (keys * np.uint64(_GOLDEN)) >> self._np_shift

    def restore(self, table: Packed, families: NDArray[np.uint8], stored: NDArray[np.uint8]) -> None:
        """Adopt arrays written by a Postings with the same window."""
        self._reset((len(table) - 4 * self.window - 1).bit_length() - 1)
        self.table, self.families, self.stored = table, families, stored
        self._used = int(np.count_nonzero(table != _EMPTY))

    def nbytes(self) -> int:
        return int(self.table.nbytes + self.families.nbytes + self.stored.nbytes)
