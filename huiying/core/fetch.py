"""Fetch one URL politely and safely: timeouts and a hard deadline, a byte cap on the
decoded body, redirects followed by hand with the SSRF check on every hop, conditional
GET, and errors as FetchError with a Chinese sentence the user can act on.

Content-Encoding is decoded here rather than by httpx: httpx inflates each network chunk
in one go (and stacks codings such as "gzip, gzip"), so a small gzip bomb would be
expanded in memory before any cap could be checked. zlib's max_length lets us stop at
the cap. Only gzip and deflate are advertised; brotli would need a package we lack.
"""

from __future__ import annotations

import ssl
import time
import zlib
from dataclasses import dataclass

import httpx

from huiying.core.charset import decode
from huiying.core.fetch_errors import FetchError, status_meaning
from huiying.core.netguard import GuardedTransport, check_scheme, check_url

__all__ = ["FetchError", "FetchLimits", "FetchResult", "fetch"]

DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; huiying/0.1; public-information monitor)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,*/*;q=0.8"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/vnd.")
_BINARY_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/x-gzip"}
)


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # longest wait for any single read
    total_timeout: float = 60.0  # whole fetch, redirects included: stops a trickling server
    max_bytes: int = 5 * 1024 * 1024  # decoded body size, and raw size too
    max_redirects: int = 5
    allow_networks: tuple[str, ...] = ()  # CIDR ranges exempt from the SSRF guard
    user_agent: str = DEFAULT_USER_AGENT


@dataclass
class FetchResult:
    url: str  # final URL, after redirects
    status: int
    not_modified: bool
    body: bytes  # decoded Content-Encoding; empty when not_modified
    text: str | None  # None when not_modified or the content is binary (image, PDF…)
    encoding: str | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    elapsed_ms: int
    replaced_chars: int = 0  # characters that did not decode and became U+FFFD


def _secs(value: float) -> str:
    return f"{value:g}"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{round(n / (1024 * 1024), 1):g} MB"
    if n >= 1024:
        return f"{round(n / 1024, 1):g} KB"
    return f"{n} 字节"


def _too_large(limits: FetchLimits, detail: str) -> FetchError:
    return FetchError("too_large", f"内容超过 {_size(limits.max_bytes)} 上限，已停止下载。", detail)


def _deadline_passed(host: str, limits: FetchLimits) -> FetchError:
    return FetchError(
        "timeout",
        f"下载超时：从服务器 {host} 下载超过 {_secs(limits.total_timeout)} 秒仍未完成，已停止。",
        "total deadline passed",
    )


class _Inflater:
    """One zlib layer that never produces more than the room it is given (+1 byte)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding in ("gzip", "x-gzip")
        self._wbits = zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        self._z = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data and len(out) <= room:
            try:
                piece = self._z.decompress(data, room + 1 - len(out))
            except zlib.error as exc:
                if not self._gzip and not self._started and self._wbits > 0:
                    # Some servers send raw deflate without the zlib header.
                    self._wbits = -zlib.MAX_WBITS
                    self._z = zlib.decompressobj(self._wbits)
                    continue
                raise FetchError(
                    "undecodable", "服务器发送的压缩内容已损坏，无法解压。", str(exc)
                ) from exc
            self._started = True
            out += piece
            if self._z.eof:
                rest = self._z.unused_data
                if not (self._gzip and rest.startswith(b"\x1f\x8b")):
                    break  # trailing bytes after the stream are ignored, as browsers do
                self._z = zlib.decompressobj(self._wbits)  # next gzip member
                data = rest
            else:
                data = self._z.unconsumed_tail
        return bytes(out)

    def flush(self) -> bytes:
        return self._z.flush() if not self._z.eof else b""


class _BodyDecoder:
    def __init__(self, content_encoding: str | None) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._layers: list[_Inflater] = []
        for coding in reversed(codings):  # the last coding applied is undone first
            if coding in ("identity", "none"):
                continue
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(
                    "undecodable",
                    f"服务器使用了不支持的压缩格式（{coding}），无法读取内容。",
                    f"Content-Encoding: {content_encoding}",
                )
            self._layers.append(_Inflater(coding))

    def feed(self, data: bytes, room: int) -> bytes:
        for layer in self._layers:
            data = layer.feed(data, room)
            if len(data) > room:
                break
        return data

    def flush(self, room: int) -> bytes:
        out = b""
        for i, layer in enumerate(self._layers):
            out = layer.flush() if i == 0 else layer.feed(out, room) + layer.flush()
        return out


def _read_body(response: httpx.Response, limits: FetchLimits, deadline: float, host: str) -> bytes:
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits, f"Content-Length {declared}")
    decoder = _BodyDecoder(response.headers.get("content-encoding"))
    body = bytearray()
    raw = 0
    for chunk in response.iter_raw():
        raw += len(chunk)
        if raw > limits.max_bytes:  # e.g. endless empty deflate blocks that inflate to nothing
            raise _too_large(limits, f"raw bytes passed {limits.max_bytes}")
        body += decoder.feed(chunk, limits.max_bytes - len(body))
        if len(body) > limits.max_bytes:
            raise _too_large(limits, f"decoded bytes passed {limits.max_bytes}")
        if time.monotonic() > deadline:
            raise _deadline_passed(host, limits)
    body += decoder.flush(limits.max_bytes - len(body))
    if len(body) > limits.max_bytes:
        raise _too_large(limits, f"decoded bytes passed {limits.max_bytes}")
    return bytes(body)


def _is_binary(content_type: str | None) -> bool:
    main = (content_type or "").split(";")[0].strip().lower()
    if main.endswith(("+xml", "+json", "/xml", "/json")):
        return False
    return main in _BINARY_TYPES or main.startswith(_BINARY_PREFIXES)


def _caused_by_tls(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _translate(exc: Exception, host: str, limits: FetchLimits, deadline: float) -> FetchError:
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        if time.monotonic() >= deadline - 0.05:
            return _deadline_passed(host, limits)
        if isinstance(exc, httpx.ConnectTimeout):
            msg = f"连接超时：服务器 {host} 在 {_secs(limits.connect_timeout)} 秒内没有响应。"
        else:
            msg = f"读取超时：服务器 {host} 在 {_secs(limits.read_timeout)} 秒内没有发送数据。"
        return FetchError("timeout", msg, detail)
    if (tls := _caused_by_tls(exc)) is not None:
        if isinstance(tls, ssl.SSLCertVerificationError):
            msg = f"与服务器 {host} 建立安全连接（HTTPS）失败：证书无效、已过期或与网址不符。"
        else:
            msg = f"与服务器 {host} 建立安全连接（HTTPS）失败。"
        return FetchError("tls", msg, detail)
    if isinstance(exc, httpx.ConnectError):
        return FetchError("connect", f"无法连接服务器 {host}：对方拒绝连接或网络不通。", detail)
    if isinstance(exc, httpx.RemoteProtocolError):
        msg = f"服务器 {host} 的响应不完整或格式错误，连接已中断。"
        return FetchError("connect", msg, detail)
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchError("bad_url", f"网址格式不正确：{exc}", detail)
    return FetchError("connect", f"与服务器 {host} 的连接意外中断。", detail)


def _timeout(limits: FetchLimits, deadline: float, host: str) -> httpx.Timeout:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _deadline_passed(host, limits)
    connect = min(limits.connect_timeout, remaining)
    read = min(limits.read_timeout, remaining)
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError("bad_url", f"网址格式不正确：{url}", str(exc)) from exc


def _key(url: httpx.URL) -> str:
    return str(url.copy_with(fragment=None))


def fetch(
    url: str,
    *,
    limits: FetchLimits,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET url. Returns a FetchResult (not_modified=True on 304); every network or HTTP
    problem is raised as FetchError. With our own client every connection is pinned to
    a checked address; a caller's client gets the same check per hop, without pinning."""
    started = time.monotonic()
    deadline = started + limits.total_timeout
    current = _parse_url(url)
    headers = {
        "User-Agent": limits.user_agent,
        "Accept": _ACCEPT,
        "Accept-Language": "zh-CN,zh;q=0.9,zh-TW;q=0.8,en;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = client or httpx.Client(
        transport=GuardedTransport(limits.allow_networks),
        trust_env=False,  # an environment proxy would connect for us, bypassing the pinning
        follow_redirects=False,
    )
    seen = {_key(current)}
    host = current.host
    try:
        for hop in range(limits.max_redirects + 1):
            host = current.host
            check_scheme(current)  # also before httpx, which would call it a bad URL
            if client is not None:
                check_url(str(current), limits.allow_networks)
            request = session.build_request(
                "GET", current, headers=headers, timeout=_timeout(limits, deadline, host)
            )
            response = session.send(request, stream=True, follow_redirects=False)
            try:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            "http_status",
                            f"服务器返回跳转 {status}，但没有给出跳转地址。",
                            "redirect without Location",
                            status=status,
                        )
                    target = current.join(location).copy_with(fragment=None)
                    # Same URL again is a loop, unless the server just set a cookie
                    # (some portals bounce once to plant a session cookie).
                    if _key(target) in seen and "set-cookie" not in response.headers:
                        raise FetchError(
                            "redirect_loop",
                            f"网址跳转出现循环：又跳回了已访问过的 {target}，已停止。",
                            f"hop {hop + 1}: {current} -> {target}",
                        )
                    if hop == limits.max_redirects:
                        raise FetchError(
                            "too_many_redirects",
                            f"网址连续跳转超过 {limits.max_redirects} 次，已停止。"
                            "请直接使用最终的网址。",
                            f"last: {current} -> {target}",
                        )
                    seen.add(_key(target))
                    current = target
                    continue
                return _result(response, current, limits, deadline, started, etag, last_modified)
            finally:
                response.close()
        raise AssertionError("unreachable: the loop returns or raises")
    except FetchError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        raise _translate(exc, host, limits, deadline) from exc
    finally:
        if client is None:
            session.close()


def _result(
    response: httpx.Response,
    url: httpx.URL,
    limits: FetchLimits,
    deadline: float,
    started: float,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    status = response.status_code
    content_type = response.headers.get("content-type")
    new_etag = response.headers.get("etag")
    new_modified = response.headers.get("last-modified")
    if status == 304:
        return FetchResult(
            url=str(url),
            status=status,
            not_modified=True,
            body=b"",
            text=None,
            encoding=None,
            content_type=content_type,
            etag=new_etag or etag,  # a 304 need not repeat the validators
            last_modified=new_modified or last_modified,
            elapsed_ms=round((time.monotonic() - started) * 1000),
        )
    if not 200 <= status < 300:
        meaning = status_meaning(status)
        message = (
            f"服务器返回错误 {status}（{meaning}）。"
            if status >= 400
            else f"服务器返回了无法处理的状态 {status}。"
        )
        raise FetchError("http_status", message, f"HTTP {status} for {url}", status=status)
    body = _read_body(response, limits, deadline, url.host)
    if not body.strip():
        raise FetchError("empty_body", "服务器返回了空白内容（没有正文）。", f"HTTP {status}")
    text: str | None = None
    encoding: str | None = None
    replaced = 0
    if not _is_binary(content_type):
        decoded = decode(body, content_type)
        text, encoding, replaced = decoded.text, decoded.encoding, decoded.replaced
    return FetchResult(
        url=str(url),
        status=status,
        not_modified=False,
        body=body,
        text=text,
        encoding=encoding,
        content_type=content_type,
        etag=new_etag,
        last_modified=new_modified,
        elapsed_ms=round((time.monotonic() - started) * 1000),
        replaced_chars=replaced,
    )
