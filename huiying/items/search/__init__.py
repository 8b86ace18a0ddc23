"""Search over items behind one interface: SQLite FTS5 or PostgreSQL tsvector over the
pre-segmented `Item.tokens`. Candidates come from the index; phrases and exclusions are
confirmed on the folded text so results are exact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from huiying.core.highlight import snippet
from huiying.core.query import SearchQuery, parse_search
from huiying.core.text import fold
from huiying.items.models import Item


@dataclass
class Hit:
    item: Item
    title_html: str
    snippet_html: str


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[Hit]
    more: bool  # there are further matches beyond this page


def _backend():  # type: ignore[no-untyped-def]
    if connection.vendor == "postgresql":
        from huiying.items.search import postgres as backend
    else:
        from huiying.items.search import sqlite as backend
    return backend


def _confirm(item: Item, query: SearchQuery) -> bool:
    folded = fold(f"{item.title}\n{item.text}")
    for term in query.terms:
        present = term.text in folded if term.phrase else all(tok in folded for tok in term.tokens)
        if present == term.negated:
            return False
    return True


def search_items(
    raw: str,
    *,
    segmenter=None,  # type: ignore[no-untyped-def]
    source_ids: list[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    before_id: int | None = None,
) -> SearchResult:
    """Newest first. `before_id` pages backwards (pass the last hit's id)."""
    from huiying.items.ingest import default_context

    segmenter = segmenter or default_context().segmenter
    query = parse_search(raw, segmenter)
    if not query.positive:
        return SearchResult(query=query, hits=[], more=False)
    backend = _backend()
    # Plain words are exact already (every token came from the same folded text);
    # only phrases and exclusions need the folded text checked.
    confirm = any(t.phrase or t.negated for t in query.terms)
    hits: list[Hit] = []
    cursor = before_id
    # Fetch candidate ids in pages, newest first, until enough are confirmed.
    for _round in range(20):
        ids = backend.candidate_ids(
            query,
            limit=limit * 2 if confirm else limit + 1,
            before_id=cursor,
            source_ids=source_ids,
            since=since,
            until=until,
        )
        if not ids:
            return SearchResult(query=query, hits=hits, more=False)
        by_id = (
            Item.objects.select_related("source")
            .defer("html", "tokens", "fingerprint")
            .in_bulk(ids)
        )
        for item_id in ids:
            item = by_id.get(item_id)
            if item is not None and (not confirm or _confirm(item, query)):
                terms = query.highlight_terms
                hits.append(
                    Hit(item, snippet(item.title, terms, width=200), snippet(item.text, terms))
                )
                if len(hits) >= limit:
                    return SearchResult(query=query, hits=hits, more=True)
        cursor = ids[-1]
    return SearchResult(query=query, hits=hits, more=True)
