"""SQL filters shared by both search backends."""

from __future__ import annotations

from datetime import datetime

from django.db import connection


def add_filters(
    sql: str,
    params: list[object],
    id_column: str,
    before_id: int | None,
    source_ids: list[int] | None,
    since: datetime | None,
    until: datetime | None,
) -> tuple[str, list[object]]:
    if before_id is not None:
        sql += f" AND {id_column} < %s"
        params.append(before_id)
    if source_ids:
        sql += " AND i.source_id IN (" + ",".join(["%s"] * len(source_ids)) + ")"
        params.extend(source_ids)
    if since is not None:
        sql += " AND i.fetched_at >= %s"
        params.append(connection.ops.adapt_datetimefield_value(since))
    if until is not None:
        sql += " AND i.fetched_at < %s"
        params.append(connection.ops.adapt_datetimefield_value(until))
    return sql, params
