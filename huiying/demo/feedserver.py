"""A local feed server that keeps publishing synthetic 青川市 news, for demos and tests.

Items come from corpus.generate_items on a timeline read from an injectable clock, so a
test moves time forward instead of sleeping. The feeds cover what real sources do wrong:
GB18030 labelled gb2312, undeclared Big5, GB18030 bytes labelled UTF-8, truncated XML,
and a feed too slow to answer. Feeds carry ETag/Last-Modified (304 when nothing is new)
and are gzipped for clients that accept it.

    python -m huiying.demo.feedserver --port 8765
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType, TracebackType

from huiying.demo import feedrender
from huiying.demo.corpus import SyntheticItem, generate_items

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Feed:
    path: str
    channel: str  # which stream of items it shows
    fmt: str  # rss | atom | broken
    title: str
    content_type: str
    encoding: str  # the bytes' real encoding
    declared: str | None  # encoding named in the XML declaration


_CJK_OUTSIDE_GB2312 = "镕金路、堃园小区、喆园小区"

FEEDS: tuple[Feed, ...] = (
    Feed("/feeds/qingchuan-daily.xml", "daily", "rss", "青川日报·要闻",
         "application/rss+xml; charset=utf-8", "utf-8", "UTF-8"),
    Feed("/feeds/district-news.atom", "district", "atom", "青川区县新闻",
         "application/atom+xml; charset=utf-8", "utf-8", "utf-8"),
    Feed("/feeds/gb18030.xml", "gb18030", "rss", "青川融媒",
         "application/rss+xml; charset=gb2312", "gb18030", "GB18030"),
    Feed("/feeds/big5.xml", "big5", "rss", "青川鄉訊",
         "application/rss+xml", "big5", None),
    Feed("/feeds/mislabelled.xml", "mislabelled", "rss", "青川晚报",
         "text/xml; charset=utf-8", "gb18030", None),
    Feed("/feeds/broken.xml", "daily", "broken", "青川日报·要闻（故障）",
         "application/rss+xml; charset=utf-8", "utf-8", "UTF-8"),
    Feed("/feeds/slow.xml", "district", "rss", "青川区县新闻（慢速镜像）",
         "application/rss+xml; charset=utf-8", "utf-8", "UTF-8"),
)  # fmt: skip
FEED_BY_PATH: MappingProxyType[str, Feed] = MappingProxyType({f.path: f for f in FEEDS})
SLOW_PATH = "/feeds/slow.xml"
_CHANNELS = ("daily", "district", "gb18030", "mislabelled")
_PAGE = re.compile(r"^/pages/([A-Za-z0-9_-]+)\.html$")


def _channels_of(item: SyntheticItem) -> tuple[str, ...]:
    """Traditional items go to the Big5 feed; the rest spread over the others, and one
    in ten is syndicated into the daily feed as well."""
    if item.script == "hant":
        return ("big5",)
    h = zlib.crc32(item.id.encode())
    main = _CHANNELS[h % len(_CHANNELS)]
    if h % 10 == 7 and main != "daily":
        return (main, "daily")
    return (main,)


class Timeline:
    """Items published up to the clock's now, grouped by channel. Thread-safe."""

    def __init__(self, *, seed: int, start: datetime, feed_interval_s: float, backlog: int) -> None:
        gap = feed_interval_s / 5  # five channels share the stream
        origin = start - timedelta(seconds=gap * backlog * 5)
        self._stream: Iterator[SyntheticItem] = generate_items(
            10**9, seed=seed, start=origin, trad_share=0.2, mean_gap_s=gap
        )
        self._next = next(self._stream)
        self._lock = threading.Lock()
        self.by_id: dict[str, SyntheticItem] = {}
        self.all: list[SyntheticItem] = []
        self.channels: dict[str, list[SyntheticItem]] = {c: [] for c in (*_CHANNELS, "big5")}
        self.origin = origin

    def advance(self, now: datetime) -> None:
        with self._lock:
            while self._next.published_at <= now:
                item = self._next
                self.by_id[item.id] = item
                self.all.append(item)
                for channel in _channels_of(item):
                    self.channels[channel].append(item)
                self._next = next(self._stream)


