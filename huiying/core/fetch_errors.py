"""The one error type of the fetching layer, with messages a non-technical user understands.

It has its own module because fetch, charset and netguard all raise it and fetch imports
the other two.
"""

from __future__ import annotations

from typing import Literal

FetchErrorCode = Literal[
    "timeout",
    "connect",
    "http_status",
    "too_large",
    "redirect_loop",
    "too_many_redirects",
    "blocked_address",
    "empty_body",
    "undecodable",
    "bad_url",
    "tls",
]

# What each status means to a reader, not the RFC's reason phrase.
_STATUS_MEANING = {
    400: "请求有误",
    401: "需要登录才能访问",
    403: "禁止访问",
    404: "页面不存在",
    405: "不允许此种访问方式",
    406: "服务器无法提供可接受的内容",
    408: "服务器等待请求超时",
    410: "页面已被删除",
    429: "访问过于频繁，被服务器限制",
    451: "因法律原因无法访问",
    500: "服务器内部错误",
    501: "服务器不支持此功能",
    502: "网关错误，上游服务器无响应",
    503: "服务暂时不可用",
    504: "网关超时",
}


def status_meaning(status: int) -> str:
    """Chinese gloss for an HTTP status, e.g. 404 → 页面不存在."""
    if status in _STATUS_MEANING:
        return _STATUS_MEANING[status]
    if 400 <= status < 500:
        return "请求被服务器拒绝"
    if status >= 500:
        return "服务器出现故障"
    return "非预期的响应"


class FetchError(Exception):
    """A fetch failed.

    `code` is a stable English slug for programs; `message` is one plain Chinese sentence
    for the user; `detail` is technical text for the log.
    """

    def __init__(
        self,
        code: FetchErrorCode,
        message: str,
        detail: str = "",
        *,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.code: FetchErrorCode = code
        self.message = message
        self.detail = detail
        self.status = status

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str, str], dict[str, int | None]]:
        # Task queues pickle exceptions; the default would call __init__ with one argument.
        return (type(self), (self.code, self.message, self.detail), {"status": self.status})
