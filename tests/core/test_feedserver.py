"""The demo feed server on loopback, with time driven by a fake clock (no sleeping)."""

from __future__ import annotations

import gzip
import http.client
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from huiying.core.text import detect_script
from huiying.demo import office
from huiying.demo.feedserver import FEEDS, DemoFeedServer

START = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def server(clock):
    with DemoFeedServer(seed=5, clock=clock, slow_delay_s=1.0) as srv:
        yield srv


def raw_get(server, path, headers=None):
    """One plain request: no automatic decompression or charset guessing."""
    host, port = server.base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def rss_items(xml_text: str) -> list[ET.Element]:
    return ET.fromstring(xml_text).findall("./channel/item")


def test_utf8_rss_and_atom(server):
    status, headers, body = raw_get(server, "/feeds/qingchuan-daily.xml")
    assert status == 200 and "charset=utf-8" in headers["Content-Type"]
    items = rss_items(body.decode("utf-8"))
    assert len(items) == 30
    assert all(i.findtext("link").startswith(server.base_url + "/pages/") for i in items)
    assert "青川" in body.decode("utf-8")

    status, headers, body = raw_get(server, "/feeds/district-news.atom")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(body.decode("utf-8")).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 30


def test_gb18030_feed_labelled_gb2312(server):
    status, headers, body = raw_get(server, "/feeds/gb18030.xml")
    assert status == 200 and "charset=gb2312" in headers["Content-Type"]
    assert body.startswith(b'<?xml version="1.0" encoding="GB18030"?>')
    text = body.decode("gb18030")
    assert all(ch in text for ch in "镕喆堃")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")  # the label is too small for what it carries
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert len(rss_items(text)) == 30


def test_big5_feed_declares_no_charset(server):
    status, headers, body = raw_get(server, "/feeds/big5.xml")
    assert status == 200 and "charset" not in headers["Content-Type"]
    assert b"encoding=" not in body.split(b"\n", 1)[0]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    items = rss_items(body.decode("big5"))
    assert len(items) == 30
    titles = "".join(i.findtext("title") for i in items)
    assert detect_script(titles) == "hant"


def test_mislabelled_feed_is_gb18030_said_to_be_utf8(server):
    status, headers, body = raw_get(server, "/feeds/mislabelled.xml")
    assert status == 200 and "charset=utf-8" in headers["Content-Type"]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    items = rss_items(body.decode("gb18030"))
    assert len(items) == 30 and detect_script(items[0].findtext("title")) == "hans"


def test_broken_feed_is_not_well_formed(server):
    status, _, body = raw_get(server, "/feeds/broken.xml")
    assert status == 200 and b"<item>" in body
    with pytest.raises(ET.ParseError):
        ET.fromstring(body.decode("utf-8"))
    assert not body.rstrip().endswith(b"</rss>")


def test_conditional_get_and_new_items_as_time_passes(server, clock):
    url = server.url("/feeds/qingchuan-daily.xml")
    first = httpx.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    before = {i.findtext("guid") for i in rss_items(first.text)}

    again = httpx.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    since = httpx.get(url, headers={"If-Modified-Since": modified})
    assert since.status_code == 304

    clock.advance(hours=2)
    later = httpx.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert later.status_code == 200 and later.headers["ETag"] != etag
    after = [i.findtext("guid") for i in rss_items(later.text)]
    assert len(after) == 30 and after[0] not in before
    assert len(set(after) - before) >= 5


def test_gzip_only_when_accepted(server):
    _, headers, body = raw_get(server, "/feeds/qingchuan-daily.xml", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    plain = gzip.decompress(body)
    assert len(rss_items(plain.decode("utf-8"))) == 30
    _, headers, body = raw_get(server, "/feeds/qingchuan-daily.xml")
    assert "Content-Encoding" not in headers and body == plain


def test_items_repeat_across_feeds(server):
    def guids(path):
        return {i.findtext("guid") for i in rss_items(httpx.get(server.url(path)).text)}

    daily = guids("/feeds/qingchuan-daily.xml")
    others = guids("/feeds/gb18030.xml") | guids("/feeds/mislabelled.xml")
    others |= {
        e.findtext("{http://www.w3.org/2005/Atom}id").removeprefix("urn:huiying-demo:")
        for e in ET.fromstring(httpx.get(server.url("/feeds/district-news.atom")).text).findall(
            "{http://www.w3.org/2005/Atom}entry"
        )
    }
    assert daily & others


def test_pages_and_latest(server, clock):
    first = rss_items(httpx.get(server.url("/feeds/qingchuan-daily.xml")).text)[0]
    page = httpx.get(first.findtext("link"))
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert first.findtext("title") in page.text
    assert "当前位置" in page.text and "青ICP备" in page.text  # boilerplate to strip

    newest = server.timeline.all[-1]
    latest = httpx.get(server.url("/pages/latest.html"))
    assert f"/pages/{newest.id}.html" in latest.text

    # The next item is not out yet: its page does not exist until the clock gets there.
    upcoming = f"s5-{len(server.timeline.all):07d}"
    assert httpx.get(server.url(f"/pages/{upcoming}.html")).status_code == 404
    clock.advance(hours=1)
    assert httpx.get(server.url(f"/pages/{upcoming}.html")).status_code == 200
    assert f"/pages/{newest.id}.html" not in httpx.get(server.url("/pages/latest.html")).text
    assert httpx.get(server.url("/pages/nope.html")).status_code == 404


def test_every_demo_source_is_served(server):
    for source in office.DEMO_SOURCES:
        if source.path == "/feeds/slow.xml":
            continue
        assert httpx.get(server.url(source.path)).status_code == 200, source.path
    assert {f.path for f in FEEDS} <= {s.path for s in office.DEMO_SOURCES}


def test_slow_feed_times_out_without_blocking_others(server):
    slow_result: list[BaseException] = []

    def fetch_slow():
        try:
            httpx.get(server.url("/feeds/slow.xml"), timeout=0.2)
        except httpx.TimeoutException as exc:
            slow_result.append(exc)

    t = threading.Thread(target=fetch_slow)
    t.start()
    assert server.slow_started.wait(2)
    started = time.monotonic()
    fast = httpx.get(server.url("/feeds/qingchuan-daily.xml"), timeout=5)
    assert fast.status_code == 200 and time.monotonic() - started < 0.9
    t.join(5)
    assert len(slow_result) == 1
    # A patient client does get it.
    assert httpx.get(server.url("/feeds/slow.xml"), timeout=5).status_code == 200


def test_stop_returns_promptly_with_a_slow_request_in_flight(clock):
    srv = DemoFeedServer(seed=5, clock=clock, slow_delay_s=30.0).start()
    url = srv.url("/feeds/slow.xml")
    outcome: list[BaseException] = []

    def fetch_slow():
        try:
            httpx.get(url, timeout=10)
        except httpx.HTTPError as exc:
            outcome.append(exc)

    t = threading.Thread(target=fetch_slow)
    t.start()
    assert srv.slow_started.wait(2)
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 1.0
    t.join(5)
    assert not t.is_alive() and len(outcome) == 1  # the client saw the connection cut
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=1)
