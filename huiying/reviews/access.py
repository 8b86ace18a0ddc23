"""Which drafts a person sees, and the page policy for review pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from huiying.org.permissions import visible_units
from huiying.reviews.models import Draft

View = Callable[..., HttpResponse]

# Draft bodies may hold inline (data:) images; nothing else is loosened.
REVIEW_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def review_csp(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = REVIEW_CSP
        return response

    return wrapped


def visible_drafts(user: Any) -> QuerySet[Draft]:
    return Draft.objects.filter(unit__in=visible_units(user)).select_related(
        "unit", "author", "case"
    )


def draft_for(user: Any, pk: int) -> Draft:
    """The draft if the user's units include its unit; 404 otherwise (no existence leak)."""
    return get_object_or_404(visible_drafts(user), pk=pk)
