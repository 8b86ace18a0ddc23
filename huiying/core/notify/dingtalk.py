"""钉钉自定义机器人 (DingTalk custom robot).

POST {"msgtype": "markdown", "markdown": {"title", "text"}} to the robot's webhook URL
(https://oapi.dingtalk.com/robot/send?access_token=…). title is what the chat list
previews; text is Markdown. Success iff errcode == 0 (with HTTP 200).

加签: with a secret (SEC…), the URL gets `&timestamp=<ms>&sign=<s>` where s is
URL-encoded base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")). DingTalk
refuses a timestamp more than an hour from its own clock, so the server clock matters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus

from huiying.core.notify._http import (
    HttpReply,
    PlatformError,
    encode_json,
    platform_result,
    post_json,
)
from huiying.core.notify.message import DeliveryResult, Notice, markdown_url, truncate_utf8

WHO = "钉钉"
MAX_BODY_BYTES = 4096

_RATE = PlatformError("发送过于频繁，超过了机器人每分钟 20 条的限制", "rate_limited", True)
_BAD_TOKEN = PlatformError("机器人 webhook 地址无效（access_token 不存在）", "bad_config")


@dataclass(frozen=True)
class DingtalkConfig:
    url: str  # the robot's full webhook URL, access_token included
    secret: str = ""  # 加签 secret; empty: the robot relies on keywords or an IP list


def sign(timestamp_ms: int, secret: str) -> str:
    """The 加签 signature, base64 (not yet URL-encoded)."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_url(url: str, secret: str, now: datetime) -> str:
    timestamp_ms = int(now.timestamp() * 1000)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={quote_plus(sign(timestamp_ms, secret))}"


def _explain(code: int, message: str) -> PlatformError | None:
    if code == 310000:  # one code for every security-setting refusal; the text says which
        text = message.lower()
        if "sign" in text or "签名" in message:
            return PlatformError("加签校验失败，签名不匹配，请检查签名密钥", "auth_failed")
        if "timestamp" in text or "时间戳" in message:
            return PlatformError("时间戳无效，请检查本机时钟是否准确", "auth_failed")
        if "keyword" in text or "关键词" in message:
            return PlatformError("消息中不含机器人设置的自定义关键词", "bad_config")
        if "whitelist" in text or "白名单" in message or re.search(r"\bip\b", text):
            return PlatformError("本机 IP 不在机器人的 IP 地址白名单中", "bad_config")
        return PlatformError("未通过机器人的安全设置（加签、关键词或 IP 白名单）", "bad_config")
    if code == 130101:
        return _RATE
    if code == 300001:
        return _BAD_TOKEN
    return None


def render(notice: Notice) -> str:
    # DingTalk Markdown needs a blank line to break a line, so each body line is a paragraph.
    lines = [line.strip() for line in notice.body.strip().splitlines() if line.strip()]
    body = truncate_utf8("\n\n".join(lines), MAX_BODY_BYTES)
    return (
        f"#### {notice.headline}\n\n**级别：{notice.tier}**\n\n{body}\n\n"
        f"[查看详情]({markdown_url(notice.url)})"
    )


def payload(notice: Notice) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": notice.headline, "text": render(notice)}}


def send(
    notice: Notice, config: DingtalkConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    url = config.url
    if config.secret:
        url = signed_url(url, config.secret, now or datetime.now(UTC))
    reply = post_json(url, encode_json(payload(notice)), timeout=timeout)
    if not isinstance(reply, HttpReply):
        return reply
    return platform_result(reply, WHO, _explain)
