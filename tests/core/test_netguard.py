"""The SSRF guard: user-entered source URLs must not reach internal addresses.

Only IP literals and injected resolvers are used here, so no lookup leaves the machine;
the one real connection goes to a server on 127.0.0.1.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from huiying.core.fetch_errors import FetchError
from huiying.core.netguard import GuardedTransport, check_url, is_blocked


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.5/admin",
        "http://172.16.3.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://0.0.0.0:8000/",
        "http://224.0.0.1/",
        "http://100.64.1.1/",  # carrier-grade NAT
        "http://240.0.0.1/",  # reserved
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "http://[2002:c0a8:101::1]/",  # 6to4 wrapping 192.168.1.1
    ],
)
def test_internal_addresses_are_blocked(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, ())
    assert caught.value.code == "blocked_address"
    assert caught.value.message.startswith("出于安全考虑，不允许访问内部网络地址")


@pytest.mark.parametrize(
    "url", ["http://1.2.4.8/", "https://223.5.5.5/news", "http://[2001:da8::1]/"]
)
def test_public_addresses_pass(url: str) -> None:
    check_url(url, ())


def test_allowed_networks() -> None:
    check_url("http://127.0.0.1:8080/feed.xml", ["127.0.0.0/8"])
    check_url("http://[::ffff:127.0.0.1]/", ["127.0.0.0/8"])
    check_url("http://192.168.10.20/intranet/notice", ["192.168.10.0/24"])
    with pytest.raises(FetchError):
        check_url("http://192.168.11.20/", ["192.168.10.0/24"])
    assert is_blocked("127.0.0.2", ["127.0.0.1/32"])


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example.gov.cn/a.doc", "gopher://127.0.0.1:25/"]
)
def test_other_schemes_refused(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, ["0.0.0.0/0"])
    assert caught.value.code == "blocked_address"
    assert "只能访问 http 或 https 网址" in caught.value.message


def test_any_internal_record_blocks_the_host() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["1.2.4.8", "10.1.2.3"]

    with pytest.raises(FetchError) as caught:
        check_url("https://news.example.test/", (), resolver=resolver)
    assert (
        caught.value.message
        == "出于安全考虑，不允许访问内部网络地址：news.example.test（10.1.2.3）。"
    )


def test_unresolvable_host_is_a_connect_error() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError) as caught:
        check_url("http://no-such-site.example.test/", (), resolver=resolver)
    assert caught.value.code == "connect"
    assert "域名无法解析" in caught.value.message


def test_malformed_url() -> None:
    with pytest.raises(FetchError) as caught:
        check_url("http://[::1/", ())
    assert caught.value.code == "bad_url"


@pytest.fixture()
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


def test_transport_connects_to_the_checked_address(server: HTTPServer) -> None:
    """DNS rebinding: the name is resolved once, checked, and that very address is used.
    A second lookup (which could now say 10.x) never happens."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    def handler(request: Request) -> Response:
        return Response(f"host={request.host}", content_type="text/plain")

    server.expect_request("/").respond_with_handler(handler)
    transport = GuardedTransport(["127.0.0.0/8"], resolver=resolver)
    with httpx.Client(transport=transport, trust_env=False) as client:
        response = client.get(f"http://portal.example.test:{server.port}/")
    assert response.text == f"host=portal.example.test:{server.port}"
    assert calls == ["portal.example.test"]


def test_transport_refuses_before_connecting(server: HTTPServer) -> None:
    transport = GuardedTransport((), resolver=lambda host, port: ["127.0.0.1"])
    with httpx.Client(transport=transport, trust_env=False) as client, pytest.raises(FetchError):
        client.get(f"http://portal.example.test:{server.port}/")
    assert server.log == []


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"


@pytest.fixture()
def tls_server() -> Iterator[HTTPServer]:
    """HTTPS on 127.0.0.1 with a certificate for portal.example.test only."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "tls-cert.pem", FIXTURES / "tls-key.pem")
    srv = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


def trusting_test_cert() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(FIXTURES / "tls-cert.pem"))


def test_https_pinned_to_the_address_still_checks_the_name(tls_server: HTTPServer) -> None:
    tls_server.expect_request("/").respond_with_data("政务公开", content_type="text/plain")
    transport = GuardedTransport(
        ["127.0.0.0/8"], resolver=lambda host, port: ["127.0.0.1"], verify=trusting_test_cert()
    )
    with httpx.Client(transport=transport, trust_env=False) as client:
        assert client.get(f"https://portal.example.test:{tls_server.port}/").text == "政务公开"
        # Same address, another name: the certificate does not cover it, so TLS fails.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            client.get(f"https://other.example.test:{tls_server.port}/")
