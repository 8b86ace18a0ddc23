"""Webhook and group-robot notices against a real HTTP server on 127.0.0.1: the exact JSON
each platform receives, signatures recomputed from the secret, and the Chinese sentence
for each way a delivery can fail."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from huiying.core.notify import (
    DingtalkConfig,
    FeishuConfig,
    Notice,
    WebhookConfig,
    WecomConfig,
    deliver,
    dingtalk,
    feishu,
    webhook,
    wecom,
)

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2025, 3, 14, 17, 30, 5, tzinfo=BEIJING)
NOTICE = Notice(
    title="滨江路段积水致多车被困",
    body="暴雨后滨江路低洼路段积水，相关视频转发量快速上升。\n本地网友留言 150 余条，多为求助。",
    url="https://huiying.example.gov.cn/events/2048/",
    tier="重大",
    severity=3,
    dedup_key="event-2048-tier-3",
)
OK_WECOM = {"errcode": 0, "errmsg": "ok"}


def received(httpserver: HTTPServer) -> Request:
    assert len(httpserver.log) == 1
    return httpserver.log[0][0]


def body_json(request: Request) -> object:
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(request.get_data())


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- generic webhook -------------------------------------------------------------------


def test_webhook_posts_the_documented_json_and_signs_the_raw_body(httpserver: HTTPServer):
    httpserver.expect_request("/hooks/huiying", method="POST").respond_with_data("", status=204)
    cfg = WebhookConfig(url=httpserver.url_for("/hooks/huiying"), secret="共享密钥-7f3a")
    result = webhook.send(NOTICE, cfg, timeout=2, now=NOW)
    assert result.ok and result.status == "sent", result

    request = received(httpserver)
    assert body_json(request) == {
        "title": "滨江路段积水致多车被困",
        "body": NOTICE.body,
        "url": "https://huiying.example.gov.cn/events/2048/",
        "tier": "重大",
        "dedup_key": "event-2048-tier-3",
        "sent_at": "2025-03-14T17:30:05+08:00",
    }
    raw = request.get_data()
    expected = hmac.new("共享密钥-7f3a".encode(), raw, hashlib.sha256).hexdigest()
    assert request.headers["X-Huiying-Signature"] == f"sha256={expected}"
    # Chinese travels as UTF-8, not \\u escapes, so receivers log readable text.
    assert "滨江路".encode() in raw


def test_receiver_check_in_the_documentation_accepts_our_signature(httpserver: HTTPServer):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "notifications.md").read_text("utf-8")
    snippet = re.search(r"```python\n(.*?)```", doc, re.DOTALL)
    assert snippet is not None
    namespace: dict[str, Any] = {}
    exec(snippet.group(1), namespace)
    httpserver.expect_request("/h").respond_with_data("")
    webhook.send(NOTICE, WebhookConfig(httpserver.url_for("/h"), secret="k-1"), timeout=2)
    request = received(httpserver)
    header = request.headers["X-Huiying-Signature"]
    assert namespace["signature_ok"](request.get_data(), header, "k-1")
    assert not namespace["signature_ok"](request.get_data() + b" ", header, "k-1")
    assert not namespace["signature_ok"](request.get_data(), header, "k-2")


def test_webhook_without_secret_sends_no_signature(httpserver: HTTPServer):
    httpserver.expect_request("/h", method="POST").respond_with_json({"received": True})
    assert webhook.send(NOTICE, WebhookConfig(url=httpserver.url_for("/h")), timeout=2).ok
    assert "X-Huiying-Signature" not in received(httpserver).headers


def test_webhook_500_is_retryable_http_error(httpserver: HTTPServer):
    httpserver.expect_request("/h").respond_with_data("boom", status=500)
    result = webhook.send(NOTICE, WebhookConfig(url=httpserver.url_for("/h")), timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, "http_error", True)
    assert result.detail_zh == "Webhook 接收方服务器出错（HTTP 500）。"
    assert "boom" in result.technical


@pytest.mark.parametrize(
    ("status", "expected", "retryable", "phrase"),
    [
        (404, "bad_config", False, "地址不存在"),
        (403, "auth_failed", False, "密钥"),
        (429, "rate_limited", True, "过于频繁"),
        (302, "bad_config", False, "跳转"),
        (400, "http_error", False, "拒绝了请求（HTTP 400）"),
    ],
)
def test_webhook_status_errors(httpserver: HTTPServer, status, expected, retryable, phrase):
    headers = {"Location": "https://elsewhere.example/"} if status == 302 else {}
    httpserver.expect_request("/h").respond_with_data("", status=status, headers=headers)
    result = webhook.send(NOTICE, WebhookConfig(url=httpserver.url_for("/h")), timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, expected, retryable)
    assert phrase in result.detail_zh


@pytest.fixture
def stalled_server(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    """A receiver whose handler holds the request until the test is done with it."""
    release = threading.Event()

    def hold(request: Request) -> Response:
        release.wait(5)
        return Response("late", status=200)

    httpserver.expect_request("/slow").respond_with_handler(hold)
    yield httpserver
    release.set()


def test_receiver_slower_than_timeout_is_retryable_timeout(stalled_server: HTTPServer):
    cfg = WebhookConfig(url=stalled_server.url_for("/slow"))
    result = webhook.send(NOTICE, cfg, timeout=0.2)
    assert (result.ok, result.status, result.retryable) == (False, "timeout", True)
    assert (
        result.detail_zh == f"等待响应超时：127.0.0.1:{stalled_server.port} 在 0.2 秒内没有回应。"
    )


def test_receiver_down_is_retryable_connection_refused():
    port = closed_port()
    result = webhook.send(NOTICE, WebhookConfig(url=f"http://127.0.0.1:{port}/h"), timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, "unreachable", True)
    assert result.detail_zh == f"无法连接到 127.0.0.1:{port}：对方拒绝连接，服务可能未启动。"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/h", "127.0.0.1/hook", "http://"])
def test_unusable_url_is_a_configuration_error(url):
    result = webhook.send(NOTICE, WebhookConfig(url=url), timeout=1)
    assert (result.ok, result.status, result.retryable) == (False, "bad_config", False)
    assert "通知地址" in result.detail_zh


# --- 企业微信 ----------------------------------------------------------------------------


def test_wecom_markdown_message(httpserver: HTTPServer):
    httpserver.expect_request("/cgi-bin/webhook/send", method="POST").respond_with_json(OK_WECOM)
    url = httpserver.url_for("/cgi-bin/webhook/send") + "?key=693a91f6-7xxx"
    result = deliver(NOTICE, WecomConfig(url=url), timeout=2)
    assert result.ok, result

    request = received(httpserver)
    assert request.args["key"] == "693a91f6-7xxx"
    assert body_json(request) == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**【重大】滨江路段积水致多车被困**\n"
            '> 级别：<font color="warning">重大</font>\n'
            "暴雨后滨江路低洼路段积水，相关视频转发量快速上升。\n"
            "本地网友留言 150 余条，多为求助。\n"
            "[查看详情](https://huiying.example.gov.cn/events/2048/)"
        },
    }


def test_wecom_long_body_is_cut_to_the_platform_limit(httpserver: HTTPServer):
    httpserver.expect_request("/send").respond_with_json(OK_WECOM)
    long_notice = replace(NOTICE, body="市民反映情况详见附件。" * 600)
    assert wecom.send(long_notice, WecomConfig(url=httpserver.url_for("/send")), timeout=2).ok
    content = body_json(received(httpserver))["markdown"]["content"]  # type: ignore[index]
    assert len(content.encode("utf-8")) <= wecom.MAX_CONTENT_BYTES
    assert "…\n[查看详情](" in content


def test_wecom_invalid_robot_address(httpserver: HTTPServer):
    httpserver.expect_request("/send").respond_with_json(
        {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1710000000_xx]"}
    )
    result = wecom.send(NOTICE, WecomConfig(url=httpserver.url_for("/send")), timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, "bad_config", False)
    assert result.detail_zh == "企业微信返回错误 93000：机器人 webhook 地址无效。"
    assert "invalid webhook url" in result.technical


def test_wecom_rate_limit_and_unknown_codes(httpserver: HTTPServer):
    url = httpserver.url_for("/send")
    httpserver.expect_ordered_request("/send").respond_with_json(
        {"errcode": 45009, "errmsg": "api freq out of limit"}
    )
    httpserver.expect_ordered_request("/send").respond_with_json(
        {"errcode": 40058, "errmsg": "markdown.content exceed max length"}
    )
    limited = wecom.send(NOTICE, WecomConfig(url=url), timeout=2)
    assert (limited.status, limited.retryable) == ("rate_limited", True)
    unknown = wecom.send(NOTICE, WecomConfig(url=url), timeout=2)
    assert (unknown.ok, unknown.status, unknown.retryable) == (False, "platform_error", False)
    assert unknown.detail_zh == "企业微信返回错误 40058：markdown.content exceed max length。"


def test_wecom_answer_without_errcode_is_not_success(httpserver: HTTPServer):
    # e.g. the URL points at some other web page that happily answers 200.
    httpserver.expect_request("/send").respond_with_data("<html>登录</html>", status=200)
    result = wecom.send(NOTICE, WecomConfig(url=httpserver.url_for("/send")), timeout=2)
    assert (result.ok, result.status) == (False, "protocol_error")
    assert "企业微信的回应无法识别" in result.detail_zh


# --- 钉钉 -------------------------------------------------------------------------------


def test_dingtalk_signed_markdown_message(httpserver: HTTPServer):
    httpserver.expect_request("/robot/send", method="POST").respond_with_json(OK_WECOM)
    secret = "SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    url = httpserver.url_for("/robot/send") + "?access_token=ab12cd"
    result = dingtalk.send(NOTICE, DingtalkConfig(url=url, secret=secret), timeout=2, now=NOW)
    assert result.ok, result

    request = received(httpserver)
    assert request.args["access_token"] == "ab12cd"
    timestamp = request.args["timestamp"]
    assert timestamp == str(int(NOW.timestamp() * 1000))
    to_sign = f"{timestamp}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(secret.encode(), to_sign, hashlib.sha256).digest())
    assert request.args["sign"] == expected.decode()
    # The signature is URL-encoded in the query (base64 has + / =).
    assert f"sign={quote_plus(expected.decode())}".encode() in request.query_string
    assert body_json(request) == {
        "msgtype": "markdown",
        "markdown": {
            "title": "【重大】滨江路段积水致多车被困",
            "text": "#### 【重大】滨江路段积水致多车被困\n\n**级别：重大**\n\n"
            "暴雨后滨江路低洼路段积水，相关视频转发量快速上升。\n\n"
            "本地网友留言 150 余条，多为求助。\n\n"
            "[查看详情](https://huiying.example.gov.cn/events/2048/)",
        },
    }


def test_dingtalk_without_secret_adds_no_signature(httpserver: HTTPServer):
    httpserver.expect_request("/robot/send").respond_with_json(OK_WECOM)
    url = httpserver.url_for("/robot/send") + "?access_token=ab12cd"
    assert dingtalk.send(NOTICE, DingtalkConfig(url=url), timeout=2).ok
    assert set(received(httpserver).args) == {"access_token"}


@pytest.mark.parametrize(
    ("errmsg", "status", "phrase"),
    [
        ("sign not match, more: [https://open.dingtalk.com/document/]", "auth_failed", "签名"),
        ("description:机器人发送签名不匹配;solution:请确认签名", "auth_failed", "签名"),
        ("keywords not in content", "bad_config", "关键词"),
        ("ip 203.0.113.9 not in whitelist", "bad_config", "IP"),
        ("invalid timestamp", "auth_failed", "时钟"),
    ],
)
def test_dingtalk_security_refusals(httpserver: HTTPServer, errmsg, status, phrase):
    httpserver.expect_request("/robot/send").respond_with_json(
        {"errcode": 310000, "errmsg": errmsg}
    )
    cfg = DingtalkConfig(url=httpserver.url_for("/robot/send"), secret="SECx")
    result = dingtalk.send(NOTICE, cfg, timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, status, False)
    assert result.detail_zh.startswith("钉钉返回错误 310000：")
    assert phrase in result.detail_zh


def test_dingtalk_too_fast_is_retried(httpserver: HTTPServer):
    httpserver.expect_request("/robot/send").respond_with_json(
        {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
    )
    result = dingtalk.send(NOTICE, DingtalkConfig(url=httpserver.url_for("/robot/send")))
    assert (result.ok, result.status, result.retryable) == (False, "rate_limited", True)
    assert "每分钟 20 条" in result.detail_zh


# --- 飞书 -------------------------------------------------------------------------------


def test_feishu_signed_post_message(httpserver: HTTPServer):
    httpserver.expect_request("/open-apis/bot/v2/hook/c0ffee", method="POST").respond_with_json(
        {"code": 0, "data": {}, "msg": "success"}
    )
    secret = "fs-secret-9Q8w7E"
    cfg = FeishuConfig(url=httpserver.url_for("/open-apis/bot/v2/hook/c0ffee"), secret=secret)
    result = deliver(NOTICE, cfg, timeout=2, now=NOW)
    assert result.ok, result

    message = body_json(received(httpserver))
    assert isinstance(message, dict)
    timestamp = message.pop("timestamp")
    assert timestamp == str(int(NOW.timestamp()))
    key = f"{timestamp}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert message.pop("sign") == expected
    assert message == {
        "msg_type": "post",
        "content": {
            "post": {
                "zh_cn": {
                    "title": "【重大】滨江路段积水致多车被困",
                    "content": [
                        [{"tag": "text", "text": "级别：重大"}],
                        [
                            {
                                "tag": "text",
                                "text": "暴雨后滨江路低洼路段积水，相关视频转发量快速上升。",
                            }
                        ],
                        [{"tag": "text", "text": "本地网友留言 150 余条，多为求助。"}],
                        [
                            {
                                "tag": "a",
                                "text": "查看详情",
                                "href": "https://huiying.example.gov.cn/events/2048/",
                            }
                        ],
                    ],
                }
            }
        },
    }


def test_feishu_unsigned_and_older_answer_format(httpserver: HTTPServer):
    httpserver.expect_request("/hook").respond_with_json(
        {"Extra": None, "StatusCode": 0, "StatusMessage": "success"}
    )
    result = feishu.send(NOTICE, FeishuConfig(url=httpserver.url_for("/hook")), timeout=2)
    assert result.ok, result
    message = body_json(received(httpserver))
    assert isinstance(message, dict)
    assert "sign" not in message and "timestamp" not in message


def test_feishu_signature_refused(httpserver: HTTPServer):
    httpserver.expect_request("/hook").respond_with_json(
        {"code": 19021, "data": {}, "msg": "sign match fail or timestamp is not within one hour"}
    )
    cfg = FeishuConfig(url=httpserver.url_for("/hook"), secret="wrong")
    result = feishu.send(NOTICE, cfg, timeout=2)
    assert (result.ok, result.status, result.retryable) == (False, "auth_failed", False)
    assert result.detail_zh.startswith("飞书返回错误 19021：签名校验失败")


def test_feishu_error_code_with_http_400(httpserver: HTTPServer):
    httpserver.expect_request("/hook").respond_with_json(
        {"code": 9499, "data": {}, "msg": "Bad Request"}, status=400
    )
    result = feishu.send(NOTICE, FeishuConfig(url=httpserver.url_for("/hook")), timeout=2)
    assert (result.ok, result.status) == (False, "bad_config")
    assert result.detail_zh == "飞书返回错误 9499：请求格式错误。"


def test_robot_down_is_reported_per_platform_not_raised():
    port = closed_port()
    url = f"http://127.0.0.1:{port}/hook"
    for cfg in (WecomConfig(url), DingtalkConfig(url, "SECx"), FeishuConfig(url, "s")):
        result = deliver(NOTICE, cfg, timeout=1)
        assert (result.ok, result.status, result.retryable) == (False, "unreachable", True)
