"""E-mail notices through a real SMTP server (aiosmtpd) on 127.0.0.1: what the mailbox
receives, and the Chinese sentence shown when the server is down, silent or refuses."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from huiying.core.notify import Notice, deliver
from huiying.core.notify.email import EmailConfig, send

# The login tests run AUTH without TLS on loopback on purpose; aiosmtpd warns about it.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
NOTICE = Notice(
    title="城南小学食堂食品安全问题引发家长关注",
    body="过去两小时内相关报道 37 篇，来自 12 个来源，负面占比 68%。\n已有省级媒体转载。",
    url="https://huiying.example.gov.cn/events/1024/",
    tier="较大",
    severity=2,
    dedup_key="event-1024-tier-2",
)
SENDER = "回应舆情系统 <alerts@example.gov.cn>"
PASSWORD = b"s3cret-app-code"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """aiosmtpd handler keeping what it accepted; refuses recipients at nobody@."""

    received: list[Any] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted"

    def only_message(self) -> EmailMessage:
        assert len(self.received) == 1
        parsed = message_from_bytes(self.received[0].content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


def check_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"alerts", PASSWORD)
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


def config(port: int, **changes: Any) -> EmailConfig:
    base = EmailConfig(
        host="127.0.0.1",
        port=port,
        sender=SENDER,
        recipients=("duty@example.gov.cn", "王科长 <wang@example.gov.cn>"),
        security="plain",
    )
    return replace(base, **changes)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def auth_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=check_login,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    return cert, key


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def test_chinese_notice_arrives_with_subject_and_body_intact(smtp_server):
    inbox, port = smtp_server
    result = send(NOTICE, config(port), timeout=5, now=NOW)
    assert result.ok and result.status == "sent", result

    mail = inbox.only_message()
    assert mail["Subject"] == "【较大】城南小学食堂食品安全问题引发家长关注"
    assert mail["From"].addresses[0].display_name == "回应舆情系统"
    assert [a.addr_spec for a in mail["To"].addresses] == [
        "duty@example.gov.cn",
        "wang@example.gov.cn",
    ]
    assert mail["To"].addresses[1].display_name == "王科长"
    assert parsedate_to_datetime(mail["Date"]) == NOW
    assert mail["Message-ID"].endswith("@example.gov.cn>")
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "text/plain"
    assert mail.get_content_charset() == "utf-8"
    text = mail.get_content()
    assert NOTICE.body in text
    assert "级别：较大" in text
    assert "查看详情：https://huiying.example.gov.cn/events/1024/" in text
    # The raw message is 7-bit clean: Chinese is encoded, not sent as bare bytes.
    raw = inbox.received[0].content
    assert raw.isascii()
    assert inbox.received[0].mail_from == "alerts@example.gov.cn"


def test_line_break_in_title_cannot_inject_headers(smtp_server):
    inbox, port = smtp_server
    sneaky = replace(NOTICE, title="标题\nBcc: everyone@example.com")
    assert send(sneaky, config(port), timeout=5, now=NOW).ok
    mail = inbox.only_message()
    assert mail["Bcc"] is None
    assert mail["Subject"] == "【较大】标题 Bcc: everyone@example.com"


def test_login_with_the_right_password(auth_server):
    inbox, port = auth_server
    cfg = config(port, username="alerts", password=PASSWORD.decode())
    result = deliver(NOTICE, cfg, timeout=5, now=NOW)
    assert result.ok, result
    assert inbox.only_message()["Subject"].startswith("【较大】")


def test_wrong_password_is_refused_login_and_not_retried(auth_server):
    inbox, port = auth_server
    result = send(NOTICE, config(port, username="alerts", password="wrong"), timeout=5)
    assert not result.ok
    assert result.status == "auth_failed"
    assert result.detail_zh.startswith("SMTP 服务器拒绝登录。")
    assert result.retryable is False
    assert inbox.received == []


def test_server_down_is_connection_refused_and_retryable():
    port = free_port()  # nothing listens there any more
    result = send(NOTICE, config(port), timeout=2)
    assert not result.ok
    assert result.status == "unreachable"
    assert result.retryable is True
    assert f"无法连接到邮件服务器 127.0.0.1:{port}" in result.detail_zh
    assert "拒绝连接" in result.detail_zh


def test_silent_server_times_out():
    # Accepts the TCP connection (kernel backlog) but never sends a greeting.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        result = send(NOTICE, config(port), timeout=0.3)
    assert not result.ok
    assert result.status == "timeout"
    assert result.retryable is True
    assert "超时" in result.detail_zh and "0.3 秒" in result.detail_zh


def test_some_recipients_refused_is_reported_not_resent(smtp_server):
    inbox, port = smtp_server
    cfg = config(port, recipients=("duty@example.gov.cn", "nobody@example.gov.cn"))
    result = send(NOTICE, cfg, timeout=5)
    assert result.ok and result.status == "partial"
    assert "nobody@example.gov.cn" in result.detail_zh
    assert result.retryable is False
    assert inbox.received[0].rcpt_tos == ["duty@example.gov.cn"]


def test_all_recipients_refused_is_a_permanent_failure(smtp_server):
    inbox, port = smtp_server
    result = send(NOTICE, config(port, recipients=("nobody@example.gov.cn",)), timeout=5)
    assert not result.ok
    assert result.status == "rejected"
    assert result.detail_zh == "邮件服务器拒绝了全部收件人（550）。"
    assert result.retryable is False
    assert inbox.received == []


def test_no_recipients_is_a_configuration_error():
    result = send(NOTICE, config(25, recipients=()), timeout=1)
    assert (result.ok, result.status, result.detail_zh) == (False, "bad_config", "没有设置收件人。")


def test_chinese_password_is_explained_not_raised(auth_server):
    _, port = auth_server
    result = send(NOTICE, config(port, username="alerts", password="密码"), timeout=5)
    assert not result.ok and result.status == "bad_config"
    assert "SMTP 登录只支持" in result.detail_zh


def test_starttls_with_office_ca_and_login(certificate):
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls(certificate),
        require_starttls=True,
        authenticator=check_login,
        auth_required=True,
    )
    controller.start()
    try:
        cfg = config(
            port,
            security="starttls",
            ca_file=str(certificate[0]),
            username="alerts",
            password=PASSWORD.decode(),
        )
        result = send(NOTICE, cfg, timeout=5, now=NOW)
        # Without the office CA the same server cannot be trusted.
        untrusted = send(NOTICE, replace(cfg, ca_file=""), timeout=5)
        # And a plain-text login attempt is not offered AUTH before STARTTLS.
        plain = send(NOTICE, replace(cfg, security="plain"), timeout=5)
    finally:
        controller.stop()
    assert result.ok, result
    assert inbox.only_message()["Subject"] == NOTICE.headline
    assert (untrusted.ok, untrusted.status, untrusted.retryable) == (False, "tls", False)
    assert "证书无法验证" in untrusted.detail_zh
    assert (plain.ok, plain.status, plain.retryable) == (False, "bad_config", False)
    assert "不支持登录（AUTH）" in plain.detail_zh


def test_ssl_port_and_wrong_security_mode(certificate, smtp_server):
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, ssl_context=server_tls(certificate)
    )
    controller.start()
    try:
        cfg = config(port, security="ssl", ca_file=str(certificate[0]))
        result = send(NOTICE, cfg, timeout=5, now=NOW)
    finally:
        controller.stop()
    assert result.ok, result
    assert inbox.only_message().get_content().startswith(NOTICE.body)

    # SSL against a plain-text server: explained with the usual port numbers.
    _, plain_port = smtp_server
    wrong = send(NOTICE, config(plain_port, security="ssl"), timeout=5)
    assert (wrong.ok, wrong.status, wrong.retryable) == (False, "tls", False)
    assert "465 端口" in wrong.detail_zh
