"""E-mail over SMTP with the standard library: plain, STARTTLS or SSL, optional login.

The message is a proper MIME e-mail: UTF-8 subject (RFC 2047 encoded by the library),
UTF-8 text body in base64 so it survives 7-bit relays, Date, Message-ID, and
Auto-Submitted so that out-of-office robots do not answer it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Literal

from huiying.core.notify.message import DeliveryResult, Notice, failed, sent

Security = Literal["plain", "starttls", "ssl"]
Phase = Literal["connect", "starttls", "login", "send"]


@dataclass(frozen=True)
class EmailConfig:
    host: str
    port: int  # usually 25 (plain), 587 (starttls) or 465 (ssl)
    sender: str  # From, e.g. "回应舆情系统 <alerts@example.gov.cn>"
    recipients: tuple[str, ...]
    security: Security = "starttls"
    username: str = ""  # empty: no login
    password: str = ""  # many Chinese mail hosts want an app code (授权码) here
    ca_file: str = ""  # an office mail server with its own CA; empty: system CAs


def build_message(notice: Notice, config: EmailConfig, now: datetime) -> EmailMessage:
    """The e-mail for notice. Raises ValueError for addresses that cannot be headers."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    message = EmailMessage()
    # A line break in a header would be an injection; titles come from crawled text.
    message["Subject"] = " ".join(notice.headline.split())
    message["From"] = config.sender
    message["To"] = ", ".join(config.recipients)
    message["Date"] = format_datetime(now)
    domain = parseaddr(config.sender)[1].rpartition("@")[2] or "huiying.invalid"
    message["Message-ID"] = make_msgid(domain=domain)  # with domain: no slow getfqdn()
    message["Auto-Submitted"] = "auto-generated"
    text = f"{notice.body.strip()}\n\n级别：{notice.tier}\n查看详情：{notice.url}\n"
    message.set_content(text, charset="utf-8", cte="base64")
    return message


def _code_retryable(code: int) -> bool:
    return 400 <= code < 500  # SMTP 4xx: temporary; 5xx: permanent


def _response_text(exc: smtplib.SMTPResponseException) -> str:
    raw = exc.smtp_error
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
    return f"{exc.smtp_code} {text}".strip()


def _smtp_failure(
    exc: smtplib.SMTPException, phase: Phase, config: EmailConfig, timeout: float
) -> DeliveryResult:
    server = f"{config.host}:{config.port}"
    technical = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        msg = "SMTP 服务器拒绝登录。请检查用户名和密码（授权码）。"
        retry = _code_retryable(exc.smtp_code)
        return failed("auth_failed", msg, retryable=retry, technical=technical)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if phase == "starttls":
            msg = f"邮件服务器 {server} 不支持 STARTTLS 加密，请检查加密方式和端口。"
        elif phase == "login":
            msg = f"邮件服务器 {server} 不支持登录（AUTH），请清空用户名或改用加密连接。"
        else:
            msg = "邮件服务器不支持含中文的邮箱地址（SMTPUTF8）。"
        return failed("bad_config", msg, retryable=False, technical=technical)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        msg = f"邮件服务器拒绝了全部收件人（{'、'.join(map(str, codes))}）。"
        retry = all(_code_retryable(code) for code in codes)
        return failed("rejected", msg, retryable=retry, technical=technical)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if isinstance(exc.__context__, TimeoutError):  # smtplib wraps a read timeout so
            return _network_failure(exc.__context__, phase, config, timeout)
        msg = f"邮件服务器 {server} 中途断开了连接。"
        return failed("protocol_error", msg, retryable=True, technical=technical)
    if isinstance(exc, smtplib.SMTPResponseException):
        retry = _code_retryable(exc.smtp_code)
        reply = _response_text(exc)
        if isinstance(exc, smtplib.SMTPSenderRefused):
            msg = f"邮件服务器拒绝了发件人地址 {config.sender}（{reply}）。"
        elif isinstance(exc, smtplib.SMTPConnectError):
            msg = f"邮件服务器 {server} 拒绝服务（{reply}）。"
            retry = True
        elif exc.smtp_code in (421, 450):
            msg = f"邮件服务器暂时不能接收（{reply}）。"
        else:
            msg = f"邮件服务器拒绝了这封邮件（{reply}）。"
        return failed("rejected", msg, retryable=retry, technical=technical)
    msg = f"与邮件服务器 {server} 的对话出错。"
    return failed("protocol_error", msg, retryable=True, technical=technical)


