"""The OpenAPI 3.1 document served at /api/openapi.json. It describes every API route
and shape actually served; tests/api/test_openapi.py checks the routes against it."""

from __future__ import annotations

from typing import Any

from huiying.api.models import Scope
from huiying.api.payload import MAX_BATCH
from huiying.complaints.incoming import LIMITS
from huiying.complaints.models import Status

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


_DATETIME = {"type": "string", "format": "date-time"}
_NULLABLE_DATETIME = {"type": ["string", "null"], "format": "date-time"}
_TEXT = {"type": "string"}
_PATH_PARAMS = [
    {
        "name": "channel",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "maxLength": LIMITS["channel"]},
        "description": "渠道，如 12345热线 (channel; URL-encode non-ASCII characters)",
    },
    {
        "name": "external_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "maxLength": LIMITS["external_id"]},
        "description": "渠道内的工单编号 (the record's id in its channel)",
    },
]
_AUTH_ERRORS = {
    "401": _error("缺少令牌或令牌无效 (missing, unknown or revoked token)"),
    "403": _error("令牌没有所需权限范围，或诉求属于其他单位 (wrong scope or another unit)"),
}


_COMPLAINT_PROPERTIES: dict[str, Any] = {
    "channel": _TEXT,
    "external_id": _TEXT,
    "title": _TEXT,
    "category": _TEXT,
    "status": {
        "type": "string",
        "enum": list(Status.values),
        "description": "received 待分派 / assigned 已分派 / replied 已答复 / "
        "closed 已办结 / reopened 已重新打开",
    },
    "status_label": {**_TEXT, "description": "状态的中文名称"},
    "unit": {"oneOf": [_ref("Unit"), {"type": "null"}]},
    "received_at": _DATETIME,
    "due_at": {**_DATETIME, "description": "答复时限（工作日计）"},
    "reply": {**_TEXT, "description": "答复内容，供原平台展示；未答复时为空"},
    "replied_at": _NULLABLE_DATETIME,
    "closed_at": _NULLABLE_DATETIME,
    "reopened_count": {"type": "integer", "minimum": 0},
    "updated_at": _DATETIME,
}


def _schemas() -> dict[str, Any]:
    text = _TEXT
    return {
        "ComplaintIn": {
            "type": "object",
            "description": (
                "一条诉求记录。未列出的字段一律忽略：来电人姓名、电话、身份证号等个人信息"
                "不会被读取或保存。A complaint record; any other field (a complainant's name, "
                "phone or ID number in particular) is ignored and never stored."
            ),
            "required": ["channel", "external_id", "content"],
            "properties": {
                "channel": {**text, "maxLength": LIMITS["channel"], "example": "12345热线"},
                "external_id": {
                    "type": ["string", "integer"],
                    "maxLength": LIMITS["external_id"],
                    "description": "渠道内唯一的编号；也可写作 id。Unique within the channel.",
                    "example": "QH250922001",
                },
                "title": {**text, "maxLength": LIMITS["title"]},
                "content": {
                    "oneOf": [
                        {**text, "maxLength": LIMITS["content"]},
                        {"type": "array", "items": text},
                    ],
                    "description": "诉求内容；数组按段落连接。Text, or paragraphs as an array.",
                },
                "category": {**text, "maxLength": LIMITS["category"]},
                "received_at": {
                    **_DATETIME,
                    "description": "受理时间，ISO 8601；不带时区按本单位时区；缺省为收到时间。",
                },
                "unit": {
                    **text,
                    "description": (
                        "承办单位代码；缺省时按分派规则分派。Unit code; when absent, "
                        "the assignment rules decide."
                    ),
                },
            },
        },
        "ComplaintBatchIn": {
            "type": "object",
            "required": ["complaints"],
            "properties": {
                "complaints": {
                    "type": "array",
                    "items": _ref("ComplaintIn"),
                    "minItems": 1,
                    "maxItems": MAX_BATCH,
                }
            },
        },
        "Unit": {
            "type": "object",
            "required": ["code", "name"],
            "properties": {"code": text, "name": text},
        },
        "Complaint": {
            "type": "object",
            "required": list(_COMPLAINT_PROPERTIES),
            "properties": _COMPLAINT_PROPERTIES,
        },
        "PushBatchResult": {
            "type": "object",
            "required": ["created", "existing", "complaints"],
            "properties": {
                "created": {"type": "integer"},
                "existing": {"type": "integer"},
                "complaints": {"type": "array", "items": _ref("Complaint")},
            },
        },
        "ComplaintPage": {
            "type": "object",
            "required": ["complaints", "next_cursor"],
            "properties": {
                "complaints": {"type": "array", "items": _ref("Complaint")},
                "next_cursor": {
                    "type": ["string", "null"],
                    "description": "下一页的 cursor；null 表示没有更多。",
                },
            },
        },
        "ReopenIn": {
            "type": "object",
            "required": ["reason"],
            "properties": {"reason": {**text, "maxLength": 2000, "example": "问题仍未解决"}},
        },
        "FieldError": {
            "type": "object",
            "required": ["field", "message", "message_en"],
            "properties": {
                "index": {"type": "integer", "description": "批量推送时记录的序号（从 0 起）"},
                "field": {"type": ["string", "null"]},
                "message": text,
                "message_en": text,
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "message_en"],
                    "properties": {
                        "code": text,
                        "message": {**text, "description": "中文说明"},
                        "message_en": {**text, "description": "English explanation"},
                        "fields": {"type": "array", "items": _ref("FieldError")},
                    },
                }
            },
        },
    }


