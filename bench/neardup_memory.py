"""Memory of the near-duplicate index: insert N fingerprints, print peak RSS and rate.

    .venv/bin/python bench/neardup_memory.py --n 1000000

The fingerprints are random sketches of full size — the worst case for memory, since
every hash is new and every item posts all its anchors. The goal is a million items
in under 2 GiB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from huiying.core.fingerprint import DEFAULT, Fingerprint
from huiying.core.neardup import NearDupIndex


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def random_fingerprints(n: int, seed: int, batch: int = 10_000) -> Iterator[Fingerprint]:
    """Made in batches so the generator itself holds little memory."""
    rng = np.random.default_rng(seed)
    k = DEFAULT.sketch_size
    for start in range(0, n, batch):
        count = min(batch, n - start)
        sketches = np.sort(rng.integers(0, 2**32, size=(count, k), dtype=np.uint32), axis=1)
        sizes = rng.integers(k + 1, 800, size=count).tolist()
        figures = rng.integers(0, 2**63, size=count).tolist()
        for row, size, figure in zip(sketches, sizes, figures, strict=True):
            yield Fingerprint(size=size, sketch=row.tobytes(), figures=figure)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="fingerprints (default 1000000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    before = peak_rss_mib()
    index = NearDupIndex()
    joined = 0
    start = time.perf_counter()
    for key, fp in enumerate(random_fingerprints(args.n, args.seed)):
        joined += index.add(key, fp) is not None
    seconds = time.perf_counter() - start

    peak = peak_rss_mib()
    print(f"{len(index):,} fingerprints inserted in {seconds:.1f} s: {args.n / seconds:,.0f} /s")
    print(f"index.memory_bytes(): {index.memory_bytes() / 2**20:,.0f} MiB")
    print(f"peak RSS: {peak:,.0f} MiB (process before the index: {before:,.0f} MiB)")
    print(f"joined a family (should be ~0 for random sketches): {joined}")
    print("under 2 GiB" if peak < 2048 else "OVER 2 GiB")


if __name__ == "__main__":
    main()
