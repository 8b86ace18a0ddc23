"""Sources' health: how many run, fail or are switched off, and the failing ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.urls import reverse

from huiying.sources.models import Source
from huiying.sources.views import HEALTH_FILTERS
from huiying.web.dashboard.scope import Scope

FAILING_SHOWN = 6


@dataclass
class SourceHealth:
    total: int
    counts: dict[str, int]  # by HEALTH_FILTERS key: ok, failing, disabled
    failing: list[Source] = field(default_factory=list)

    @property
    def urls(self) -> dict[str, str]:
        base = reverse("sources:list")
        return {"all": base, **{key: f"{base}?health={key}" for key in HEALTH_FILTERS}}


def health(scope: Scope, shown: int = FAILING_SHOWN) -> SourceHealth:
    counts: dict[str, Any] = scope.sources.aggregate(
        total=Count("id"), **{key: Count("id", filter=q) for key, q in HEALTH_FILTERS.items()}
    )
    total = counts.pop("total")
    failing = list(
        scope.sources.filter(HEALTH_FILTERS["failing"])
        .select_related("unit")
        .order_by("-consecutive_failures", "name")[:shown]
    )
    return SourceHealth(total, counts, failing)
