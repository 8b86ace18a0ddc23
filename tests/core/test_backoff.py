"""Backoff and per-host politeness, driven by a clock the test controls."""

from __future__ import annotations

import random
import threading

import pytest

from huiying.core.backoff import HostThrottle, next_attempt_delay


def test_working_source_keeps_its_interval() -> None:
    assert next_attempt_delay(600, 0) == 600


def test_failures_double_the_delay_up_to_the_cap() -> None:
    delays = [next_attempt_delay(600, n) for n in range(1, 8)]
    assert delays == [1200, 2400, 4800, 9600, 19200, 21600, 21600]
    assert next_attempt_delay(600, 10**9) == 6 * 3600  # no overflow on a long outage


def test_cap_never_shortens_a_long_interval() -> None:
    day = 24 * 3600
    assert next_attempt_delay(day, 3) == day


def test_jitter_is_optional_bounded_and_reproducible() -> None:
    exact = next_attempt_delay(300, 4)
    spread = [next_attempt_delay(300, 4, rng=random.Random(seed)) for seed in range(50)]
    assert all(0.75 * exact <= d <= exact for d in spread)
    assert len(set(spread)) > 40
    assert spread[0] == next_attempt_delay(300, 4, rng=random.Random(0))


def test_negative_interval_rejected() -> None:
    with pytest.raises(ValueError):
        next_attempt_delay(-1, 1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_same_host_waits_other_hosts_do_not() -> None:
    clock = FakeClock()
    throttle = HostThrottle(2.0, clock=clock, sleep=clock.sleep)
    assert throttle.wait("www.example.gov.cn") == 0
    clock.now += 0.5
    assert throttle.wait("WWW.example.gov.cn") == pytest.approx(1.5)  # host names ignore case
    assert throttle.wait("news.example.com.cn") == 0
    clock.now += 5
    assert throttle.wait("www.example.gov.cn") == 0
    assert clock.slept == [pytest.approx(1.5)]


def test_threads_get_distinct_slots() -> None:
    clock = FakeClock()
    recorded: list[float] = []
    lock = threading.Lock()

    def fake_sleep(seconds: float) -> None:  # the clock stands still: only slots are tested
        with lock:
            recorded.append(seconds)

    throttle = HostThrottle(1.0, clock=clock, sleep=fake_sleep)
    start = threading.Barrier(20)

    def worker() -> None:
        start.wait()
        throttle.wait("12345.example.gov.cn")

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(recorded) == [float(n) for n in range(1, 20)]  # plus one that did not wait
