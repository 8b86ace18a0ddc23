"""What a notification says, and what became of one delivery attempt.

`Notice` is channel-neutral: each channel module renders it to its own wire format.
`DeliveryResult` is what every transport returns instead of raising, so the caller can
record the attempt, show the Chinese sentence, and schedule a retry when it makes sense.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TOP_SEVERITY = 4  # 特别重大; severity runs 1 (一般) … 4 (特别重大)

DeliveryStatus = Literal[
    "sent",  # accepted by the server or platform
    "partial",  # e-mail accepted for some recipients only; not retried (would duplicate)
    "timeout",  # no connection or no answer in time
    "unreachable",  # connection refused, name not resolved, network down
    "tls",  # encrypted connection could not be set up
    "http_error",  # the receiver answered with an HTTP error status
    "platform_error",  # HTTP fine, but the platform's own error code was not 0
    "rate_limited",  # the platform or server said "too many, try later"
    "auth_failed",  # login refused (SMTP) or signature refused (robots)
    "rejected",  # sender or all recipients refused, message refused
    "bad_config",  # URL, addresses or settings cannot work as written
    "protocol_error",  # the other side broke off or answered nonsense
]


@dataclass(frozen=True)
class Notice:
    """One notification about an event or a case.

    body is plain Chinese text (line breaks allowed, no markup): channels that speak
    Markdown escape nothing and add their own emphasis around it. url opens the event or
    case page. dedup_key is the caller's key for "the same rise of the same event"; the
    transports only pass it on (webhook JSON).
    """

    title: str
    body: str
    url: str
    tier: str  # the tier label shown to people: 一般 / 较大 / 重大 / 特别重大
    severity: int  # 1 … TOP_SEVERITY, orders tiers; TOP_SEVERITY bypasses rate limits
    dedup_key: str

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a notice needs a title")
        if not 1 <= self.severity <= TOP_SEVERITY:
            raise ValueError(f"severity must be 1…{TOP_SEVERITY}, not {self.severity}")

    @property
    def headline(self) -> str:
        """Title with the tier in front, as people scan a list of alerts: 【重大】…"""
        return f"【{self.tier}】{self.title}" if self.tier else self.title

    @property
    def is_top_tier(self) -> bool:
        return self.severity >= TOP_SEVERITY


@dataclass(frozen=True)
class DeliveryResult:
    """Outcome of one attempt. detail_zh is one Chinese sentence for the alert list;
    technical is for the log (platform error text, exception). retryable says whether
    the same attempt may succeed later (timeouts, 5xx, rate limits) or needs a person
    (wrong address, refused login)."""

    ok: bool
    status: DeliveryStatus
    detail_zh: str
    retryable: bool
    technical: str = ""


def sent(detail_zh: str = "已发送。") -> DeliveryResult:
    return DeliveryResult(ok=True, status="sent", detail_zh=detail_zh, retryable=False)


def failed(
    status: DeliveryStatus, detail_zh: str, *, retryable: bool, technical: str = ""
) -> DeliveryResult:
    return DeliveryResult(
        ok=False, status=status, detail_zh=detail_zh, retryable=retryable, technical=technical
    )


def truncate_utf8(text: str, max_bytes: int, marker: str = "…") -> str:
    """text cut to at most max_bytes of UTF-8, on a character boundary, marked when cut.

    Robot platforms limit message size in bytes (WeCom markdown: 4096); a Chinese
    character is three bytes, so counting characters would overshoot.
    """
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    room = max_bytes - len(marker.encode("utf-8"))
    if room <= 0:
        return ""
    return raw[:room].decode("utf-8", errors="ignore") + marker


def markdown_url(url: str) -> str:
    """url made safe as a Markdown link target: a space or parenthesis would end it."""
    for char, escape in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, escape)
    return url
