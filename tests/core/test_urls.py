from __future__ import annotations

import pytest

from huiying.core.urls import canonical_url

CASES = [
    # scheme/host case, default port, fragment, tracking, sorted query, path case kept
    (
        "HTTPS://News.Example.CN:443/Xwzx/2024/0427/A.html?utm_source=wx&b=2&a=1&spm=a2c.1#comments",
        "https://news.example.cn/Xwzx/2024/0427/A.html?a=1&b=2",
    ),
    ("http://www.example.gov.cn:80", "http://www.example.gov.cn/"),
    ("http://www.example.gov.cn:8080/a", "http://www.example.gov.cn:8080/a"),
    # the same post shared through WeChat and Weibo
    (
        "https://news.example.cn/a/1.html?from=singlemessage&isappinstalled=0&scene=1"
        "&clicktime=1714172728&wfr=spider&share_token=9f3&fbclid=x&gclid=y",
        "https://news.example.cn/a/1.html",
    ),
    # timestamp-like share stamps go only when the value is a Unix time
    ("https://x.example.cn/v?id=7&t=1714172728000", "https://x.example.cn/v?id=7"),
    ("https://x.example.cn/v?id=7&t=90", "https://x.example.cn/v?id=7&t=90"),
    # a WeChat article is __biz+mid+idx+sn, whatever else the share added
    (
        "https://mp.weixin.qq.com/s?__biz=MzA5NjM=&mid=2650&idx=1&sn=ab12&chksm=8b7f"
        "&scene=21&key=zz&uin=MTIz#wechat_redirect",
        "https://mp.weixin.qq.com/s?__biz=MzA5NjM=&idx=1&mid=2650&sn=ab12",
    ),
    # hash routes are the page on single-page sites, so they stay
    ("https://m.example.cn/#/article/123", "https://m.example.cn/#/article/123"),
    # Chinese in the path or query is one spelling with its escaped form
    (
        "https://x.example.cn/搜索?kw=食品",
        "https://x.example.cn/%E6%90%9C%E7%B4%A2?kw=%E9%A3%9F%E5%93%81",
    ),
    # a GBK-escaped query is kept byte for byte (escapes only upper-cased)
    ("https://x.example.cn/s?kw=%ca%b3%c6%b7", "https://x.example.cn/s?kw=%CA%B3%C6%B7"),
    ("https://例子.中国/a", "https://xn--fsqu00a.xn--fiqs8s/a"),
    ("  https://x.example.cn/a  ", "https://x.example.cn/a"),
    # not absolute URLs: returned as they are
    ("/relative/path.html", "/relative/path.html"),
    ("", ""),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", [url for url, _ in CASES])
def test_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_two_shares_of_one_article_are_one_url() -> None:
    a = "https://news.example.cn/a/1.html?id=5&from=timeline&utm_medium=social"
    b = "https://NEWS.example.cn/a/1.html?isappinstalled=0&id=5#p2"
    assert canonical_url(a) == canonical_url(b)
