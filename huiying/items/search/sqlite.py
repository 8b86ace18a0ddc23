"""SQLite FTS5 over Item.tokens (an external-content table kept by triggers)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from huiying.core.query import SearchQuery
from huiying.items.search.filters import add_filters

SETUP_SQL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5("
    "tokens, content='items_item', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS items_fts_ai AFTER INSERT ON items_item BEGIN "
    "INSERT INTO items_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS items_fts_ad AFTER DELETE ON items_item BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS items_fts_au AFTER UPDATE OF tokens ON items_item BEGIN "
    "INSERT INTO items_fts(items_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO items_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO items_fts(items_fts) VALUES ('rebuild')",
]
TEARDOWN_SQL = [
    "DROP TRIGGER IF EXISTS items_fts_ai",
    "DROP TRIGGER IF EXISTS items_fts_ad",
    "DROP TRIGGER IF EXISTS items_fts_au",
    "DROP TABLE IF EXISTS items_fts",
]


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: SearchQuery) -> str:
    # Every token of every positive term must be present; phrases are confirmed later on
    # the folded text (index tokens include sub-words, so adjacency is not reliable).
    return " AND ".join(_quote(tok) for term in query.positive for tok in term.tokens)


def candidate_ids(
    query: SearchQuery,
    *,
    limit: int,
    before_id: int | None,
    source_ids: list[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[int]:
    sql = "SELECT f.rowid FROM items_fts f JOIN items_item i ON i.id = f.rowid WHERE items_fts MATCH %s"
    params: list[object] = [match_expression(query)]
    sql, params = add_filters(sql, params, "f.rowid", before_id, source_ids, since, until)
    sql += " ORDER BY f.rowid DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]
