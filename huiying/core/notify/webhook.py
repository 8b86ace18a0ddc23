"""Generic JSON webhook: POST the notice as a small JSON object to any URL.

Body (UTF-8, Chinese not escaped):
    {"title", "body", "url", "tier", "dedup_key", "sent_at"}   sent_at: ISO 8601 with offset
With a shared secret, the header `X-Huiying-Signature: sha256=<hex>` carries
HMAC-SHA256(secret, raw body bytes). The receiver recomputes it over the bytes it read,
before parsing, and compares in constant time; sent_at lets it refuse old replays.
Any 2xx status is success.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from huiying.core.notify._http import HttpReply, encode_json, post_json, status_failure
from huiying.core.notify.message import DeliveryResult, Notice, sent

SIGNATURE_HEADER = "X-Huiying-Signature"
WHO = "Webhook 接收方"


@dataclass(frozen=True)
class WebhookConfig:
    url: str
    secret: str = ""  # empty: unsigned


def payload(notice: Notice, sent_at: datetime) -> dict[str, Any]:
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    return {
        "title": notice.title,
        "body": notice.body,
        "url": notice.url,
        "tier": notice.tier,
        "dedup_key": notice.dedup_key,
        "sent_at": sent_at.isoformat(timespec="seconds"),
    }


def signature(body: bytes, secret: str) -> str:
    """Header value for body: "sha256=" + hex HMAC-SHA256 keyed with the shared secret."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def send(
    notice: Notice, config: WebhookConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    body = encode_json(payload(notice, now or datetime.now(UTC)))
    headers = {SIGNATURE_HEADER: signature(body, config.secret)} if config.secret else {}
    reply = post_json(config.url, body, timeout=timeout, headers=headers)
    if not isinstance(reply, HttpReply):
        return reply
    if 200 <= reply.status < 300:
        return sent()
    return status_failure(reply, WHO)
