"""What one user's dashboard counts: the records of the units that user may see, decided
by the same functions the list pages use, so a figure and the list it links to agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from huiying.cases.models import Case
from huiying.cases.trail import visible_cases
from huiying.complaints.access import visible_complaints
from huiying.complaints.models import Complaint
from huiying.items.views import sees_all_sources
from huiying.org.permissions import has_perm
from huiying.sources.models import Source
from huiying.web.access import visible_sources


@dataclass(frozen=True)
class Scope:
    sources: QuerySet[Source]
    # Ids of the sources whose items the user sees; None when that is every source.
    source_ids: list[int] | None
    cases: QuerySet[Case]
    complaints: QuerySet[Complaint]
    can: frozenset[str]  # the dashboard sections the user may open


SECTIONS = ("view_items", "view_events", "view_cases", "view_complaints", "view_sources")


def scope_of(user: Any) -> Scope:
    sources = visible_sources(user)
    every = sees_all_sources(user)
    return Scope(
        sources=sources,
        source_ids=None if every else list(sources.values_list("id", flat=True)),
        cases=visible_cases(user),
        complaints=visible_complaints(user),
        can=frozenset(verb for verb in SECTIONS if has_perm(user, verb)),
    )