def _paths() -> dict[str, Any]:
    read: list[dict[str, list[str]]] = [{"bearerAuth": []}]
    return {
        "/api/complaints": {
            "get": {
                "operationId": "listComplaints",
                "tags": ["complaints"],
                "summary": "按更新时间列出诉求 (complaints changed since a time, paged)",
                "description": f"需要 `{Scope.COMPLAINTS_READ}`。按 updated_at 升序；"
                "把上一页的 next_cursor 作为 cursor 取下一页。",
                "security": read,
                "parameters": [
                    {
                        "name": "updated_since",
                        "in": "query",
                        "schema": _DATETIME,
                        "description": "只列出此时间之后有变化的诉求（ISO 8601）",
                    },
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                    },
                ],
                "responses": {
                    "200": _json(_ref("ComplaintPage"), "一页诉求"),
                    "400": _error("参数无效"),
                    **_AUTH_ERRORS,
                },
            },
            "post": {
                "operationId": "pushComplaints",
                "tags": ["complaints"],
                "summary": "推送一条或多条诉求 (push one or many complaint records)",
                "description": f"需要 `{Scope.COMPLAINTS_WRITE}`。按（渠道, 编号）幂等：已存在的"
                "记录原样返回，不作修改。任何一条有误则整批不保存，返回 400。",
                "security": read,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [
                                    _ref("ComplaintIn"),
                                    _ref("ComplaintBatchIn"),
                                    {"type": "array", "items": _ref("ComplaintIn")},
                                ]
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(
                        {"oneOf": [_ref("Complaint"), _ref("PushBatchResult")]},
                        "至少新建了一条 (at least one record was new)",
                    ),
                    "200": _json(
                        {"oneOf": [_ref("Complaint"), _ref("PushBatchResult")]},
                        "全部已存在 (every record was already stored)",
                    ),
                    "400": _error("数据有误，附逐条逐字段的说明 (field errors)"),
                    "413": _error("请求体超过 10 MB"),
                    **_AUTH_ERRORS,
                },
            },
        },
        "/api/complaints/{channel}/{external_id}": {
            "get": {
                "operationId": "getComplaint",
                "tags": ["complaints"],
                "summary": "读取一条诉求的办理情况 (status and reply, for the originating platform)",
                "description": f"需要 `{Scope.COMPLAINTS_READ}`。",
                "security": read,
                "parameters": _PATH_PARAMS,
                "responses": {
                    "200": _json(_ref("Complaint"), "诉求"),
                    "404": _error("没有这条诉求"),
                    **_AUTH_ERRORS,
                },
            }
        },
        "/api/complaints/{channel}/{external_id}/reopen": {
            "post": {
                "operationId": "reopenComplaint",
                "tags": ["complaints"],
                "summary": "群众不满意，重新打开 (the complainant is not satisfied)",
                "description": f"需要 `{Scope.COMPLAINTS_WRITE}`。只有已答复或已办结的诉求可以"
                "重新打开；重新打开后按新的时限重新办理。",
                "security": read,
                "parameters": _PATH_PARAMS,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ReopenIn")}},
                },
                "responses": {
                    "200": _json(_ref("Complaint"), "已重新打开"),
                    "400": _error("缺少原因"),
                    "404": _error("没有这条诉求"),
                    "409": _error("当前状态不能重新打开，或诉求正被他人修改"),
                    **_AUTH_ERRORS,
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["meta"],
                "summary": "本文档 (this document)",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1 document"}},
            }
        },
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "huiying 回应 API",
            "version": VERSION,
            "description": (
                "诉求的推送与办理情况读取。每个对接系统使用自己的令牌：`Authorization: Bearer "
                "<token>`。Push complaints in and read their status and reply out; one token "
                "per integration. See docs/api.md."
            ),
        },
        "tags": [
            {"name": "complaints", "description": "诉求 (complaints)"},
            {"name": "meta", "description": "接口说明 (about the API)"},
        ],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "创建令牌：huiying apitoken create NAME --unit CODE --scope …",
                }
            },
            "schemas": _schemas(),
        },
    }
