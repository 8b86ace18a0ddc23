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
_GOLDEN_NP = np.uint64(_GOLDEN)
_MASK64 = (1 << 64) - 1
_MAX_LOAD = 0.5


class Lookup(NamedTuple):
    at: NDArray[np.intp]  # per hash found: its index among the keys looked up
    slots: NDArray[np.intp]  # per hash found: slot of its first posting
    families: NDArray[np.uint8]  # per hash found: families that have it
    which: NDArray[np.intp]  # per usable posting: index of its key
    rows: Rows  # per usable posting: the row that posted it
    shared_by: NDArray[np.uint8]  # per usable posting: families that have its key


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
        self._columns = np.arange(window, dtype=np.intp)
        self._used = 0
        self._rebuilds = 0
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

    def _find(self, keys: NDArray[np.uint64]) -> tuple[NDArray[np.intp], NDArray[np.intp], Packed]:
        """For each key present: its index in `keys`, its slot and its packed posting."""
        home = ((keys * _GOLDEN_NP) >> self._np_shift).astype(np.intp)
        window = self.table[home[:, None] + self._columns]
        at, column = ((window >> _S32) == keys[:, None]).nonzero()
        return at, home[at] + column, window[at, column]

    def lookup(self, keys: Hashes, cap: int) -> Lookup:
        """Which keys are posted, their first slots and family counts, and the rows of the
        keys that fewer than `cap` families have."""
        wide = keys.astype(np.uint64)
        at, slots, packed = self._find(wide)
        stored = self.stored[slots]
        first = stored > 0  # further postings of a hash have 0 here
        families = np.zeros(len(keys), np.uint8)
        families[at[first]] = self.families[slots[first]]
        shared_by = families[at]
        usable = (shared_by < cap) & (shared_by > 0)
        return Lookup(
            at[first],
            slots[first],
            families[at[first]],
            at[usable],
            (packed[usable] & _LOW32).astype(np.int64),
            shared_by[usable],
        )

    def add(self, keys: list[int], row: int, max_rows: int) -> None:
        """Post `row` under each key that has fewer than `max_rows` rows. A key's first
        posting carries its family count (starting at one) and how many rows it has."""
        if self._used + len(keys) > _MAX_LOAD * (1 << self._log2):
            self._rebuild(self._log2 + 1)
        table, stored, end = self.table, self.stored, len(self.table) - 1
        for key in keys:
            packed = (key << 32) | row
            slot = ((key * _GOLDEN) & _MASK64) >> self._shift
            first = -1
            while slot < end:
                here = table.item(slot)
                if here == EMPTY:
                    break
                if first < 0 and here >> 32 == key and stored.item(slot):
                    first = slot
                    if stored.item(slot) >= max_rows:
                        break
                slot += 1
            else:  # ran off the tail: make room and try again
                self._rebuild(self._log2 + 1)
                self.add([key], row, max_rows)
                table, stored, end = self.table, self.stored, len(self.table) - 1
                continue
            if first < 0:
                table[slot] = packed
                self.families[slot] = 1
                stored[slot] = 1
            elif stored.item(first) < max_rows:
                table[slot] = packed  # a further posting, after the first one
                stored[first] += 1
            else:
                continue
            self._used += 1

    def count_more(self, firsts: NDArray[np.intp]) -> None:
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
        return (keys * _GOLDEN_NP) >> self._np_shift

    def restore(self, table: Packed, families: NDArray[np.uint8], stored: NDArray[np.uint8]) -> None:
        """Adopt arrays written by a Postings with the same window."""
        self._reset((len(table) - 4 * self.window - 1).bit_length() - 1)
        self.table, self.families, self.stored = table, families, stored
        self._used = int(np.count_nonzero(table != _EMPTY))

    def nbytes(self) -> int:
        return int(self.table.nbytes + self.families.nbytes + self.stored.nbytes)
