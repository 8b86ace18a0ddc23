"""企业微信群机器人 (WeCom group robot).

POST {"msgtype": "markdown", "markdown": {"content": …}} to the robot's webhook URL
(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; the key is the only secret).
Success iff HTTP 200 and errcode == 0. Markdown content is limited to 4096 bytes of
UTF-8, so a long body is cut. A robot takes at most 20 messages a minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from huiying.core.notify._http import (
    HttpReply,
    PlatformError,
    encode_json,
    platform_result,
    post_json,
)
from huiying.core.notify.message import DeliveryResult, Notice, markdown_url, truncate_utf8

WHO = "企业微信"
MAX_CONTENT_BYTES = 4096
MAX_HEADLINE_BYTES = 512  # leaves most of the room to the body

_ERRORS = {
    93000: PlatformError("机器人 webhook 地址无效", "bad_config"),
    45009: PlatformError("发送过于频繁，超过了机器人每分钟 20 条的限制", "rate_limited", True),
    -1: PlatformError("企业微信系统繁忙", "platform_error", True),
}


@dataclass(frozen=True)
class WecomConfig:
    url: str  # the robot's full webhook URL, key included


def _explain(code: int, message: str) -> PlatformError | None:
    return _ERRORS.get(code)


def render(notice: Notice) -> str:
    # "warning" is WeCom's orange-red; "comment" its grey, for the lower tiers.
    colour = "warning" if notice.severity >= 3 else "comment"
    headline = truncate_utf8(notice.headline, MAX_HEADLINE_BYTES)
    head = f'**{headline}**\n> 级别：<font color="{colour}">{notice.tier}</font>\n'
    tail = f"\n[查看详情]({markdown_url(notice.url)})"
    room = MAX_CONTENT_BYTES - len((head + tail).encode("utf-8"))
    return head + truncate_utf8(notice.body.strip(), room) + tail


def payload(notice: Notice) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": render(notice)}}


def send(
    notice: Notice, config: WecomConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    """now is accepted for a uniform signature; WeCom robots are not signed."""
    reply = post_json(config.url, encode_json(payload(notice)), timeout=timeout)
    if not isinstance(reply, HttpReply):
        return reply
    return platform_result(reply, WHO, _explain)
