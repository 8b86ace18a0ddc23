"""Retry schedule, per-recipient rate limits and notice rules, with a clock we control."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from huiying.core.notify import DeliveryResult, Notice
from huiying.core.notify.message import truncate_utf8
from huiying.core.notify.retry import (
    RateLimit,
    RateLimiter,
    allows,
    in_window,
    next_allowed_at,
    next_retry_at,
    retry_at,
)

T0 = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)  # a holiday night: alerts still go out
NOTICE = Notice(
    title="某小区燃气泄漏传闻",
    body="网传小区燃气泄漏，物业称系误报。",
    url="https://huiying.example.gov.cn/events/7/",
    tier="一般",
    severity=1,
    dedup_key="event-7-tier-1",
)


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, s: float) -> None:
        self.now += seconds(s)


# --- retries ---------------------------------------------------------------------------


def test_default_schedule_doubles_from_30_seconds_then_gives_up():
    delays = []
    attempt = 1
    while (at := next_retry_at(attempt, T0)) is not None:
        delays.append((at - T0).total_seconds())
        attempt += 1
    assert delays == [30, 60, 120, 240, 480]
    assert attempt == 6  # six tries in all, then shown as failed


def test_delay_is_capped_and_huge_attempt_counts_do_not_overflow():
    assert next_retry_at(10, T0, max_attempts=100) == T0 + seconds(3600)
    assert next_retry_at(5000, T0, max_attempts=10_000) == T0 + seconds(3600)
    assert next_retry_at(3, T0, base_s=10, factor=3, max_s=60) == T0 + seconds(60)


def test_retry_needs_aware_time_and_a_real_attempt_number():
    with pytest.raises(ValueError):
        next_retry_at(1, datetime(2025, 5, 1, 3, 0))  # noqa: DTZ001 — the point of the test
    with pytest.raises(ValueError):
        next_retry_at(0, T0)


def test_retry_at_follows_the_result():
    timeout = DeliveryResult(False, "timeout", "连接超时。", retryable=True)
    wrong_key = DeliveryResult(False, "bad_config", "机器人 webhook 地址无效。", retryable=False)
    delivered = DeliveryResult(True, "sent", "已发送。", retryable=False)
    assert retry_at(timeout, 2, T0) == T0 + seconds(60)
    assert retry_at(timeout, 6, T0) is None  # last try failed: shown as failed
    assert retry_at(wrong_key, 1, T0) is None  # a person must fix it; shown at once
    assert retry_at(delivered, 1, T0) is None


# --- rate limits over stored send times -------------------------------------------------

LIMIT = RateLimit(max_notices=3, window_s=600)


def test_window_counts_only_recent_sends():
    sent = [T0 - seconds(601), T0 - seconds(600), T0 - seconds(599), T0 - seconds(10)]
    assert in_window(sent, T0, LIMIT) == [T0 - seconds(599), T0 - seconds(10)]
    assert allows(sent, T0, LIMIT)
    assert not allows([*sent, T0 - seconds(1)], T0, LIMIT)


def test_next_allowed_is_when_the_oldest_counted_send_leaves_the_window():
    sent = [T0 - seconds(50), T0 - seconds(500), T0 - seconds(200)]  # any order
    assert next_allowed_at(sent, T0, LIMIT) == T0 + seconds(100)
    assert next_allowed_at(sent[:2], T0, LIMIT) == T0
    # Over the limit (top-tier notices went through): wait until enough have aged out.
    crowded = [T0 - seconds(s) for s in (5, 50, 100, 400, 500)]
    assert next_allowed_at(crowded, T0, LIMIT) == T0 - seconds(100) + seconds(600)


def test_top_tier_is_exempt_only_when_flagged():
    full = [T0 - seconds(s) for s in (1, 2, 3)]
    assert allows(full, T0, LIMIT, top_tier=True)
    strict = replace(LIMIT, exempt_top_tier=False)
    assert not allows(full, T0, strict, top_tier=True)


def test_rate_limit_rejects_nonsense_settings():
    with pytest.raises(ValueError):
        RateLimit(max_notices=0, window_s=60)
    with pytest.raises(ValueError):
        RateLimit(max_notices=1, window_s=0)


# --- in-memory limiter --------------------------------------------------------------------


def test_limiter_per_recipient_with_controlled_clock():
    clock = Clock(T0)
    limiter = RateLimiter(RateLimit(max_notices=2, window_s=60), clock=clock)
    assert limiter.try_acquire("user:duty")
    clock.advance(10)
    assert limiter.try_acquire("user:duty")
    clock.advance(10)
    assert not limiter.try_acquire("user:duty")  # third within a minute
    assert limiter.try_acquire("user:leader")  # another recipient is not affected
    assert limiter.next_allowed_at("user:duty") == T0 + seconds(60)
    assert limiter.try_acquire("user:duty", top_tier=True)  # 特别重大 always goes
    assert limiter.sent_times("user:duty") == (T0, T0 + seconds(10), T0 + seconds(20))

    clock.advance(40)  # T0 + 60: the first send has left the window, two still count
    assert not limiter.try_acquire("user:duty")
    clock.advance(10)  # T0 + 70: the second has left too
    assert limiter.try_acquire("user:duty")
    assert limiter.sent_times("user:duty") == (T0 + seconds(20), T0 + seconds(70))


# --- notices -----------------------------------------------------------------------------


def test_notice_headline_and_top_tier():
    assert NOTICE.headline == "【一般】某小区燃气泄漏传闻"
    assert not NOTICE.is_top_tier
    assert replace(NOTICE, tier="特别重大", severity=4).is_top_tier


@pytest.mark.parametrize("changes", [{"title": "  "}, {"severity": 0}, {"severity": 5}])
def test_notice_rejects_missing_title_and_unknown_severity(changes):
    with pytest.raises(ValueError):
        replace(NOTICE, **changes)


def test_truncate_counts_utf8_bytes_and_never_splits_a_character():
    text = "舆情监测" * 10  # 3 bytes a character
    cut = truncate_utf8(text, 20)
    assert cut == "舆情监测舆…"  # 15 bytes + the 3-byte marker; a 6th character would not fit
    assert len(cut.encode()) <= 20
    assert truncate_utf8(text, 120) == text
    assert truncate_utf8(text, 2) == ""
