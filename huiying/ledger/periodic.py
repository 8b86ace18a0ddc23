"""Scheduler jobs: start each recurring task's new period as the calendar reaches it."""

from __future__ import annotations

from collections.abc import Callable

from huiying.ledger.occurrences import ensure_occurrences


def jobs() -> list[tuple[str, float, Callable[[], object]]]:
    # Hourly is plenty: periods begin at midnight and pages also top them up on view.
    return [("ledger periods", 3600.0, ensure_occurrences)]
