"""PostgreSQL: a generated tsvector('simple') over Item.tokens with a GIN index."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from huiying.core.query import SearchQuery
from huiying.items.search.filters import add_filters

SETUP_SQL = [
    "ALTER TABLE items_item ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX IF NOT EXISTS items_item_search_gin ON items_item USING GIN (search_vector)",
]
TEARDOWN_SQL = [
    "DROP INDEX IF EXISTS items_item_search_gin",
    "ALTER TABLE items_item DROP COLUMN IF EXISTS search_vector",
]


def candidate_ids(
    query: SearchQuery,
    *,
    limit: int,
    before_id: int | None,
    source_ids: list[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[int]:
    tokens = [tok for term in query.positive for tok in term.tokens]
    # plainto_tsquery ANDs the tokens and quotes them safely.
    sql = "SELECT i.id FROM items_item i WHERE i.search_vector @@ plainto_tsquery('simple', %s)"
    params: list[object] = [" ".join(tokens)]
    sql, params = add_filters(sql, params, "i.id", before_id, source_ids, since, until)
    sql += " ORDER BY i.id DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]
