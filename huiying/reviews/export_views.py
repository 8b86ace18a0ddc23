"""Downloads of an approved or published draft: DOCX, PDF, website HTML."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from huiying import documents
from huiying.reviews.access import draft_for
from huiying.reviews.exports import document_for
from huiying.reviews.models import Status
from huiying.web.access import require

FORMATS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        documents.render_docx,
    ),
    "pdf": ("application/pdf", documents.render_pdf),
    "html": (
        "text/html; charset=utf-8",
        lambda doc: documents.render_html(doc, standalone=True).encode("utf-8"),
    ),
}


@require_GET
@require("view_drafts")
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    draft = draft_for(request.user, pk)
    if fmt not in FORMATS or draft.status not in (Status.APPROVED, Status.PUBLISHED):
        raise Http404
    content_type, render = FORMATS[fmt]
    response = HttpResponse(render(document_for(draft)), content_type=content_type)
    name = f"{draft.title[:60]}.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"draft-{draft.pk}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    )
    # A downloaded page is opened from disk; still forbid anything active if shown inline.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    return response
