from __future__ import annotations

import re
import socket
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huiying.core.entries import ParseError
from huiying.core.webpage import extract_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parse"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 4, 28, 10, 0, tzinfo=SHANGHAI)
URL = "https://www.qinghe.example.gov.cn/xwzx/bmdt/2024/0427/123.html?spm=a1.b2#top"


@pytest.fixture
def article() -> str:
    return (FIXTURES / "article.html").read_text(encoding="utf-8")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
def test_news_article_main_text_without_boilerplate(article: str) -> None:
    entry = extract_page(article, url=URL, now=NOW, tz=SHANGHAI)
    assert entry.url == "https://www.qinghe.example.gov.cn/xwzx/bmdt/2024/0427/123.html"
    assert entry.guid == entry.url
    assert entry.title == "城关镇老旧小区改造工程全面开工"
    assert entry.published_at == datetime(2024, 4, 27, 7, 5, tzinfo=SHANGHAI)
    assert entry.author == "陈晓东"
    assert entry.extra == {"source": "清河县融媒体中心"}

    paragraphs = entry.text.split("\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("4月26日上午，城关镇老旧小区改造工程")  # indent stripped
    assert paragraphs[-1].endswith("确保改造工程真正成为惠民工程、放心工程。")
    for boilerplate in ("政务公开", "当前位置", "热点新闻", "一季度经济运行", "版权所有",
                        "备案号", "打印本页", "分享到", "_hmt", "无障碍"):  # fmt: skip
        assert boilerplate not in entry.text

    # display html: safe, image and link absolute
    assert "<script" not in entry.html and "javascript:" not in entry.html
    assert (
        'src="https://www.qinghe.example.gov.cn/xwzx/bmdt/images/2024/0427/kaigong.jpg"'
        in entry.html
    )
    assert 'href="https://www.qinghe.example.gov.cn/hdjl/xzxx/"' in entry.html
    with pytest.raises(AssertionError):  # the guard was live throughout
        socket.create_connection(("127.0.0.1", 9))


def test_time_from_the_info_line_when_there_is_no_meta(article: str) -> None:
    page = re.sub(r'<meta name="PubDate"[^>]*>', "", article)
    entry = extract_page(page, url=URL, now=NOW, tz=SHANGHAI)
    # not the top bar's "2024年4月28日 星期日", and with the minute, not just the day
    assert entry.published_at == datetime(2024, 4, 27, 7, 5, tzinfo=SHANGHAI)


def test_title_falls_back_to_the_title_element() -> None:
    page = (
        "<html><head><title>关于五一假期景区预约的提示</title></head><body>"
        "<div><p>五一假期期间，县内各A级景区实行分时段预约入园，请游客提前通过官方渠道预约。</p>"
        "<p>预约电话：0000-0000000。</p></div></body></html>"
    )
    entry = extract_page(page, url="https://ly.example.cn/tz/1.html", now=NOW)
    assert entry.title == "关于五一假期景区预约的提示"
    assert entry.text.startswith("五一假期期间")
    assert entry.published_at is None


def test_meta_date_in_the_future_is_ignored() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2030-01-01T00:00:00+08:00">'
        "<title>t</title></head><body><article><p>一段足够长的正文内容，讲述县里的一件事情。</p>"
        "</article></body></html>"
    )
    assert extract_page(page, url="https://x.example.cn/a", now=NOW).published_at is None


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>清河县人民政府</title></head><body><ul>"
        "<li><a href='/'>首页</a></li><li><a href='/zwgk/'>政务公开</a></li>"
        "<li><a href='/xwzx/'>新闻中心</a></li></ul></body></html>",
        "<html><head><title>空页面</title></head><body></body></html>",
        "<html><body><script>location.href='/login'</script></body></html>",
    ],
)
def test_no_main_text(page: str) -> None:
    with pytest.raises(ParseError) as caught:
        extract_page(page, url="https://x.example.cn/", now=NOW)
    assert caught.value.code == "no_main_text"
    assert caught.value.message == "网页中没有找到正文内容。"


def test_empty() -> None:
    with pytest.raises(ParseError) as caught:
        extract_page("  ", url="https://x.example.cn/", now=NOW)
    assert caught.value.code == "empty"
