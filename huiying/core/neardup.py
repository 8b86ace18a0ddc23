"""Near-duplicate families: which items are republications of one story.

How an item finds its family, and why:

1. Candidates. Each item posts its `anchors` smallest sketch hashes (skipping common
   ones) to posting lists; a new item looks up *all* its sketch hashes. Two copies of a
   story share their smallest shingle hashes (this is MinHash LSH with one permutation
   and several minima), and an excerpt's smallest hashes include the original's anchors
   that fall inside it, so excerpts are found too. A posting list keeps one row per
   family, so its length counts the families a hash occurs in; lists that reach
   `max_postings` are boilerplate or stock phrases and are ignored.
2. Verification. Every candidate is checked before joining, on *containment*: the
   share of the smaller document's shingles that the other has, estimated exactly from
   the two bottom-k sketches in the hash range both cover. Containment keeps excerpts
   and copies with an added intro in the family; Jaccard would not. Very small texts are
   compared by Jaccard instead, so a one-line snippet does not join every article that
   happens to contain it.
3. Boilerplate weight. The fingerprint already drops site chrome by structure. What
   survives (copyright sentences, stock phrases, the same place names) is discounted:
   a count-min sketch counts, per shingle hash, the families it occurs in (an item adds
   only the hashes its family did not have, so a story copied a hundred times still
   counts once). Hashes in `common_families` or more families are left out of both
   sides of the containment estimate. Counting families rather than documents is what
   keeps a much-copied story from looking like boilerplate.

Families never re-point: an item joins the family of its best verified candidate and
the family keeps the key of the item that started it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from huiying.core.fingerprint import Fingerprint, Hashes
from huiying.core.neardup_store import Postings, Rows, ShingleFamilies

_CHUNK_SHIFT = 14  # sketch rows live in chunks of 16,384 so growth never copies them
_CHUNK = 1 << _CHUNK_SHIFT
_BEYOND = np.int64(1 << 32)  # above every 32-bit hash: "the sketch is the whole set"


@dataclass(frozen=True)
class IndexParams:
    threshold: float = 0.5  # verified similarity needed to join a family
    sketch_size: int = 64  # hashes kept per item (longer sketches are cut)
    anchors: int = 16  # hashes each item posts for candidate lookup
    max_postings: int = 32  # families per hash before the hash is ignored
    max_candidates: int = 8  # most-shared candidates that get verified
    min_shared: int = 4  # sketch hashes two items must share
    small_set: int = 16  # below this many shingles compare by Jaccard
    common_families: int = 8  # a hash in this many families is discounted
    confident: float = 0.9  # a join below this also counts the shared hashes
    min_samples: int = 8  # fewer uncommon hashes than this: compare undiscounted
    expected_items: int = 1_000_000  # sizes the family counter
    flush_at: int = 1 << 16  # buffered postings before a merge


@dataclass(frozen=True)
class _Verified:
    rows: Rows
    scores: NDArray[np.float64]
    hits: NDArray[np.bool_]  # per candidate, which sketch hashes it shares


class NearDupIndex:
    def __init__(self, params: IndexParams | None = None) -> None:
        self.params = params or IndexParams()
        k = self.params.sketch_size
        self._k = k
        self._chunks: list[NDArray[np.uint32]] = []
        self._n = 0
        self._keys = np.empty(0, np.int64)
        self._family = np.empty(0, np.int32)  # row of the item that started the family
        self._size = np.empty(0, np.int32)  # distinct shingles
        self._width = np.empty(0, np.int16)  # hashes in the stored sketch
        self._columns = np.arange(k)
        self._postings = Postings(self.params.flush_at)
        log2 = max(16, min(26, math.ceil(math.log2(16 * self.params.expected_items))))
        self._families = ShingleFamilies(log2)

    def __len__(self) -> int:
        return self._n

    def add(self, key: int, fp: Fingerprint) -> int | None:
        """File an item; the representative key of the family it joins, or None."""
        hashes = fp.hashes[: self._k]
        lookup = self._lookup(hashes)
        found = self._verify(hashes, fp.size, lookup)
        best = -1
        if found is not None and len(found.rows):
            j = int(np.argmax(found.scores))
            if found.scores[j] >= self.params.threshold:
                best = j
        row = self._append(key, hashes, fp.size)
        if best < 0:
            self._family[row] = row
            self._families.add(hashes)
        else:
            assert found is not None
            match = int(found.rows[best])
            self._family[row] = self._family[match]
            if found.scores[best] < self.params.confident:
                self._families.add(hashes)
            else:
                self._families.add(hashes[~found.hits[best] & (hashes <= self._tau(match))])
        self._post(hashes, row, lookup)
        return None if best < 0 else int(self._keys[self._family[row]])

    def query(self, fp: Fingerprint) -> list[tuple[int, float]]:
        """Verified near-duplicates: (key, similarity) at or above the threshold, best first."""
        hashes = fp.hashes[: self._k]
        found = self._verify(hashes, fp.size, self._lookup(hashes))
        if found is None:
            return []
        order = np.argsort(-found.scores, kind="stable")
        return [
            (int(self._keys[found.rows[i]]), float(found.scores[i]))
            for i in order
            if found.scores[i] >= self.params.threshold
        ]

    def memory_bytes(self) -> int:
        arrays = (self._keys, self._family, self._size, self._width, *self._chunks)
        return sum(int(a.nbytes) for a in arrays) + self._postings.nbytes() + self._families.nbytes()

    # -- storage ------------------------------------------------------------------

    def _append(self, key: int, hashes: Hashes, size: int) -> int:
        row = self._n
        if row == len(self._keys):
            grown = max(1024, 2 * row)
            self._keys = _grow(self._keys, grown)
            self._family = _grow(self._family, grown)
            self._size = _grow(self._size, grown)
            self._width = _grow(self._width, grown)
        if row >> _CHUNK_SHIFT == len(self._chunks):
            self._chunks.append(np.empty((_CHUNK, self._k), np.uint32))
        self._chunks[row >> _CHUNK_SHIFT][row & (_CHUNK - 1), : len(hashes)] = hashes
        self._keys[row] = key
        self._size[row] = size
        self._width[row] = len(hashes)
        self._n = row + 1
        return row

    def _sketches(self, rows: Rows) -> NDArray[np.uint32]:
        return np.stack([self._chunks[r >> _CHUNK_SHIFT][r & (_CHUNK - 1)] for r in rows.tolist()])

    def _tau(self, row: int) -> np.int64:
        """Hashes at or below this are the row's whole shingle set in that range."""
        width = int(self._width[row])
        if self._size[row] > width:
            return np.int64(self._chunks[row >> _CHUNK_SHIFT][row & (_CHUNK - 1), width - 1])
        return _BEYOND

    # -- candidates and verification ---------------------------------------------

    def _lookup(self, hashes: Hashes) -> tuple[NDArray[np.intp], Rows]:
        if not len(hashes) or not len(self._postings):
            return np.empty(0, np.intp), np.empty(0, np.int64)
        return self._postings.lookup(hashes)

    def _verify(
        self, hashes: Hashes, size: int, lookup: tuple[NDArray[np.intp], Rows]
    ) -> _Verified | None:
        which, rows = lookup
        if not len(rows):
            return None
        p = self.params
        per_hash = np.bincount(which, minlength=len(hashes))
        rows = rows[per_hash[which] < p.max_postings]
        if not len(rows):
            return None
        rows, shared = _count_distinct(rows)
        if len(rows) > p.max_candidates:
            rows = rows[np.argpartition(-shared, p.max_candidates)[: p.max_candidates]]
        return self._score(hashes, size, rows)

    def _score(self, hashes: Hashes, size: int, rows: Rows) -> _Verified:
        """Containment (or Jaccard for small sets) of `hashes` against each row."""
        p = self.params
        sketches = self._sketches(rows)
        width = self._width[rows].astype(np.intp)
        sizes = self._size[rows]
        count = len(rows)
        own_tau = np.int64(hashes[-1]) if size > len(hashes) else _BEYOND
        last = sketches[np.arange(count), np.maximum(width - 1, 0)].astype(np.int64)
        tau = np.minimum(np.where(sizes > width, last, _BEYOND), own_tau)[:, None]
        theirs = (self._columns < width[:, None]) & (sketches <= tau)
        ours = hashes[None, :] <= tau
        # One sorted array for all candidates: offset each row's hashes by row number.
        offset = np.arange(count, dtype=np.int64)[:, None] << 32
        pool = (sketches + offset)[theirs]
        probe = hashes + offset
        if len(pool):
            at = np.minimum(np.searchsorted(pool, probe), len(pool) - 1)
            hits = pool[at] == probe
        else:
            hits = np.zeros(probe.shape, np.bool_)

        rare_ours = self._families.count(hashes) < p.common_families
        rare_theirs = self._families.count(sketches) < p.common_families
        shared = hits.sum(axis=1)
        n_ours, n_theirs = ours.sum(axis=1), theirs.sum(axis=1)
        rare_shared = (hits & rare_ours).sum(axis=1)
        rare_n_ours = (ours & rare_ours).sum(axis=1)
        rare_n_theirs = (theirs & rare_theirs).sum(axis=1)
        discount = np.minimum(rare_n_ours, rare_n_theirs) >= p.min_samples
        shared_d = np.where(discount, rare_shared, shared)
        ours_d = np.where(discount, rare_n_ours, n_ours)
        theirs_d = np.where(discount, rare_n_theirs, n_theirs)

        containment = shared_d / np.maximum(np.minimum(ours_d, theirs_d), 1)
        jaccard = shared_d / np.maximum(ours_d + theirs_d - shared_d, 1)
        small = np.minimum(sizes, size) < p.small_set
        scores = np.where(small, jaccard, containment)
        scores[shared < p.min_shared] = 0.0
        return _Verified(rows=rows, scores=scores, hits=hits)

    def _post(self, hashes: Hashes, row: int, lookup: tuple[NDArray[np.intp], Rows]) -> None:
        """Post the item's smallest uncommon hashes, once per family and hash."""
        p = self.params
        if not len(hashes):
            return
        rare = np.flatnonzero(self._families.count(hashes) < p.common_families)
        anchors = rare[: p.anchors]
        which, rows = lookup
        skip = np.zeros(len(hashes), np.bool_)
        if len(rows):
            skip[which[self._family[rows] == self._family[row]]] = True
            skip |= np.bincount(which, minlength=len(hashes)) >= p.max_postings
        anchors = anchors[~skip[anchors]]
        if len(anchors):
            self._postings.add(hashes[anchors].tolist(), row)

    # -- persistence ----------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        self._postings.flush()
        n = self._n
        sketches = np.concatenate(self._chunks)[:n] if self._chunks else np.empty((0, self._k))
        np.savez(
            path,
            params=np.array(json.dumps(asdict(self.params))),
            keys=self._keys[:n],
            family=self._family[:n],
            size=self._size[:n],
            width=self._width[:n],
            sketches=sketches,
            postings=self._postings.main,
            counters=self._families.counters,
        )

    @classmethod
    def load(cls, path: str | Path) -> NearDupIndex:
        with np.load(path) as data:
            index = cls(IndexParams(**json.loads(str(data["params"]))))
            n = len(data["keys"])
            index._keys, index._family = data["keys"].copy(), data["family"].copy()
            index._size, index._width = data["size"].copy(), data["width"].copy()
            sketches = data["sketches"]
            for start in range(0, n, _CHUNK):
                chunk = np.empty((_CHUNK, index._k), np.uint32)
                part = sketches[start : start + _CHUNK]
                chunk[: len(part)] = part
                index._chunks.append(chunk)
            index._n = n
            index._postings.main = data["postings"].copy()
            index._families.counters = data["counters"].copy()
        return index


def _grow(array: NDArray[np.generic], length: int) -> NDArray[np.generic]:
    grown = np.empty(length, array.dtype)
    grown[: len(array)] = array
    return grown


def _count_distinct(values: Rows) -> tuple[Rows, NDArray[np.intp]]:
    """Distinct values and how often each occurs (np.unique is slow on tiny arrays)."""
    values = np.sort(values)
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, len(values)))
