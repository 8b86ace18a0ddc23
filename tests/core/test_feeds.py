from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huiying.core.entries import ParseError
from huiying.core.feeds import parse_feed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parse"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 4, 28, 10, 0, tzinfo=SHANGHAI)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(name: str, base_url: str):  # type: ignore[no-untyped-def]
    return parse_feed(fixture(name), base_url=base_url, now=NOW, tz=SHANGHAI)


def test_rss_with_relative_links_and_chinese_dates() -> None:
    feed = parse("rss_county.xml", "https://www.qinghe.example.gov.cn/xwzx/bmdt/rss.xml")
    assert feed.title == "清河县人民政府 - 部门动态"
    assert feed.link == "https://www.qinghe.example.gov.cn/xwzx/bmdt/"
    assert feed.warning == ""
    first, second, third = feed.entries

    # link made absolute and canonical (tracking parameters gone)
    assert first.url == "https://www.qinghe.example.gov.cn/xwzx/bmdt/2024/0427/123.html"
    assert first.guid == "qh-bmdt-123"
    # "2024年4月27日 07:05" — feedparser alone reads this as 1 November
    assert first.published_at == datetime(2024, 4, 27, 7, 5, tzinfo=SHANGHAI)
    assert first.author == "清河县融媒体中心"
    # full content preferred over the summary
    assert "城关镇12个老旧小区改造工程全面开工……" not in first.text
    assert first.text.splitlines() == [
        "4月26日上午，城关镇老旧小区改造工程在幸福里小区举行开工仪式。本次改造涉及居民2300余户，计划于今年11月底前完工。",
        "居民如对施工质量有意见，可通过县长信箱反映。",
    ]
    assert 'href="https://www.qinghe.example.gov.cn/hdjl/xzxx/"' in first.html
    assert "kaigong.jpg" in first.html and 'src="https://' in first.html

    # relative link without a leading slash; "CST" is China Standard Time
    assert second.url == "https://www.qinghe.example.gov.cn/xwzx/bmdt/2024/0425/99.html"
    assert second.published_at == datetime(2024, 4, 25, 16, 30, tzinfo=SHANGHAI)
    assert second.guid == second.url  # no <guid>: the URL identifies it
    assert second.text.endswith("责令整改问题6处。")
    assert "<b>责令整改</b>" in second.html

    # fragment dropped; a naive dc:date is office time, not UTC
    assert third.url == "https://www.qinghe.example.gov.cn/xwzx/bmdt/2024/0424/97.html"
    assert third.published_at == datetime(2024, 4, 24, 9, 0, tzinfo=SHANGHAI)


def test_rss_given_as_bytes_honours_declared_gb2312() -> None:
    xml = fixture("rss_county.xml").replace('encoding="utf-8"', 'encoding="gb2312"')
    feed = parse_feed(
        xml.encode("gb18030"), base_url="https://www.qinghe.example.gov.cn/rss.xml", now=NOW
    )
    assert feed.entries[0].title == "城关镇老旧小区改造工程全面开工"


def test_atom_with_xml_base_and_html_title() -> None:
    feed = parse("atom_bureau.xml", "https://hb.example.org.cn/news/atom.xml")
    assert feed.title == "清河县生态环境分局"
    notice, park = feed.entries
    assert notice.title == "关于清河东岸排污口整治进展的通报"
    assert notice.url == "https://hb.example.org.cn/news/2024/0427/notice.html"
    assert notice.published_at == datetime(2024, 4, 27, 9, 30, tzinfo=SHANGHAI)
    assert notice.author == "县生态环境分局办公室"
    assert (
        notice.text
        == "截至4月26日，清河东岸3处排污口整治工程已完成总工程量的七成。\n详见整治方案。"
    )
    assert 'href="https://hb.example.org.cn/news/attach/plan.pdf"' in notice.html
    # Traditional text is kept as written; only `updated` given, in UTC
    assert park.title == "河濱公園夜間照明改造徵求意見"
    assert park.published_at == datetime(2024, 4, 26, 18, 20, tzinfo=UTC)