def _network_failure(
    exc: OSError, phase: Phase, config: EmailConfig, timeout: float
) -> DeliveryResult:
    server = f"{config.host}:{config.port}"
    technical = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        msg = f"邮件服务器 {server} 的证书无法验证（无效、已过期或与服务器名不符）。"
        return failed("tls", msg, retryable=False, technical=technical)
    if isinstance(exc, ssl.SSLError):
        msg = (
            f"与邮件服务器 {server} 建立加密连接失败，请检查加密方式与端口是否匹配"
            "（465 端口通常为 SSL，587 端口为 STARTTLS）。"
        )
        return failed("tls", msg, retryable=False, technical=technical)
    if isinstance(exc, TimeoutError):
        if phase == "connect":
            msg = f"连接超时：邮件服务器 {server} 在 {timeout:g} 秒内没有应答。"
        else:
            msg = f"等待超时：邮件服务器 {server} 在 {timeout:g} 秒内没有回应。"
        return failed("timeout", msg, retryable=True, technical=technical)
    if isinstance(exc, ConnectionRefusedError):
        msg = f"无法连接到邮件服务器 {server}：对方拒绝连接，服务可能未启动。"
        return failed("unreachable", msg, retryable=True, technical=technical)
    if isinstance(exc, socket.gaierror):
        msg = f"找不到邮件服务器 {config.host}：域名无法解析，请检查地址或网络。"
        return failed("unreachable", msg, retryable=True, technical=technical)
    msg = f"无法连接到邮件服务器 {server}：网络不通或连接被中断。"
    return failed("unreachable", msg, retryable=True, technical=technical)


def send(
    notice: Notice, config: EmailConfig, *, timeout: float = 10.0, now: datetime | None = None
) -> DeliveryResult:
    now = now or datetime.now(UTC)
    if now.tzinfo is None:  # a programming error, not a delivery problem
        raise ValueError("now must be timezone-aware")
    if not config.recipients:
        return failed("bad_config", "没有设置收件人。", retryable=False)
    try:
        message = build_message(notice, config, now)
    except ValueError as exc:
        msg = "发件人或收件人地址格式不正确。"
        return failed("bad_config", msg, retryable=False, technical=str(exc))
    try:
        context = (
            ssl.create_default_context(cafile=config.ca_file or None)
            if config.security != "plain"
            else None
        )
    except (OSError, ssl.SSLError) as exc:
        msg = f"无法读取邮件服务器的 CA 证书文件 {config.ca_file}。"
        return failed("bad_config", msg, retryable=False, technical=str(exc))

    phase: Phase = "connect"
    try:
        smtp = (
            smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=context)
            if config.security == "ssl"
            else smtplib.SMTP(config.host, config.port, timeout=timeout)
        )
        with smtp:
            if config.security == "starttls":
                phase = "starttls"
                smtp.starttls(context=context)
            if config.username:
                phase = "login"
                smtp.login(config.username, config.password)
            phase = "send"
            refused = smtp.send_message(message)
    except UnicodeEncodeError as exc:  # smtplib's AUTH sends the login as ASCII only
        msg = "用户名或密码含有中文等字符，SMTP 登录只支持英文字母、数字和符号。"
        return failed("bad_config", msg, retryable=False, technical=str(exc))
    except smtplib.SMTPException as exc:  # before OSError: it is one
        return _smtp_failure(exc, phase, config, timeout)
    except OSError as exc:
        return _network_failure(exc, phase, config, timeout)
    if refused:
        # Accepted for the others: a retry would send them a second copy.
        names = "、".join(sorted(refused))
        return DeliveryResult(
            ok=True,
            status="partial",
            detail_zh=f"已发送，但邮件服务器拒绝了以下收件人：{names}。",
            retryable=False,
            technical=repr(refused),
        )
    return sent()
