"""Sending alerts to a real SMTP server and real webhook receivers on 127.0.0.1, a
receiver that is down, and two senders running at once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
from datetime import timedelta
from email import message_from_bytes, policy
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from huiying.alerts import delivery as delivery_module
from huiying.alerts.delivery import send_due
from huiying.alerts.models import Alert, Channel, Delivery
from huiying.alerts.services import evaluate_events
from tests.alerts.conftest import DAYTIME, make_event

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def major_alert() -> Alert:
    event = make_event("城南中学食堂多名学生腹泻送医", per_hour_now=150, negative_count=4)
    [alert] = evaluate_events([event], DAYTIME)
    return alert


def test_email_reaches_a_real_smtp_server(smtp, office):
    controller, inbox = smtp
    channel = Channel.objects.create(
        kind="email",
        name="值班邮箱",
        config={
            "host": "127.0.0.1",
            "port": controller.port,
            "security": "plain",
            "sender": "回应舆情系统 <alerts@example.gov.cn>",
            "recipients": ["duty@example.gov.cn", "leader@example.gov.cn"],
        },
    )
    alert = major_alert()
    report = send_due(DAYTIME, timeout=5)
    assert (report.sent, report.failed) == (1, 0)
    [envelope] = inbox.received
    assert sorted(envelope.rcpt_tos) == ["duty@example.gov.cn", "leader@example.gov.cn"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert "【重大】城南中学食堂多名学生腹泻送医" in str(mail["Subject"])
    assert "每小时 150 条" in mail.get_body(preferencelist=("plain",)).get_content()
    sent = Delivery.objects.get(alert=alert, channel=channel)
    assert (sent.status, sent.attempts, sent.sent_at) == ("sent", 1, DAYTIME)
    assert send_due(DAYTIME + timedelta(minutes=1)).sent == 0  # nothing sent twice
    assert len(inbox.received) == 1


def test_robots_receive_their_platform_formats(httpserver, office):
    ok = {"errcode": 0, "errmsg": "ok"}
    httpserver.expect_request("/wecom", method="POST").respond_with_json(ok)
    httpserver.expect_request("/dingtalk", method="POST").respond_with_json(ok)
    httpserver.expect_request("/feishu", method="POST").respond_with_json(
        {"code": 0, "msg": "success"}
    )
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    for kind, path, secret in [
        ("wecom", "/wecom", None),
        ("dingtalk", "/dingtalk?access_token=t0k", "SECding"),
        ("feishu", "/feishu", "fs-secret"),
        ("webhook", "/hook", "hook-secret"),
    ]:
        config = {"url": httpserver.url_for(path)}
        if secret:
            config["secret"] = secret
        Channel.objects.create(kind=kind, name=kind, config=config)
    major_alert()
    report = send_due(DAYTIME, timeout=5)
    assert (report.sent, report.failed, report.retrying) == (4, 0, 0)

    bodies = {req.path: (req, json.loads(req.get_data())) for req, _ in httpserver.log}
    wecom = bodies["/wecom"][1]
    assert wecom["msgtype"] == "markdown" and "重大" in wecom["markdown"]["content"]

    ding_req, ding = bodies["/dingtalk"]
    assert ding["msgtype"] == "markdown" and "城南中学" in ding["markdown"]["text"]
    query = parse_qs(urlsplit(ding_req.url).query)
    stamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECding", f"{stamp}\nSECding".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected] and query["access_token"] == ["t0k"]

    feishu = bodies["/feishu"][1]
    assert feishu["msg_type"] == "post"
    assert feishu["content"]["post"]["zh_cn"]["title"].startswith("【重大】")
    key = f"{feishu['timestamp']}\nfs-secret".encode()
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()

    hook = bodies["/hook"][1]
    assert json.dumps(hook, ensure_ascii=False).count("城南中学") >= 1
    assert Delivery.objects.filter(channel__isnull=False, status="sent").count() == 4


def test_a_receiver_that_is_down_is_retried_then_failed_in_chinese(office):
    channel = Channel.objects.create(
        kind="wecom", name="值班群", config={"url": f"http://127.0.0.1:{free_port()}/wecom"}
    )
    alert = major_alert()
    row = Delivery.objects.get(alert=alert, channel=channel)
    now = DAYTIME
    delays = []
    while True:
        report = send_due(now, timeout=2)
        row.refresh_from_db()
        if row.status == "failed":
            break
        assert report.retrying == 1 and row.status == "pending"
        assert row.last_error_zh  # shown while it is being retried
        delays.append(row.next_attempt_at - now)
        assert send_due(now + delays[-1] - timedelta(seconds=1)).retrying == 0  # not early
        now = row.next_attempt_at
    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240, 480)]
    assert row.attempts == 6 and row.next_attempt_at is None
    assert "（共尝试 6 次）" in row.last_error_zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in row.last_error_zh.split("（")[0])
    assert send_due(now + timedelta(hours=1)).failed == 0  # failed is final


def test_two_concurrent_runs_send_each_delivery_once(httpserver, office, monkeypatch):
    httpserver.expect_request("/wecom", method="POST").respond_with_json({"errcode": 0})
    for n in range(3):
        Channel.objects.create(
            kind="wecom", name=f"群{n}", config={"url": httpserver.url_for("/wecom")}
        )
    major_alert()
    real_deliver = delivery_module.deliver
    second: list[Any] = []
    started = False

    def deliver_while_another_runs(*args: Any, **kwargs: Any) -> Any:
        # The second process starts while the first holds its first claim and has
        # already listed the other rows as due.
        nonlocal started
        if not started:
            started = True
            second.append(send_due(DAYTIME, timeout=5))
        return real_deliver(*args, **kwargs)

    monkeypatch.setattr(delivery_module, "deliver", deliver_while_another_runs)
    first = send_due(DAYTIME, timeout=5)
    # The second run sent the two rows the first had not claimed yet; the first then
    # finds them taken and sends only its own.
    assert (first.sent, second[0].sent) == (1, 2)
    assert len(httpserver.log) == 3
    assert Delivery.objects.filter(channel__isnull=False, status="sent").count() == 3


def test_sendalerts_command(httpserver, office, capsys):
    httpserver.expect_request("/wecom", method="POST").respond_with_json({"errcode": 0})
    Channel.objects.create(kind="wecom", name="群", config={"url": httpserver.url_for("/wecom")})
    event = make_event(per_hour_now=150)
    from django.utils import timezone

    evaluate_events([event], timezone.now())
    call_command("sendalerts", "--timeout", "5")
    assert "已发送 1" in capsys.readouterr().out
    assert len(httpserver.log) == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_send_each_delivery_once(httpserver, office):
    """Two real senders on their own database connections, started together."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the claim is covered by the test above")
    httpserver.expect_request("/wecom", method="POST").respond_with_json({"errcode": 0})
    for n in range(12):
        Channel.objects.create(
            kind="wecom", name=f"群{n}", config={"url": httpserver.url_for("/wecom")}
        )
    major_alert()
    barrier = threading.Barrier(2)
    reports: list[Any] = []

    def run() -> None:
        try:
            barrier.wait()
            reports.append(send_due(DAYTIME, timeout=5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == 12
    assert len(httpserver.log) == 12
    assert Delivery.objects.filter(channel__isnull=False, status="sent").count() == 12
