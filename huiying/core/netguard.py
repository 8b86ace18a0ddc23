"""SSRF guard: sources are typed in by users, so a fetch must never reach the office's
own network (routers, admin panels, cloud metadata) unless an operator allows a range.

How it is enforced with httpx: `GuardedTransport` resolves the host itself, checks every
address, then sends the request to the checked IP literal (Host header and TLS SNI /
certificate check keep the real name). Checking in an event hook instead would resolve
the name twice — once to check, once inside httpcore to connect — and a DNS-rebinding
server can answer "public" to the first and "127.0.0.1" to the second. The transport
sees every request the client sends, so each redirect hop is checked too. `check_url`
is the same check for callers that bring their own client (no pinning there).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Sequence
from functools import lru_cache

import httpx

from huiying.core.fetch_errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = ("http", "https")


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for host, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


@lru_cache(maxsize=64)
def _networks(allow_networks: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in allow_networks)


def _embedded_v4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    # ::ffff:127.0.0.1 and 2002:7f00:1:: reach IPv4 hosts; Python 3.11 does not flag them.
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ip.sixtofour
    return None


def _is_internal(ip: IPAddress) -> bool:
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # also catches 100.64.0.0/10 (carrier NAT) and documentation ranges
    )


def is_blocked(address: str, allow_networks: Sequence[str] = ()) -> bool:
    """True when address is internal and not inside one of the allowed CIDR ranges."""
    ip = ipaddress.ip_address(address)
    nets = _networks(tuple(allow_networks))
    inner = _embedded_v4(ip)
    probes: list[IPAddress] = [ip] if inner is None else [ip, inner]
    if any(p in n for p in probes for n in nets if p.version == n.version):
        return False
    return any(_is_internal(p) for p in probes)


def _parse(url: str | httpx.URL) -> httpx.URL:
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError("bad_url", f"网址格式不正确：{url}", str(exc)) from exc
    return parsed


def check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ALLOWED_SCHEMES:
        shown = url.scheme or "（无）"
        raise FetchError(
            "blocked_address",
            f"只能访问 http 或 https 网址，不能访问“{shown}”类型的地址。",
            f"scheme {url.scheme!r} refused: {url}",
        )
    if not url.host:
        raise FetchError("bad_url", f"网址缺少服务器名称：{url}", "no host")


def checked_addresses(
    host: str,
    port: int,
    allow_networks: Sequence[str],
    *,
    resolver: Resolver = resolve_host,
) -> list[str]:
    """Resolve host and return its addresses, refusing the host if ANY of them is internal:
    an attacker's name with one public and one private record must not get through."""
    try:
        addresses = list(resolver(host, port))
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            "connect", f"找不到服务器 {host}：域名无法解析，请检查网址是否正确。", str(exc)
        ) from exc
    if not addresses:
        raise FetchError("connect", f"找不到服务器 {host}：域名没有对应的地址。", "no addresses")
    for address in addresses:
        if is_blocked(address, allow_networks):
            raise FetchError(
                "blocked_address",
                f"出于安全考虑，不允许访问内部网络地址：{host}（{address}）。",
                f"{host} resolves to internal address {address}",
            )
    return addresses


def check_url(
    url: str,
    allow_networks: Sequence[str],
    *,
    resolver: Resolver = resolve_host,
) -> None:
    """Raise FetchError unless url is http(s) and every address of its host is public
    (or inside allow_networks, e.g. "127.0.0.0/8" for tests and intranet sources)."""
    parsed = _parse(url)
    check_scheme(parsed)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    checked_addresses(parsed.raw_host.decode("ascii"), port, allow_networks, resolver=resolver)


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that connects only to addresses it has checked itself.

    One inner transport (connection pool) per host name: pools are keyed by the IP we
    connect to, and a TLS connection made for one name must not be reused for another
    name that happens to share the address.
    """

    def __init__(
        self,
        allow_networks: Sequence[str],
        *,
        resolver: Resolver = resolve_host,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self._allow = tuple(allow_networks)
        self._resolver = resolver
        self._verify = verify
        self._inner: dict[str, httpx.HTTPTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        check_scheme(url)
        host = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = checked_addresses(host, port, self._allow, resolver=self._resolver)
        inner = self._inner.get(host)
        if inner is None:
            inner = self._inner[host] = httpx.HTTPTransport(verify=self._verify, retries=0)
        extensions = dict(request.extensions)
        if url.scheme == "https":
            extensions["sni_hostname"] = host  # certificate is checked against the name
        last_error: httpx.ConnectError | None = None
        for address in addresses:
            # The Host header was set from the original URL and is kept by Request().
            pinned = httpx.Request(
                request.method,
                url.copy_with(host=address),
                headers=request.headers,
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return inner.handle_request(pinned)
            except httpx.ConnectError as exc:  # try the next address, as a resolver would
                last_error = exc
        assert last_error is not None
        raise last_error

    def close(self) -> None:
        for inner in self._inner.values():
            inner.close()
        self._inner.clear()
