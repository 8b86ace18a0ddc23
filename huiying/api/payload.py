"""Reading pushed complaint records from a JSON body.

Read fields: channel, external_id (or id), title, content, category, received_at, unit.
Every other key is ignored — in particular a complainant's name, phone number or ID
number is never read, stored or returned, whatever the key is called.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huiying.api.http import ApiError, Formatted, both

MAX_BATCH = 500
MAX_BODY = 10 * 1024 * 1024
TEXT_FIELDS = ("channel", "external_id", "title", "content", "category", "unit")


@dataclass
class Record:
    index: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, name: str, message: Any, **params: Any) -> None:
        zh, en = both(Formatted(message, params))
        self.errors.append({"index": self.index, "field": name, "message": zh, "message_en": en})


def read_json(body: bytes) -> Any:
    if len(body) > MAX_BODY:
        raise ApiError(413, "too_large", _("请求体太大：不能超过 10 MB。"))
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(400, "bad_json", _("请求体不是有效的 JSON（须为 UTF-8 编码）。")) from None


def records_of(data: Any) -> tuple[list[Any], bool]:
    """The pushed records and whether the body was a batch: one object, a list of
    objects, or {"complaints": [...]}."""
    if isinstance(data, dict) and isinstance(data.get("complaints"), list):
        rows, batch = data["complaints"], True
    elif isinstance(data, list):
        rows, batch = data, True
    elif isinstance(data, dict):
        rows, batch = [data], False
    else:
        raise ApiError(400, "bad_shape", _("请求体应是一个诉求对象，或诉求对象的数组。"))
    if not rows:
        raise ApiError(400, "empty", _("没有诉求记录。"))
    if len(rows) > MAX_BATCH:
        raise ApiError(
            400, "too_many", _("一次最多推送 %(limit)d 条诉求。"), params={"limit": MAX_BATCH}
        )
    return rows, batch


def _datetime(raw: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def parse_record(index: int, row: Any) -> Record:
    record = Record(index)
    if not isinstance(row, dict):
        record.error("", _("每条记录应是一个 JSON 对象。"))
        return record
    row = dict(row)
    if "external_id" not in row and "id" in row:
        row["external_id"] = row["id"]
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value is None:
            continue
        if name == "external_id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if name == "content" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n".join(value)
        if not isinstance(value, str):
            record.error(name, _("%(field)s 应为字符串。"), field=name)
            continue
        record.values[name] = value
    raw_time = row.get("received_at")
    if raw_time is not None:
        when = _datetime(raw_time) if isinstance(raw_time, str) else None
        if when is None:
            record.error(
                "received_at",
                _("受理时间无法识别，请使用 ISO 8601 格式，例如 2025-09-22T10:00:00+08:00。"),
            )
        else:
            record.values["received_at"] = when
    return record
