"""Office import files (CSV or JSONL) to entries: public posts and complaint exports.

One bad row never stops a file: it becomes a RowError with its line number and a
reason in Chinese, and the good rows still come through. Only a problem with the
whole file (empty, no usable header, a JSON array) raises ParseError. Columns are
documented for users in docs/import-format.md.
"""

from __future__ import annotations

import codecs
import csv
import html as html_lib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Literal

import charset_normalizer

from huiying.core.dates import FUTURE_SLACK, parse_datetime
from huiying.core.entries import ParseError, RawEntry
from huiying.core.sanitise import html_to_text, sanitise_html
from huiying.core.text import to_simplified
from huiying.core.urls import canonical_url

Kind = Literal["posts", "complaints"]
Format = Literal["csv", "jsonl"]

# field → accepted column names, in order of preference. Any column not listed is
# ignored; in particular caller names and phone numbers in 12345 exports are never read.
POST_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "文章编号", "序号"),
    "title": ("title", "标题"),
    "text": ("text", "content", "body", "正文", "内容", "文本"),
    "url": ("url", "link", "链接", "原文链接", "网址"),
    "source": ("source", "site", "来源", "媒体", "站点", "网站"),
    "author": ("author", "作者", "发布者"),
    "published_at": (
        "published_at",
        "published",
        "pubdate",
        "date",
        "发布时间",
        "发布日期",
        "时间",
    ),
}
COMPLAINT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "工单编号", "工单号", "留言编号", "序号"),
    "title": ("title", "标题", "主题", "留言标题"),
    "content": ("content", "text", "内容", "诉求内容", "留言内容", "问题描述"),
    "received_at": ("received_at", "受理时间", "留言时间", "来电时间", "登记时间", "提交时间"),
    "category": ("category", "类别", "诉求类别", "问题分类", "分类"),
    "channel": ("channel", "渠道", "来源渠道", "受理渠道", "来源"),
    "status": ("status", "状态", "办理状态"),
    "reply": ("reply", "答复内容", "回复内容", "答复", "回复"),
    "replied_at": ("replied_at", "答复时间", "回复时间"),
}
_LABELS = {
    "id": "编号（id）", "text": "内容（text/content）", "content": "内容（content）",
    "published_at": "发布时间", "received_at": "受理时间", "replied_at": "答复时间",
    "url": "链接",
}  # fmt: skip
_LOOKS_LIKE_HTML = re.compile(r"<(?:p|br|div|span|a|img|strong|b|i|em|ul|li|h\d)\b", re.I)
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 — Excel serials are local wall time
_EXCEL_1970 = 25569


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    """`entries` pair each entry with the line it starts on (the header is line 1
    in CSV); `fmt` and `encoding` say how the file was read."""

    entries: list[tuple[int, RawEntry]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    fmt: Format = "csv"
    encoding: str = "utf-8"


def read_import(
    data: bytes,
    *,
    kind: Kind,
    fmt: Format | None = None,
    now: datetime,
    tz: tzinfo,
) -> ImportResult:
    """Read a CSV or JSONL file (format detected when `fmt` is None) in UTF-8, with
    or without BOM, UTF-16 with BOM, GB18030 or Big5. Naive times are in `tz`."""
    text, encoding = decode(data)
    if not text.strip():
        raise ParseError("empty", "内容为空。")
    first = text.lstrip()[:1]
    if first == "[":
        raise ParseError("json_array", "文件是一个 JSON 数组；请改为每行一个 JSON 对象（JSONL）。")
    fmt = fmt or ("jsonl" if first == "{" else "csv")
    columns = POST_COLUMNS if kind == "posts" else COMPLAINT_COLUMNS
    result = ImportResult(fmt=fmt, encoding=encoding)
    rows = _csv_rows(text, columns) if fmt == "csv" else _jsonl_rows(text, columns)
    for line, row in rows:
        if isinstance(row, str):
            result.errors.append(RowError(line, row))
            continue
        try:
            entry = _post(row, now, tz) if kind == "posts" else _complaint(row, now, tz)
        except _RowProblem as problem:
            result.errors.append(RowError(line, str(problem)))
        else:
            result.entries.append((line, entry))
    return result


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with. Excel in mainland China saves CSV in
    GB18030 (GBK), in Taiwan and Hong Kong in Big5; both decode many byte strings
    without error, so when both succeed charset-normalizer decides."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {}
    for encoding in ("gb18030", "cp950"):
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 2:
        best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        choice = "cp950" if best is not None and best.encoding == "big5" else "gb18030"
        return decoded[choice], choice
    if decoded:
        encoding, text = next(iter(decoded.items()))
        return text, encoding
    return data.decode("gb18030", errors="replace"), "gb18030"


class _RowProblem(Exception):
    """A reason, in Chinese, that one row cannot be imported."""


Row = dict[str, str]
_HEADER_SEARCH_ROWS = 5  # exports often start with a title row above the header


def _header_key(name: str) -> str:
    """Width, case and script folded: 編號, 编号 and ＩＤ match their aliases."""
    name = to_simplified(unicodedata.normalize("NFKC", name)).strip().lower()
    return re.sub(r"[\s*]|\(必填\)", "", name)


def _mapping(headers: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """field → index of the first column holding it."""
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(_header_key(header), index)
    found = {}
    for name, aliases in columns.items():
        for alias in aliases:
            if (column := by_key.get(_header_key(alias))) is not None:
                found[name] = column
                break
    return found


def _missing(mapping: dict[str, int], columns: dict[str, tuple[str, ...]]) -> list[str]:
    body = "text" if "text" in columns else "content"
    return [_LABELS[name] for name in ("id", body) if name not in mapping]


def _csv_rows(text: str, columns: dict[str, tuple[str, ...]]) -> Iterator[tuple[int, Row | str]]:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    mapping: dict[str, int] | None = None
    missing: list[str] = []
    seen = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield line, f"无法读取此行（{exc}）。"
            continue
        if not any(cell.strip() for cell in cells):
            continue  # Excel leaves rows of empty cells at the end
        if mapping is not None:
            yield line, _pick(cells, mapping)
            continue
        candidate = _mapping(cells, columns)
        if not (missing := _missing(candidate, columns)):
            mapping = candidate
            continue
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    if mapping is None:
        raise ParseError(
            "missing_columns",
            f"表头缺少必需的列：{'、'.join(missing) or '编号（id）'}。第一行应为列名。",
        )


def _jsonl_rows(text: str, columns: dict[str, tuple[str, ...]]) -> Iterator[tuple[int, Row | str]]:
    # split("\n"), not splitlines(): U+2028 and friends are legal inside JSON strings.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.strip()
        if not raw:
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield (
                number,
                f"不是有效的 JSON（第 {exc.colno} 个字符附近：{_JSON_REASONS.get(exc.msg, exc.msg)}）。",
            )
            continue
        if not isinstance(obj, dict):
            yield number, "这一行应是一个 JSON 对象（{…}）。"
            continue
        yield number, _pick([_cell(v) for v in obj.values()], _mapping(list(obj), columns))


_JSON_REASONS = {
    "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "键名须用双引号",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束引号",
    "Extra data": "一行只能有一个对象",
    "Invalid control character at": "字符串中有控制字符",
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _pick(cells: list[str], mapping: dict[str, int]) -> Row:
    return {name: cells[i].strip() if i < len(cells) else "" for name, i in mapping.items()}


def _post(row: Row, now: datetime, tz: tzinfo) -> RawEntry:
    ident = _required(row, "id")
    body = _required(row, "text")
    url = _url(row.get("url", ""))
    text, html = _body(body, base_url=url or None)
    source = row.get("source", "")
    return RawEntry(
        url=url,
        title=_one_line(row.get("title", "")),
        text=text,
        html=html,
        published_at=_time(row, "published_at", now, tz),
        author=_one_line(row.get("author", "")),
        guid=ident,
        extra={"source": source} if source else {},
    )


def _complaint(row: Row, now: datetime, tz: tzinfo) -> RawEntry:
    ident = _required(row, "id")
    text, html = _body(_required(row, "content"), base_url=None)
    replied_at = _time(row, "replied_at", now, tz)
    extra = {
        name: value
        for name in ("category", "channel", "status")
        if (value := _one_line(row.get(name, "")))
    }
    if reply := row.get("reply", ""):
        extra["reply"] = _body(reply, base_url=None)[0]
    if replied_at is not None:
        extra["replied_at"] = replied_at.isoformat()
    return RawEntry(
        url="",
        title=_one_line(row.get("title", "")),
        text=text,
        html=html,
        published_at=_time(row, "received_at", now, tz),
        author="",  # never the person who complained
        guid=f"{extra.get('channel') or 'unknown'}:{ident}",
        extra=extra,
    )


def _required(row: Row, name: str) -> str:
    value = row.get(name, "")
    if not value:
        raise _RowProblem(f"缺少{_LABELS[name]}。")
    return value


def _body(value: str, *, base_url: str | None) -> tuple[str, str]:
    """(plain text, safe html); cells may hold plain text or HTML debris."""
    if _LOOKS_LIKE_HTML.search(value):
        return html_to_text(value), sanitise_html(value, base_url=base_url)
    lines = [" ".join(line.split()) for line in value.splitlines()]
    lines = [line for line in lines if line]
    return "\n".join(lines), "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _url(value: str) -> str:
    if not value:
        return ""
    if value.startswith("www."):  # Excel users often drop the scheme
        value = "http://" + value
    url = canonical_url(value)
    if not re.match(r"https?://[^/\s]+", url):
        raise _RowProblem(f"链接“{value}”不是有效的网址（应以 http:// 或 https:// 开头）。")
    return url


def _time(row: Row, name: str, now: datetime, tz: tzinfo) -> datetime | None:
    raw = row.get(name, "")
    if not raw:
        return None
    when = parse_datetime(raw, now=now, tz=tz)
    if when is None and _EXCEL_SERIAL.fullmatch(raw) and float(raw) >= _EXCEL_1970:
        # A date cell Excel wrote out as its serial day number (45409.29 …).
        when = (_EXCEL_EPOCH + timedelta(days=float(raw))).replace(tzinfo=tz)
    if when is None:
        raise _RowProblem(f"{_LABELS[name]}“{raw}”无法识别，请写成 2024-04-27 07:05 这样的格式。")
    if when > now + FUTURE_SLACK:
        raise _RowProblem(f"{_LABELS[name]}“{raw}”晚于当前时间，请检查是否有误。")
    return when
