"""An approved draft as an official document: DOCX (title, body, issuing unit, date),
PDF, and clean HTML for the website, rendered by huiying.documents."""

from __future__ import annotations

from django.utils import timezone

from huiying.documents import Document, RichText
from huiying.reviews.models import Draft


def document_for(draft: Draft) -> Document:
    """The version that passed 终审; dated by its first publication, else its approval."""
    first = draft.publications.order_by("published_at").first()
    moment = first.published_at if first else (draft.approved_at or draft.updated_at)
    return Document(
        title=draft.title,
        blocks=[RichText(draft.body)],
        issuer=draft.unit.name,
        date=timezone.localtime(moment).date(),
    )
