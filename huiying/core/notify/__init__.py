"""Notification transports, one module per channel: e-mail (SMTP), generic JSON webhook,
and the group robots of WeCom, DingTalk and Feishu. Pure Python, no Django.

Every `send(notice, config, *, timeout, now)` returns a DeliveryResult and never raises
for network or server trouble; `deliver` picks the channel from the config's type.
retry.py decides when to try again and how many notices a recipient may get.
Formats and signing are documented for operators in docs/notifications.md.
"""

from __future__ import annotations

from datetime import datetime

from huiying.core.notify import dingtalk, email, feishu, webhook, wecom
from huiying.core.notify.dingtalk import DingtalkConfig
from huiying.core.notify.email import EmailConfig
from huiying.core.notify.feishu import FeishuConfig
from huiying.core.notify.message import TOP_SEVERITY, DeliveryResult, DeliveryStatus, Notice
from huiying.core.notify.webhook import WebhookConfig
from huiying.core.notify.wecom import WecomConfig

ChannelConfig = EmailConfig | WebhookConfig | WecomConfig | DingtalkConfig | FeishuConfig

__all__ = [
    "TOP_SEVERITY",
    "ChannelConfig",
    "DeliveryResult",
    "DeliveryStatus",
    "DingtalkConfig",
    "EmailConfig",
    "FeishuConfig",
    "Notice",
    "WebhookConfig",
    "WecomConfig",
    "deliver",
]


def deliver(
    notice: Notice, config: ChannelConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    """Send notice through the channel config describes."""
    match config:
        case EmailConfig():
            return email.send(notice, config, timeout=timeout, now=now)
        case WebhookConfig():
            return webhook.send(notice, config, timeout=timeout, now=now)
        case WecomConfig():
            return wecom.send(notice, config, timeout=timeout, now=now)
        case DingtalkConfig():
            return dingtalk.send(notice, config, timeout=timeout, now=now)
        case FeishuConfig():
            return feishu.send(notice, config, timeout=timeout, now=now)
    raise TypeError(f"not a notification channel config: {type(config).__name__}")
