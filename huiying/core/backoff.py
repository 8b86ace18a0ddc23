"""Scheduling helpers for polling sources: back off from failing sources, and never hit
one host twice within a politeness delay. Pure: time and randomness come in as arguments.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

_MAX_EXPONENT = 32  # 2**32 × any interval is far past any cap; avoids float overflow


def next_attempt_delay(
    interval_s: float,
    consecutive_failures: int,
    *,
    max_delay_s: float = 6 * 3600,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next attempt: the source's own interval while it works, doubled
    for each consecutive failure, capped at max_delay_s (never below the interval itself,
    so a daily source is not polled more often because it failed).

    With rng, the delay is spread down by up to 25% so that sources which failed together
    (one site down) do not all retry in the same second; without it, it is exact.
    """
    if interval_s < 0 or max_delay_s < 0:
        raise ValueError("interval_s and max_delay_s must not be negative")
    if consecutive_failures <= 0:
        return interval_s
    cap = max(max_delay_s, interval_s)
    delay = min(interval_s * 2.0 ** min(consecutive_failures, _MAX_EXPONENT), cap)
    if rng is not None:
        delay = max(interval_s, delay * rng.uniform(0.75, 1.0))
    return delay


class HostThrottle:
    """Keeps requests to one host at least delay_s apart, across threads.

    Each caller reserves the next free slot for its host under a lock and then sleeps
    outside it, so threads for different hosts never wait on each other and threads for
    the same host go one slot after another.
    """

    _PRUNE_AT = 4096  # forget hosts whose slot has passed once the table grows this big

    def __init__(
        self,
        delay_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if delay_s < 0:
            raise ValueError("delay_s must not be negative")
        self.delay_s = delay_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_free: dict[str, float] = {}

    def reserve(self, host: str) -> float:
        """Book the next slot for host; return how many seconds to wait before using it."""
        key = host.lower().rstrip(".")
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_free.get(key, now))
            self._next_free[key] = slot + self.delay_s
            if len(self._next_free) > self._PRUNE_AT:
                self._next_free = {h: t for h, t in self._next_free.items() if t > now}
        return slot - now

    def wait(self, host: str) -> float:
        """Sleep until a request to host is polite; return the seconds slept."""
        pause = self.reserve(host)
        if pause > 0:
            self._sleep(pause)
        return pause
