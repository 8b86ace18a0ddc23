"""One spelling per page, so the same article shared through different apps is one URL."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

# Share/ad tracking that never changes which page is served.
_TRACKING = frozenset(
    {
        "spm", "spm_id_from", "from_spmid", "from", "share_token", "scene", "subscene",
        "clicktime", "enterid", "wfr", "isappinstalled", "fbclid", "gclid", "gclsrc",
        "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
        "share_source", "share_medium", "share_plat", "share_tag", "share_session_id",
        "share_from", "share_id", "shareid", "share_time", "sharetime", "sharer_sharetime",
        "sharer_shareid", "sharer_shareinfo", "sharer_shareinfo_first", "timestamp",
        "vd_source", "unique_k", "bbid", "xtrack", "ascene", "devicetype", "nettype",
        "pass_ticket", "exportkey", "wx_header", "tt_from", "utm_source",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci")
# Cache-busters and share stamps: dropped only when the value is a Unix time.
_STAMP_KEYS = frozenset({"t", "_", "_t", "ts", "_ts", "time", "tt"})
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
# A WeChat article is identified by these four; the rest (chksm, scene, key, uin …)
# changes with every share.
_WECHAT_HOST = "mp.weixin.qq.com"
_WECHAT_KEEP = frozenset({"__biz", "mid", "idx", "sn"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment (except `#!`/`#/`
    routes, which are the page), no tracking parameters, remaining parameters
    sorted, path case kept. Idempotent; a string that is not an absolute URL comes
    back stripped but otherwise unchanged."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = _host(parts.hostname or "")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    if "@" in parts.netloc:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    path = _escape(parts.path, _SAFE_PATH) or "/"
    query = _query(parts.query, wechat=host == _WECHAT_HOST and path == "/s")
    fragment = parts.fragment if parts.fragment[:1] in ("!", "/") else ""
    return urlunsplit((scheme, netloc, path, query, _escape(fragment, _SAFE_QUERY)))


def _host(host: str) -> str:
    host = host.rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _query(query: str, *, wechat: bool) -> str:
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        raw_key, _, value = pair.partition("=")
        key = unquote_plus(raw_key).lower()
        if wechat and key in _WECHAT_KEEP:
            kept.append(pair)
        elif wechat or _is_tracking(key, value):
            continue
        else:
            kept.append(pair)
    return "&".join(sorted(_escape(pair, _SAFE_QUERY) for pair in kept))


def _is_tracking(key: str, value: str) -> bool:
    if key in _TRACKING or key.startswith(_TRACKING_PREFIXES):
        return True
    return key in _STAMP_KEYS and _EPOCH.fullmatch(value) is not None


def _escape(text: str, safe: str) -> str:
    """Percent-encode non-ASCII (so 食品 and %E9%A3%9F%E5%93%81 are one URL) and
    upper-case existing escapes; never decodes, so GBK-encoded queries survive."""
    return _ESCAPE.sub(lambda m: m.group().upper(), quote(text, safe=safe))
