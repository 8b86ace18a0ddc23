"""`{% linked_matters event %}`: the cases and complaints linked to an event, as far as
the person looking may see them (the event page includes it)."""

from __future__ import annotations

from typing import Any

from django import template

from huiying.cases.trail import visible_cases
from huiying.complaints.access import visible_complaints

register = template.Library()
SHOWN = 50


@register.inclusion_tag("cases/_linked.html", takes_context=True)
def linked_matters(context: Any, event: Any) -> dict[str, Any]:
    user = context["request"].user
    cases = visible_cases(user).filter(event=event).select_related("unit")
    complaints = visible_complaints(user).filter(event=event).select_related("unit")
    return {
        "linked_cases": list(cases.order_by("-opened_at", "-id")[:SHOWN]),
        "linked_complaints": list(complaints.order_by("-received_at", "-id")[:SHOWN]),
        "complaint_count": complaints.count(),
    }
