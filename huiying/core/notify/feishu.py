"""飞书自定义机器人 (Feishu / Lark custom robot).

POST a rich-text ("post") message to the robot's webhook URL
(https://open.feishu.cn/open-apis/bot/v2/hook/…):
    {"msg_type": "post", "content": {"post": {"zh_cn": {"title": …, "content": [[…], …]}}}}
"post" shows a bold title, plain paragraphs and a real link, with a stable schema; an
"interactive" card would look richer but its schema changes between card versions.

签名校验: with a secret, the body also carries "timestamp" (seconds, as a string) and
"sign" = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")). Feishu refuses a
timestamp more than an hour off. Success iff HTTP 200 and code == 0 (older answers
carry StatusCode instead).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from huiying.core.notify._http import (
    HttpReply,
    PlatformError,
    encode_json,
    platform_result,
    post_json,
)
from huiying.core.notify.message import DeliveryResult, Notice, truncate_utf8

WHO = "飞书"
MAX_BODY_BYTES = 4096  # the whole request may not pass 20 KB

_ERRORS = {
    19001: PlatformError("机器人 webhook 地址无效", "bad_config"),
    19021: PlatformError(
        "签名校验失败，或时间戳与飞书服务器相差超过一小时，请检查签名密钥和本机时钟",
        "auth_failed",
    ),
    19022: PlatformError("本机 IP 不在机器人的 IP 白名单中", "bad_config"),
    19024: PlatformError("消息中不含机器人设置的自定义关键词", "bad_config"),
    9499: PlatformError("请求格式错误", "bad_config"),
    11232: PlatformError("发送过于频繁，触发了飞书的频率限制", "rate_limited", True),
}


@dataclass(frozen=True)
class FeishuConfig:
    url: str  # the robot's full webhook URL
    secret: str = ""  # 签名校验 secret; empty: the robot relies on keywords or an IP list


def sign(timestamp_s: int, secret: str) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def _explain(code: int, message: str) -> PlatformError | None:
    return _ERRORS.get(code)


def payload(notice: Notice, *, secret: str = "", now: datetime | None = None) -> dict[str, Any]:
    body = truncate_utf8(notice.body.strip(), MAX_BODY_BYTES)
    paragraphs: list[list[dict[str, str]]] = [[{"tag": "text", "text": f"级别：{notice.tier}"}]]
    paragraphs += [[{"tag": "text", "text": line}] for line in body.splitlines() if line.strip()]
    paragraphs.append([{"tag": "a", "text": "查看详情", "href": notice.url}])
    message: dict[str, Any] = {
        "msg_type": "post",
        "content": {"post": {"zh_cn": {"title": notice.headline, "content": paragraphs}}},
    }
    if secret:
        timestamp_s = int((now or datetime.now(UTC)).timestamp())
        message = {"timestamp": str(timestamp_s), "sign": sign(timestamp_s, secret), **message}
    return message


def send(
    notice: Notice, config: FeishuConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    body = encode_json(payload(notice, secret=config.secret, now=now))
    reply = post_json(config.url, body, timeout=timeout)
    if not isinstance(reply, HttpReply):
        return reply
    return platform_result(
        reply,
        WHO,
        _explain,
        code_keys=("code", "StatusCode"),
        message_keys=("msg", "StatusMessage"),
    )