def test_rss_1_0() -> None:
    feed = parse("rss1_rdf.xml", "https://edu.example.cn/rss")
    (entry,) = feed.entries
    assert entry.title == "2024年义务教育阶段学校招生入学工作通知"
    assert entry.published_at == datetime(2024, 4, 26, 15, 0, tzinfo=SHANGHAI)
    assert "6月15日至6月20日" in entry.text


def test_hostile_html_is_neutralised_and_text_is_clean() -> None:
    feed = parse("rss_hostile.xml", "https://bbs.example.com/rss.php")
    (entry,) = feed.entries
    lowered = entry.html.lower()
    for bad in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "data:",
                "<iframe", "<style", "document.cookie", "target="):  # fmt: skip
        assert bad not in lowered
    assert 'href="https://bbs.example.com/thread-8850-1-1.html"' in entry.html
    assert "evil.example.net" not in entry.text
    assert "你的浏览器不支持框架" not in entry.text
    assert entry.text.startswith("工地每天晚上十点以后还在切割钢筋")


def test_a_web_page_instead_of_a_feed() -> None:
    with pytest.raises(ParseError) as caught:
        parse("html_not_feed.html", "https://www.qinghe.example.gov.cn/rss.xml")
    assert caught.value.code == "not_a_feed"
    assert caught.value.message == "地址返回的是网页而不是 RSS/Atom 订阅源。"


def test_truncated_feed_with_nothing_recoverable() -> None:
    with pytest.raises(ParseError) as caught:
        parse("rss_truncated.xml", "https://news.example.cn/rss.xml")
    assert caught.value.code == "malformed_feed"
    assert caught.value.message == "订阅源格式错误：第 13 行附近 XML 不完整，未能读出任何条目。"


def test_truncated_feed_keeps_what_was_recovered() -> None:
    feed = parse("rss_partial.xml", "https://news.example.cn/rss.xml")
    assert [e.title for e in feed.entries][:2] == [
        "暴雨过后 我县多部门连夜排查积水点",
        "清河大桥维修期间公交线路临时调整",
    ]
    assert feed.entries[0].published_at == datetime(2024, 4, 27, 6, 40, tzinfo=SHANGHAI)
    assert feed.warning.startswith("订阅源格式有误（第 20 行附近 XML 不完整）")


@pytest.mark.parametrize("content", ["", "   \n", "\ufeff"])
def test_empty(content: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed(content, base_url="https://x.example.cn/rss", now=NOW)
    assert (caught.value.code, caught.value.message) == ("empty", "内容为空。")


def test_plain_text_is_not_a_feed() -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed("服务器维护中，请稍后再试。", base_url="https://x.example.cn/rss", now=NOW)
    assert caught.value.code in ("not_a_feed", "malformed_feed")


def test_a_valid_feed_with_no_items_is_not_an_error() -> None:
    xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>空栏目</title></channel></rss>'
    feed = parse_feed(xml, base_url="https://x.example.cn/rss", now=NOW)
    assert (feed.title, feed.entries, feed.warning) == ("空栏目", [], "")


def test_future_dates_are_dropped_not_believed() -> None:
    xml = (
        '<rss version="2.0"><channel><title>t</title><item><title>未来</title>'
        "<link>https://x.example.cn/1</link><pubDate>Fri, 01 Jan 2100 00:00:00 +0800</pubDate>"
        "</item></channel></rss>"
    )
    (entry,) = parse_feed(xml, base_url="https://x.example.cn/rss", now=NOW).entries
    assert entry.published_at is None


def test_a_string_that_looks_like_a_url_is_never_fetched() -> None:
    # feedparser.parse("http://…") would download it; we only ever hand it a stream.
    with pytest.raises(ParseError):
        parse_feed("http://127.0.0.1:9/feed.xml", base_url="https://x.example.cn/", now=NOW)
