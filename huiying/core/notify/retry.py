"""When to retry a failed delivery, and how many notices one recipient may get.

Pure: time comes in as an argument (or an injected clock), state as plain data, so the
Django side can keep attempts and send times in the database and call these.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from huiying.core.notify.message import DeliveryResult

_MAX_EXPONENT = 64  # far past any cap; keeps factor ** n from overflowing


def _aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


def next_retry_at(
    attempt: int,
    now: datetime,
    *,
    base_s: float = 30,
    factor: float = 2,
    max_s: float = 3600,
    max_attempts: int = 6,
) -> datetime | None:
    """When to make the next attempt after `attempt` attempts have failed (1 after the
    first), or None when max_attempts have been made: give up and show it as failed.

    Delays with the defaults: 30 s, 1 min, 2 min, 4 min, 8 min, then give up — a
    receiver down for a quarter of an hour is shown as failed, not retried all day.
    """
    _aware(now)
    if attempt < 1:
        raise ValueError("attempt counts failed attempts and starts at 1")
    if attempt >= max_attempts:
        return None
    delay = min(base_s * factor ** min(attempt - 1, _MAX_EXPONENT), max_s)
    return now + timedelta(seconds=delay)


def retry_at(
    result: DeliveryResult,
    attempt: int,
    now: datetime,
    *,
    base_s: float = 30,
    factor: float = 2,
    max_s: float = 3600,
    max_attempts: int = 6,
) -> datetime | None:
    """next_retry_at for this result: None also when it was delivered or when trying
    again cannot help (wrong address, refused login), so it is shown at once."""
    if result.ok or not result.retryable:
        _aware(now)
        return None
    return next_retry_at(
        attempt, now, base_s=base_s, factor=factor, max_s=max_s, max_attempts=max_attempts
    )


@dataclass(frozen=True)
class RateLimit:
    """At most max_notices per recipient in any window_s seconds. With exempt_top_tier,
    a top-tier notice always goes (and still counts, so lower tiers wait after it)."""

    max_notices: int
    window_s: float
    exempt_top_tier: bool = True

    def __post_init__(self) -> None:
        if self.max_notices < 1 or self.window_s <= 0:
            raise ValueError("a rate limit needs max_notices ≥ 1 and a positive window")


def in_window(sent_at: Iterable[datetime], now: datetime, limit: RateLimit) -> list[datetime]:
    """The send times that still count at now, oldest first; what to keep in storage."""
    _aware(now)
    start = now - timedelta(seconds=limit.window_s)
    return sorted(t for t in sent_at if t > start)


def allows(
    sent_at: Iterable[datetime], now: datetime, limit: RateLimit, *, top_tier: bool = False
) -> bool:
    """May one more notice go to this recipient at now?"""
    if top_tier and limit.exempt_top_tier:
        return True
    return len(in_window(sent_at, now, limit)) < limit.max_notices


def next_allowed_at(sent_at: Iterable[datetime], now: datetime, limit: RateLimit) -> datetime:
    """The earliest time a (not top-tier) notice may go: now, or when enough of the
    earlier sends have left the window. A held-back notice is deferred to then, not
    dropped."""
    times = in_window(sent_at, now, limit)
    excess = len(times) - limit.max_notices
    if excess < 0:
        return now
    return times[excess] + timedelta(seconds=limit.window_s)


class RateLimiter:
    """In-memory per-recipient limiter over an injected clock, for one process; the
    database-backed side uses the functions above with the stored send times."""

    _PRUNE_AT = 4096  # forget idle recipients once the table grows this big

    def __init__(self, limit: RateLimit, *, clock: Callable[[], datetime]) -> None:
        self.limit = limit
        self._clock = clock
        self._sent: dict[str, list[datetime]] = {}

    def try_acquire(self, key: str, *, top_tier: bool = False) -> bool:
        """Record a send to key and return True if it is allowed now, else False."""
        now = self._clock()
        times = in_window(self._sent.get(key, ()), now, self.limit)
        allowed = allows(times, now, self.limit, top_tier=top_tier)
        if allowed:
            times.insert(bisect_right(times, now), now)
        if times:
            self._sent[key] = times
        else:
            self._sent.pop(key, None)
        if len(self._sent) > self._PRUNE_AT:
            kept = {k: in_window(v, now, self.limit) for k, v in self._sent.items()}
            self._sent = {k: v for k, v in kept.items() if v}
        return allowed

    def next_allowed_at(self, key: str) -> datetime:
        return next_allowed_at(self._sent.get(key, ()), self._clock(), self.limit)

    def sent_times(self, key: str) -> tuple[datetime, ...]:
        """The send times to key that still count, oldest first."""
        return tuple(in_window(self._sent.get(key, ()), self._clock(), self.limit))
