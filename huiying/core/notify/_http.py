"""One JSON POST for the webhook channels, with every network fault turned into a
DeliveryResult carrying a Chinese sentence. The robot URLs carry their secret (WeCom
key, DingTalk access_token), so messages name the host only, never the full URL.
"""

from __future__ import annotations

import json
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from huiying.core.notify.message import DeliveryResult, DeliveryStatus, failed, sent

USER_AGENT = "huiying/0.1 (notifications)"
MAX_REPLY_BYTES = 64 * 1024  # platform answers are a few dozen bytes; never buffer a flood
_RETRYABLE_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes

    def json_object(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is not one."""
        try:
            value = json.loads(self.body)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def snippet(self) -> str:
        return self.body[:300].decode("utf-8", errors="replace")


def encode_json(payload: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON with Chinese left readable; signatures are computed over these
    exact bytes, so they are produced once and sent as they are."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _secs(value: float) -> str:
    return f"{value:g}"


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _translate(exc: Exception, host: str, timeout: float) -> DeliveryResult:
    technical = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.ConnectTimeout):
        msg = f"连接超时：{host} 在 {_secs(timeout)} 秒内没有接受连接。"
        return failed("timeout", msg, retryable=True, technical=technical)
    if isinstance(exc, httpx.TimeoutException):
        msg = f"等待响应超时：{host} 在 {_secs(timeout)} 秒内没有回应。"
        return failed("timeout", msg, retryable=True, technical=technical)
    if (tls := _cause(exc, ssl.SSLError)) is not None:
        if isinstance(tls, ssl.SSLCertVerificationError):
            msg = f"与 {host} 建立加密连接（HTTPS）失败：证书无效、已过期或与地址不符。"
            return failed("tls", msg, retryable=False, technical=technical)
        msg = f"与 {host} 建立加密连接（HTTPS）失败。"
        return failed("tls", msg, retryable=True, technical=technical)
    if _cause(exc, socket.gaierror) is not None:
        msg = f"找不到服务器 {host}：域名无法解析，请检查地址或网络。"
        return failed("unreachable", msg, retryable=True, technical=technical)
    if _cause(exc, ConnectionRefusedError) is not None:
        msg = f"无法连接到 {host}：对方拒绝连接，服务可能未启动。"
        return failed("unreachable", msg, retryable=True, technical=technical)
    if isinstance(exc, httpx.ConnectError):
        msg = f"无法连接到 {host}：网络不通。"
        return failed("unreachable", msg, retryable=True, technical=technical)
    if isinstance(exc, httpx.RemoteProtocolError):
        msg = f"{host} 中途断开了连接或回应格式错误。"
        return failed("protocol_error", msg, retryable=True, technical=technical)
    msg = f"与 {host} 的连接意外中断。"
    return failed("unreachable", msg, retryable=True, technical=technical)


def check_url(url: str) -> httpx.URL | DeliveryResult:
    """The parsed URL, or a bad_config result saying what is wrong with it."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        return failed("bad_config", "通知地址格式不正确。", retryable=False, technical=str(exc))
    if parsed.scheme not in ("http", "https") or not parsed.host:
        msg = "通知地址必须以 http:// 或 https:// 开头，并包含服务器名。"
        return failed("bad_config", msg, retryable=False, technical=f"scheme={parsed.scheme!r}")
    return parsed


def post_json(
    url: str,
    body: bytes,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
) -> HttpReply | DeliveryResult:
    """POST body as JSON. A reply of any status comes back as HttpReply (the caller
    knows the platform's error codes); a fault that left no reply comes back as a
    failed DeliveryResult. Connecting, sending and each read wait at most timeout
    seconds, and a reply still trickling in at the timeout is given up."""
    target = check_url(url)
    if isinstance(target, DeliveryResult):
        return target
    host = target.host if target.port is None else f"{target.host}:{target.port}"
    send_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        **(headers or {}),
    }
    deadline = time.monotonic() + timeout
    try:
        # trust_env=False: only the settings module reads the environment (no proxy yet).
        with (
            httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False) as client,
            client.stream("POST", target, content=body, headers=send_headers) as response,
        ):
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_REPLY_BYTES:
                    break
                if time.monotonic() > deadline:  # a server trickling bytes
                    raise httpx.ReadTimeout("reply not complete before the deadline")
            return HttpReply(response.status_code, bytes(data[:MAX_REPLY_BYTES]))
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        return _translate(exc, host, timeout)


def status_failure(reply: HttpReply, who: str) -> DeliveryResult:
    """A failed result for an HTTP status outside 2xx; who names the receiver (企业微信…)."""
    status = reply.status
    technical = f"HTTP {status}: {reply.snippet()}"
    if 300 <= status < 400:
        msg = f"{who}地址发生了跳转（HTTP {status}），请填写跳转后的最终地址。"
        return failed("bad_config", msg, retryable=False, technical=technical)
    if status == 429:
        msg = f"{who}表示发送过于频繁（HTTP 429）。"
        return failed("rate_limited", msg, retryable=True, technical=technical)
    if status in (404, 410):
        msg = f"{who}地址不存在（HTTP {status}），请检查通知地址。"
        return failed("bad_config", msg, retryable=False, technical=technical)
    if status in (401, 403):
        msg = f"{who}拒绝了请求（HTTP {status}），请检查地址中的密钥或签名密钥。"
        return failed("auth_failed", msg, retryable=False, technical=technical)
    retryable = status >= 500 or status in _RETRYABLE_STATUSES
    if status >= 500:
        msg = f"{who}服务器出错（HTTP {status}）。"
    else:
        msg = f"{who}拒绝了请求（HTTP {status}）。"
    return failed("http_error", msg, retryable=retryable, technical=technical)


@dataclass(frozen=True)
class PlatformError:
    """What a robot platform's error code means: a Chinese gloss, our status for it,
    and whether trying again later can help."""

    gloss: str
    status: DeliveryStatus = "platform_error"
    retryable: bool = False


Explain = Callable[[int, str], PlatformError | None]


def _first(obj: Mapping[str, Any], keys: tuple[str, ...], kind: type) -> Any:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, kind) and not isinstance(value, bool):
            return value
    return None


def platform_result(
    reply: HttpReply,
    who: str,
    explain: Explain,
    *,
    code_keys: tuple[str, ...] = ("errcode",),
    message_keys: tuple[str, ...] = ("errmsg",),
) -> DeliveryResult:
    """Success iff HTTP 200 and the platform's code is 0; otherwise the platform's own
    error code when it gave one (often with HTTP 200, sometimes with 4xx), else the
    HTTP status."""
    obj = reply.json_object() or {}
    code: int | None = _first(obj, code_keys, int)
    message: str = _first(obj, message_keys, str) or ""
    if code == 0 and reply.status == 200:
        return sent()
    technical = f"HTTP {reply.status}: {reply.snippet()}"
    if code is not None and code != 0:
        known = explain(code, message)
        if known is not None:
            detail = f"{who}返回错误 {code}：{known.gloss}。"
            return failed(known.status, detail, retryable=known.retryable, technical=technical)
        detail = f"{who}返回错误 {code}：{message.strip() or '未说明原因'}。"
        return failed("platform_error", detail, retryable=False, technical=technical)
    if reply.status != 200:
        return status_failure(reply, who)
    detail = f"{who}的回应无法识别（没有错误码），请检查通知地址是否正确。"
    return failed("protocol_error", detail, retryable=False, technical=technical)
