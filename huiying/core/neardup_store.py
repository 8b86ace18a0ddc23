"""The posting table behind the near-duplicate index: shingle hash → rows.

No per-item Python objects: a million items must fit in well under 2 GiB.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from huiying.core.fingerprint import Hashes

Rows = NDArray[np.int64]
Index = NDArray[np.intp]
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
    home: Index  # per key: its home slot
    first: Index  # per key: slot of its first posting, -1 when absent
    families: NDArray[np.uint8]  # per key: families that have it (0 when absent)
    stored: NDArray[np.uint8]  # per key: rows stored for it
    which: Index  # per usable posting: index of its key
    rows: Rows  # per usable posting: the row that posted it
    shared_by: NDArray[np.uint8]  # per usable posting: families that have its key


class Postings:
    """Hash → rows in one open-addressing table of packed `hash << 32 | row` (uint64),
    with linear probing at a load of at most 1/2.

    A hash's postings sit at or after its home slot, the first one before the others;
    beside the first, two uint8 count the families that have the hash and the rows
    stored. A hash keeps at most `max_rows` rows, the latest: a new row overwrites the
    oldest (smallest) one. A lookup reads a fixed window of `window` slots per hash — a
    few cache lines — in one vectorised gather, whatever the size of the table; sorted
    arrays with np.searchsorted cost ~25 dependent cache misses per hash at a million
    items instead. A posting pushed beyond its hash's window by a long probe run is
    simply not found.
    """

    def __init__(self, window: int = 24, log2_slots: int = 16) -> None:
        self.window = window
        self._used = 0
        self._reset(log2_slots)

    def _reset(self, log2_slots: int) -> None:
        self._log2 = log2_slots
        self._shift = 64 - log2_slots
        self._np_shift = np.uint64(self._shift)
        # A spare tail so probing never wraps around; its very last slot stays empty.
        slots = (1 << log2_slots) + 4 * self.window
        self._adopt(np.full(slots, _EMPTY, np.uint64))
        self.families = np.zeros(slots, np.uint8)
        self.stored = np.zeros(slots, np.uint8)  # 0 at all but a hash's first posting

    def _adopt(self, table: Packed) -> None:
        self.table = table
        # The row and the hash halves of each slot as uint32 views (little-endian, as on
        # every platform we run on), so a lookup gathers and compares 4 bytes a slot.
        halves = table.view(np.uint32)
        self._rows = halves[0::2]
        # Every window of slots at once, as strided views: `[home]` is one gather.
        self._windows = sliding_window_view(halves[1::2], self.window)
        self._slot_windows = sliding_window_view(table, self.window)

    def __len__(self) -> int:
        return self._used

    def lookup(self, keys: Hashes, cap: int) -> Lookup:
        """Where each key stands, and the postings of the keys fewer than `cap` families
        have."""
        home = ((keys.astype(np.uint64) * _GOLDEN_NP) >> self._np_shift).astype(np.intp)
        at, column = divmod(np.flatnonzero(self._windows[home] == keys[:, None]), self.window)
        slots = home[at] + column
        is_first = self.stored[slots] > 0
        first = np.full(len(keys), -1, np.intp)  # -1: the last slot, which stays empty
        first[at[is_first]] = slots[is_first]
        families, stored = self.families[first], self.stored[first]
        shared_by = families[at]
        usable = (shared_by > 0) & (shared_by < cap)
        rows = self._rows[slots[usable]].astype(np.int64)
        return Lookup(home, first, families, stored, at[usable], rows, shared_by[usable])

    def count_more(self, slots: Index) -> None:
        """One more family has each of these hashes (slots of first postings); counts
        saturate at 255."""
        self.families[slots] = np.minimum(self.families[slots], 254) + 1

    def add(self, keys: Hashes, at: Index, lookup: Lookup, row: int, max_rows: int) -> None:
        """Post `row` under `keys` (the looked-up keys at positions `at`). A hash keeps its
        `max_rows` most recent rows: a new one replaces the oldest. The table must not have
        changed since the lookup."""
        if self._used + len(at) > _MAX_LOAD * (1 << self._log2):
            self._rebuild(self._log2 + 1)  # the windows are stale now
            for key in keys.tolist():
                self._put(key, row, max_rows)
            return
        home = lookup.home[at]
        full = lookup.stored[at] >= max_rows
        fallback: list[int] = []
        if full.any():
            # Overwrite the oldest (smallest) row among the hash's postings in its window.
            window = self._slot_windows[home[full]]
            mine = (window >> _S32) == keys[full].astype(np.uint64)[:, None]
            column = np.where(mine, window & _LOW32, _LOW32).argmin(axis=1)
            ok = mine[np.arange(len(column)), column]
            self._rows[(home[full] + column)[ok]] = row
            fallback += keys[full][~ok].tolist()
            keys, at, home = keys[~full], at[~full], home[~full]
        # Linear probing never leaves a hole before a hash's postings, so a new one goes to
        # the first empty slot of its window.
        empty = self._slot_windows[home] == _EMPTY
        column = empty.argmax(axis=1)
        slots = home + column
        found = empty[np.arange(len(at)), column].tolist()
        taken: set[int] = set()  # two keys may share a first empty slot: the first wins
        chosen = []
        for slot, ok in zip(slots.tolist(), found, strict=True):
            chosen.append(ok and slot not in taken)
            taken.add(slot)
        placed = np.array(chosen, np.bool_)
        slots = slots[placed]
        wide = keys[placed].astype(np.uint64)
        self.table[slots] = (wide << _S32) | np.uint64(row)
        first = lookup.first[at[placed]]
        new = first < 0
        self.families[slots[new]] = 1
        self.stored[slots[new]] = 1
        self.stored[first[~new]] += 1
        self._used += len(slots)
        for key in keys[~placed].tolist() + fallback:
            self._put(key, row, max_rows)

    def _put(self, key: int, row: int, max_rows: int) -> None:
        """Post one key by probing in Python (for the rare key the vectorised path skips)."""
        table, stored, end = self.table, self.stored, len(self.table) - 1
        slot = ((key * _GOLDEN) & _MASK64) >> self._shift
        first = oldest = -1
        while slot < end:
            here = table.item(slot)
            if here == EMPTY:
                break
            if here >> 32 == key:
                if first < 0 and stored.item(slot):
                    first = slot
                if oldest < 0 or here < table.item(oldest):
                    oldest = slot
            slot += 1
        else:  # ran off the tail: make room and try again
            self._rebuild(self._log2 + 1)
            self._put(key, row, max_rows)
            return
        if first >= 0 and stored.item(first) >= max_rows:
            self._rows[oldest] = row
            return
        table[slot] = (key << 32) | row
        if first < 0:
            self.families[slot] = 1
            stored[slot] = 1
        else:
            stored[first] += 1
        self._used += 1

    def _rebuild(self, log2_slots: int) -> None:
        """Re-place every posting in a table of 2**log2_slots slots, vectorised: sorted by
        home slot (stably, so a hash's first posting stays first), each goes to
        max(home, previous slot + 1), as linear probing would put it."""
        used = self.table != _EMPTY
        packed, families, stored = self.table[used], self.families[used], self.stored[used]
        self._reset(log2_slots)
        if not len(packed):
            return
        home = ((packed >> _S32) * _GOLDEN_NP) >> self._np_shift
        order = np.argsort(home, kind="stable")
        steps = np.arange(len(order), dtype=np.int64)
        slots = np.maximum.accumulate(home[order].astype(np.int64) - steps) + steps
        if slots[-1] >= len(self.table) - 1:  # pathological clustering at the end: grow
            n = len(packed)
            self.table[:n], self.families[:n], self.stored[:n] = packed, families, stored
            self._rebuild(log2_slots + 1)
            return
        self.table[slots] = packed[order]
        self.families[slots] = families[order]
        self.stored[slots] = stored[order]

    def restore(
        self, table: Packed, families: NDArray[np.uint8], stored: NDArray[np.uint8]
    ) -> None:
        """Adopt arrays written by a Postings with the same window."""
        self._reset((len(table) - 4 * self.window).bit_length() - 1)
        self._adopt(table)
        self.families, self.stored = families, stored
        self._used = int(np.count_nonzero(table != _EMPTY))

    def nbytes(self) -> int:
        return int(self.table.nbytes + self.families.nbytes + self.stored.nbytes)
