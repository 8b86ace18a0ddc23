"""Scheduler jobs of the complaints app (huiying scheduler picks up `jobs()`)."""

from __future__ import annotations

from collections.abc import Callable

from huiying.complaints.reminders import run_reminders


def jobs() -> list[tuple[str, float, Callable[[], object]]]:
    # Idempotent across processes: every warning and late flag is a claimed UPDATE.
    return [("complaint deadlines", 60.0, run_reminders)]
