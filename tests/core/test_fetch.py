"""fetch() against a real HTTP server on 127.0.0.1: what a source's owner would see."""

from __future__ import annotations

import gzip
import pickle
import socket
import ssl
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from huiying.core.fetch import FetchError, FetchLimits, fetch

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"
NOTICE = (FIXTURES / "notice_hans.txt").read_text(encoding="utf-8")
MiB = 1024 * 1024
LIMITS = FetchLimits(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=5.0,
    max_bytes=MiB,
    max_redirects=3,
    allow_networks=("127.0.0.0/8",),
)


def html(text: str) -> str:
    return f"<html><head><title>通知公告</title></head><body><pre>{text}</pre></body></html>"


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def fresh(server: HTTPServer) -> Iterator[threading.Event]:
    """Clears handlers between tests; setting the event ends any deliberately slow handler."""
    release = threading.Event()
    yield release
    release.set()
    server.clear()


def fetch_error(url: str, limits: FetchLimits = LIMITS, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, limits=limits, **kwargs)  # type: ignore[arg-type]
    return caught.value


def gzipped(chunks: Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([*(packer.compress(c) for c in chunks), packer.flush()])


def test_etag_then_not_modified(server: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v7"':
            return Response(status=304)
        return Response(
            html(NOTICE).encode("utf-8"),
            content_type="text/html; charset=utf-8",
            headers={"ETag": '"v7"', "Last-Modified": "Mon, 18 Mar 2024 08:00:00 GMT"},
        )

    server.expect_request("/notice").respond_with_handler(handler)
    first = fetch(server.url_for("/notice"), limits=LIMITS)
    assert (first.status, first.not_modified, first.etag) == (200, False, '"v7"')
    assert first.text == html(NOTICE)
    second = fetch(
        server.url_for("/notice"),
        limits=LIMITS,
        etag=first.etag,
        last_modified=first.last_modified,
    )
    assert (second.status, second.not_modified, second.body, second.text) == (304, True, b"", None)
    assert second.etag == '"v7"'  # kept for next time though the 304 did not repeat it
    assert second.last_modified == "Mon, 18 Mar 2024 08:00:00 GMT"


def test_read_timeout(server: HTTPServer, fresh: threading.Event) -> None:
    def slow(request: Request) -> Response:
        fresh.wait(3)
        return Response("迟到的内容")

    server.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    err = fetch_error(server.url_for("/slow"), replace(LIMITS, read_timeout=0.3))
    assert time.monotonic() - started < 1.0
    assert err.code == "timeout"
    assert err.message == "读取超时：服务器 127.0.0.1 在 0.3 秒内没有发送数据。"


def test_trickling_server_hits_the_total_deadline(
    server: HTTPServer, fresh: threading.Event
) -> None:
    def trickle() -> Iterator[bytes]:
        while not fresh.wait(0.05):
            yield "积水".encode()

    server.expect_request("/trickle").respond_with_handler(
        lambda request: Response(trickle(), content_type="text/plain")
    )
    started = time.monotonic()
    err = fetch_error(server.url_for("/trickle"), replace(LIMITS, total_timeout=0.6))
    assert time.monotonic() - started < 1.5
    assert err.code == "timeout"
    assert err.message == "下载超时：从服务器 127.0.0.1 下载超过 0.6 秒仍未完成，已停止。"


def test_too_large_by_content_length(server: HTTPServer) -> None:
    server.expect_request("/big").respond_with_data(b"a" * (2 * MiB), content_type="text/plain")
    err = fetch_error(server.url_for("/big"))
    assert err.code == "too_large"
    assert err.message == "内容超过 1 MB 上限，已停止下载。"
    assert err.detail.startswith("Content-Length")  # refused before reading


def test_too_large_without_content_length(server: HTTPServer) -> None:
    chunks = (b"<p>" + "市民反映道路积水".encode() * 2000 + b"</p>" for _ in range(200))
    server.expect_request("/stream").respond_with_handler(
        lambda request: Response(chunks, content_type="text/html")
    )
    err = fetch_error(server.url_for("/stream"))
    assert err.code == "too_large"
    assert err.message == "内容超过 1 MB 上限，已停止下载。"


def test_gzip_bomb_stops_at_the_decoded_cap(server: HTTPServer) -> None:
    bomb = gzipped(bytes(MiB) for _ in range(50))  # ~50 KB on the wire, 50 MB inflated
    assert len(bomb) < MiB
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    err = fetch_error(server.url_for("/bomb"))
    assert err.code == "too_large"


def test_nested_gzip_bomb_never_inflates_in_memory(server: HTTPServer) -> None:
    inner = gzipped(bytes(MiB) for _ in range(128))
    bomb = gzipped(iter([inner]))  # under 1 KB that would inflate to 128 MB
    server.expect_request("/nested").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip, gzip"}
    )
    tracemalloc.start()
    try:
        err = fetch_error(server.url_for("/nested"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.code == "too_large"
    assert peak < 16 * MiB


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate"])
def test_compressed_gb_page_decodes(server: HTTPServer, coding: str) -> None:
    raw = html(NOTICE).encode("gb18030")
    if coding == "gzip":
        packed = gzip.compress(raw)
    elif coding == "deflate":
        packed = zlib.compress(raw)
    else:  # some servers send deflate without the zlib wrapper
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packer.compress(raw) + packer.flush()
    server.expect_request("/gz").respond_with_data(
        packed,
        content_type="text/html; charset=gb2312",
        headers={"Content-Encoding": coding.replace("raw-", "")},
    )
    result = fetch(server.url_for("/gz"), limits=LIMITS)
    assert result.body == raw
    assert (result.text, result.encoding) == (html(NOTICE), "gb18030")


def redirect(location: str, **headers: str) -> Response:
    return Response(status=302, headers={"Location": location, **headers})


def test_redirects_followed_up_to_the_limit(server: HTTPServer) -> None:
    for n in range(3):
        server.expect_request(f"/hop/{n}").respond_with_response(redirect(f"/hop/{n + 1}#top"))
    server.expect_request("/hop/3").respond_with_data("最终页面", content_type="text/plain")
    result = fetch(server.url_for("/hop/0"), limits=LIMITS)
    assert result.url == server.url_for("/hop/3")
    assert result.text == "最终页面"


def test_too_many_redirects(server: HTTPServer) -> None:
    for n in range(5):
        server.expect_request(f"/hop/{n}").respond_with_response(redirect(f"/hop/{n + 1}"))
    err = fetch_error(server.url_for("/hop/0"))
    assert err.code == "too_many_redirects"
    assert err.message == "网址连续跳转超过 3 次，已停止。请直接使用最终的网址。"


def test_redirect_loop(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_response(redirect("/b"))
    server.expect_request("/b").respond_with_response(redirect(server.url_for("/a")))
    err = fetch_error(server.url_for("/a"))
    assert err.code == "redirect_loop"
    assert server.url_for("/a") in err.message


def test_same_url_again_after_a_cookie_is_not_a_loop(server: HTTPServer) -> None:
    def portal(request: Request) -> Response:
        if request.cookies.get("visited") == "1":
            return Response("通知公告列表", content_type="text/plain; charset=utf-8")
        return redirect("/portal", **{"Set-Cookie": "visited=1; Path=/"})

    server.expect_request("/portal").respond_with_handler(portal)
    assert fetch(server.url_for("/portal"), limits=LIMITS).text == "通知公告列表"


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "服务器返回错误 404（页面不存在）。"), (500, "服务器返回错误 500（服务器内部错误）。")],
)
def test_http_errors_in_chinese(server: HTTPServer, status: int, message: str) -> None:
    server.expect_request("/e").respond_with_data("error page", status=status)
    err = fetch_error(server.url_for("/e"))
    assert (err.code, err.message, err.status) == ("http_status", message, status)


def test_empty_body(server: HTTPServer) -> None:
    server.expect_request("/empty").respond_with_data(b"", content_type="text/html")
    err = fetch_error(server.url_for("/empty"))
    assert (err.code, err.message) == ("empty_body", "服务器返回了空白内容（没有正文）。")


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = fetch_error(f"http://127.0.0.1:{port}/")
    assert err.code == "connect"
    assert err.message == "无法连接服务器 127.0.0.1：对方拒绝连接或网络不通。"


def test_loopback_refused_unless_allowed(server: HTTPServer) -> None:
    server.expect_request("/feed").respond_with_data("ok", content_type="text/plain")
    err = fetch_error(server.url_for("/feed"), replace(LIMITS, allow_networks=()))
    assert err.code == "blocked_address"
    assert server.log == []
    assert fetch(server.url_for("/feed"), limits=LIMITS).text == "ok"


def test_callers_client_is_checked_too(server: HTTPServer) -> None:
    with httpx.Client() as client:
        err = fetch_error(server.url_for("/x"), replace(LIMITS, allow_networks=()), client=client)
    assert err.code == "blocked_address"
    assert server.log == []


def test_redirect_to_blocked_address_refused(server: HTTPServer) -> None:
    inner = HTTPServer(host="127.0.0.2", port=0, threaded=True)
    inner.start()
    try:
        inner.expect_request("/admin").respond_with_data("router admin", content_type="text/plain")
        target = f"http://127.0.0.2:{inner.port}/admin"
        server.expect_request("/go").respond_with_response(redirect(target))
        err = fetch_error(server.url_for("/go"), replace(LIMITS, allow_networks=("127.0.0.1/32",)))
        assert err.code == "blocked_address"
        assert "127.0.0.2" in err.message
        assert inner.log == []
    finally:
        inner.stop()


def test_file_url_refused() -> None:
    err = fetch_error("file:///etc/passwd")
    assert err.code == "blocked_address"


def test_gb18030_page_with_wrong_utf8_header(server: HTTPServer) -> None:
    raw = html(NOTICE).encode("gb18030")
    server.expect_request("/wrong").respond_with_data(raw, content_type="text/html; charset=utf-8")
    result = fetch(server.url_for("/wrong"), limits=LIMITS)
    assert (result.text, result.encoding, result.content_type) == (
        html(NOTICE),
        "gb18030",
        "text/html; charset=utf-8",
    )


def test_binary_content_is_not_decoded(server: HTTPServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    server.expect_request("/logo.png").respond_with_data(png, content_type="image/png")
    result = fetch(server.url_for("/logo.png"), limits=LIMITS)
    assert (result.body, result.text, result.encoding) == (png, None, None)


def test_untrusted_certificate_is_a_tls_error() -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "tls-cert.pem", FIXTURES / "tls-key.pem")
    srv = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    srv.start()
    try:
        err = fetch_error(f"https://127.0.0.1:{srv.port}/")
    finally:
        srv.stop()
    assert err.code == "tls"
    assert err.message == (
        "与服务器 127.0.0.1 建立安全连接（HTTPS）失败：证书无效、已过期或与网址不符。"
    )


def test_error_survives_pickling_for_task_queues() -> None:
    err = FetchError(
        "http_status", "服务器返回错误 503（服务暂时不可用）。", "HTTP 503", status=503
    )
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.message, copy.detail, copy.status) == (
        "http_status",
        "服务器返回错误 503（服务暂时不可用）。",
        "HTTP 503",
        503,
    )
