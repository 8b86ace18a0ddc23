"""Review figures for reports (三审三校 section), computed from the decisions on record."""

from __future__ import annotations

import statistics
from datetime import datetime

from django.db.models import QuerySet

from huiying.org.models import Unit
from huiying.reviews.models import (
    DraftPublication,
    Level,
    Outcome,
    ReviewDecision,
    Submission,
)


def _hours(seconds: list[float]) -> list[float]:
    return sorted(s / 3600 for s in seconds)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 2)
    # Inclusive method: the 90th percentile lies within the observed range.
    return round(statistics.quantiles(values, n=10, method="inclusive")[-1], 2)


def review_figures(start: datetime, end: datetime, units: QuerySet[Unit] | None) -> dict:
    """Figures for drafts of `units` (all units when None) in [start, end).

    Keys:
    - ``submitted``: drafts sent to review (送审) at least once in the period (a resubmission
      after a return does not count the draft twice).
    - ``approved``: drafts whose 终审 approval falls in the period.
    - ``returned``: drafts returned (退回) at least once in the period, at any level.
    - ``published``: drafts with a publication recorded (published_at) in the period.
    - ``review_hours_median`` / ``review_hours_p90``: hours from a draft's first
      submission to its 终审 approval, over the drafts approved in the period; None when
      there are none. Calendar hours, returns and rework included.
    - ``level_hours_median``: {"1": h, "2": h, "3": h} — median hours a draft waited at
      each level (from reaching the level to the decision, approve or return), over
      decisions taken in the period; None for a level with no decisions.
    """
    submissions = Submission.objects.filter(at__gte=start, at__lt=end)
    decisions = ReviewDecision.objects.filter(at__gte=start, at__lt=end)
    publications = DraftPublication.objects.filter(published_at__gte=start, published_at__lt=end)
    if units is not None:
        submissions = submissions.filter(draft__unit__in=units)
        decisions = decisions.filter(draft__unit__in=units)
        publications = publications.filter(draft__unit__in=units)
    finals = decisions.filter(level=Level.FINAL, outcome=Outcome.APPROVE)
    review = _hours(
        [
            (at - first).total_seconds()
            for at, first in finals.values_list("at", "draft__first_submitted_at")
            if first is not None
        ]
    )
    per_level: dict[str, float | None] = {}
    for level in Level:
        waits = _hours(
            [
                (at - since).total_seconds()
                for at, since in decisions.filter(level=level).values_list("at", "waiting_since")
            ]
        )
        per_level[str(int(level))] = _median(waits)
    return {
        "submitted": submissions.values("draft").distinct().count(),
        "approved": finals.values("draft").distinct().count(),
        "returned": decisions.filter(outcome=Outcome.RETURN).values("draft").distinct().count(),
        "published": publications.values("draft").distinct().count(),
        "review_hours_median": _median(review),
        "review_hours_p90": _p90(review),
        "level_hours_median": per_level,
    }
