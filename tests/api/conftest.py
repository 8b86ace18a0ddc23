"""API fixtures: tokens for the 12345 platform (lead office) and for the housing bureau's
own message board, and a client that sends JSON with a bearer token."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from huiying.api.tokens import create_token


class ApiClient:
    def __init__(self, token: str | None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, headers=self._headers())

    def post(self, path: str, body=None, raw: bytes | None = None):
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.client.post(
            path, data, content_type="application/json", headers=self._headers()
        )


@pytest.fixture(autouse=True)
def _chinese():
    """Service messages are checked in Chinese; an English page request in an earlier
    test leaves English active in this thread (LocaleMiddleware never deactivates)."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def hotline_token(office):
    _token, secret = create_token(
        name="12345平台", unit=office, scopes=["complaints:write", "complaints:read"]
    )
    return secret


@pytest.fixture
def hotline(hotline_token):
    return ApiClient(hotline_token)


@pytest.fixture
def board(other_unit):
    """The housing bureau's own message board: reads and writes its own complaints."""
    _token, secret = create_token(
        name="住建局留言板", unit=other_unit, scopes=["complaints:write", "complaints:read"]
    )
    return ApiClient(secret)


@pytest.fixture
def jyj(db):
    from huiying.org.services import create_unit

    return create_unit(code="jyj", name="市教育局")


def record(number: str = "QH250922001", **changes):
    row = {
        "channel": "12345热线",
        "external_id": number,
        "title": "幸福里小区夜间施工噪音扰民",
        "content": "工地每天晚上十点以后还在切割钢筋，老人孩子都睡不着。",
        "category": "城乡建设",
        "received_at": "2025-09-22T10:00:00+08:00",
    }
    row.update(changes)
    return row