class DemoFeedServer:
    """ThreadingHTTPServer on loopback; port 0 picks a free port. Use as a context
    manager, or call start() and stop()."""

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        feed_interval_s: float = 180.0,
        feed_size: int = 30,
        slow_delay_s: float = 30.0,
        quiet: bool = True,
    ) -> None:
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.host, self.port = host, port
        self.feed_size = feed_size
        self.slow_delay_s = slow_delay_s
        self.quiet = quiet
        self.seed = seed
        self.timeline = Timeline(
            seed=seed, start=self.clock(), feed_interval_s=feed_interval_s, backlog=feed_size + 10
        )
        self.stopping = threading.Event()
        # Set when a request to the slow feed starts waiting: lets a test act while one
        # is in flight without sleeping.
        self.slow_started = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> DemoFeedServer:
        if self._httpd is not None:
            return self
        self.stopping.clear()
        self._httpd = _Server((self.host, self.port), _Handler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Returns within about a tenth of a second: slow requests in flight are cut."""
        if self._httpd is None:
            return
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> DemoFeedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # Content: what a path shows at the clock's now.

    def now(self) -> datetime:
        now = self.clock()
        self.timeline.advance(now)
        return now

    def latest(self, channel: str) -> list[SyntheticItem]:
        return self.timeline.channels[channel][-self.feed_size :][::-1]

    def render_feed(self, feed: Feed, now: datetime) -> bytes:
        items = self.latest(feed.channel)
        base = self.base_url
        if feed.fmt == "atom":
            text = feedrender.atom(
                title=feed.title, base_url=base, feed_path=feed.path, items=items, built=now
            )
        else:
            description = "青川市新闻资讯"
            if feed.channel == "gb18030":
                description += f"（{_CJK_OUTSIDE_GB2312}片区）"
            text = feedrender.rss(
                title=feed.title,
                description=description,
                base_url=base,
                items=items,
                encoding=feed.declared,
                built=now,
            )
            if feed.fmt == "broken":
                text = feedrender.broken(text)
        # Big5 lacks some characters (堃, 喆, 镕): XML character references keep them.
        return text.encode(feed.encoding, errors="xmlcharrefreplace")

    def validators(self, feed: Feed, *, gzipped: bool) -> tuple[str, datetime]:
        """ETag and Last-Modified of a feed: both change only when an item is added.
        The gzipped body is another representation, so it has its own ETag."""
        items = self.timeline.channels[feed.channel]
        newest = items[-1].published_at if items else self.timeline.origin
        tag = f"{zlib.crc32(feed.path.encode()):08x}-{self.seed}-{len(items)}"
        return f'"{tag}{"-gz" if gzipped else ""}"', newest.replace(microsecond=0)

    def render_page(self, item: SyntheticItem, now: datetime) -> bytes:
        newest = self.timeline.all[-6:]
        related = [i for i in reversed(newest) if i.id != item.id][:5]
        html = feedrender.page(item, base_url=self.base_url, related=related, now=now)
        return html.encode("utf-8")

    def index(self) -> bytes:
        links = "".join(f'<li><a href="{f.path}">{f.title}</a> {f.path}</li>' for f in FEEDS)
        html = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            "<title>青川演示源</title></head><body><h1>青川演示源</h1>"
            f'<ul>{links}<li><a href="/pages/latest.html">最新文章</a></li></ul></body></html>'
        )
        return html.encode("utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for a slow request in flight

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        app: DemoFeedServer,
    ) -> None:
        self.app = app
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "QingchuanDemo/1.0"

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.app.quiet:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        app = self.server.app
        path = self.path.split("?", 1)[0]
        now = app.now()
        feed = FEED_BY_PATH.get(path)
        if feed is not None:
            if path == SLOW_PATH:
                app.slow_started.set()
                if app.stopping.wait(app.slow_delay_s):
                    return  # the server is stopping: drop the connection
            self._feed(feed, now, head=head)
            return
        item: SyntheticItem | None = None
        if path == "/pages/latest.html" and app.timeline.all:
            item = app.timeline.all[-1]
        else:
            match = _PAGE.match(path)
            item = app.timeline.by_id.get(match.group(1)) if match else None
        if item is not None:
            self._send(200, app.render_page(item, now), "text/html; charset=utf-8", head=head)
        elif path in ("/", "/index.html"):
            self._send(200, app.index(), "text/html; charset=utf-8", head=head)
        else:
            self._send(404, "未找到页面".encode(), "text/plain; charset=utf-8", head=head)

    def _feed(self, feed: Feed, now: datetime, *, head: bool) -> None:
        app = self.server.app
        etag, modified = app.validators(feed, gzipped=self._accepts_gzip())
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified.astimezone(UTC), usegmt=True),
            "Cache-Control": "max-age=60",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(etag, modified):
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self._send(200, app.render_feed(feed, now), feed.content_type, head=head, headers=headers)

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
            return etag in tags or "*" in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return modified <= since
        return False

    def _accepts_gzip(self) -> bool:
        accept = self.headers.get("Accept-Encoding", "")
        return any(
            t.split(";")[0].strip() == "gzip" and "q=0" not in t.replace(" ", "")
            for t in accept.split(",")
        )

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        head: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        gzipped = self._accepts_gzip()
        if gzipped:
            body = gzip.compress(body, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            # The client may have given up (e.g. its read timeout on the slow feed).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="青川 demo feed server (synthetic data)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--interval", type=float, default=180.0, help="seconds between items per feed"
    )
    parser.add_argument("--slow-delay", type=float, default=30.0, help="delay of /feeds/slow.xml")
    parser.add_argument("--verbose", action="store_true", help="log each request")
    args = parser.parse_args(argv)
    server = DemoFeedServer(
        seed=args.seed,
        host=args.host,
        port=args.port,
        feed_interval_s=args.interval,
        slow_delay_s=args.slow_delay,
        quiet=not args.verbose,
    )
    with server:
        print(f"青川 demo feed server on {server.base_url}  (Ctrl-C stops)", flush=True)
        for feed in FEEDS:
            print(f"  {server.url(feed.path)}  {feed.title}")
        print(f"  {server.url('/pages/latest.html')}  最新文章", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping")


if __name__ == "__main__":
    main()
