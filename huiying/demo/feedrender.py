"""Render synthetic items as RSS 2.0, Atom and article pages with site boilerplate.

Returns text; the feed server picks the bytes' encoding (and sometimes lies about it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape as html_escape
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from huiying.demo.corpus import SyntheticItem

CST = timezone(timedelta(hours=8), "CST")  # sites in the city print Beijing time


def page_url(base_url: str, item: SyntheticItem) -> str:
    return f"{base_url}/pages/{item.id}.html"


def _html_body(item: SyntheticItem) -> str:
    return "".join(f"<p>{html_escape(p)}</p>" for p in item.text.split("\n\n") if p)


def _origin(item: SyntheticItem) -> str:
    parts = urlsplit(item.url)
    return f"{parts.scheme}://{parts.netloc}/"


def rss(
    *,
    title: str,
    description: str,
    base_url: str,
    items: Sequence[SyntheticItem],
    encoding: str | None,
    built: datetime,
) -> str:
    """RSS 2.0; `encoding` goes into the XML declaration (None: no declaration of it)."""
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else '<?xml version="1.0"?>'
    out = [
        decl,
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{escape(title)}</title>",
        f"<link>{escape(base_url)}/</link>",
        f"<description>{escape(description)}</description>",
        "<language>zh-cn</language>",
        f"<lastBuildDate>{format_datetime(built.astimezone(CST))}</lastBuildDate>",
    ]
    for item in items:
        out += [
            "<item>",
            f"<title>{escape(item.title)}</title>",
            f"<link>{escape(page_url(base_url, item))}</link>",
            f'<guid isPermaLink="false">{escape(item.id)}</guid>',
            f"<pubDate>{format_datetime(item.published_at.astimezone(CST))}</pubDate>",
            f"<dc:creator>{escape(item.author)}</dc:creator>",
            f"<source url={quoteattr(_origin(item))}>{escape(item.source_name)}</source>",
            f"<description>{escape(_html_body(item))}</description>",
            "</item>",
        ]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def atom(
    *, title: str, base_url: str, feed_path: str, items: Sequence[SyntheticItem], built: datetime
) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(base_url + feed_path)}</id>",
        f'<link rel="self" href={quoteattr(base_url + feed_path)}/>',
        f'<link rel="alternate" href={quoteattr(base_url + "/")}/>',
        f"<updated>{built.astimezone(CST).isoformat(timespec='seconds')}</updated>",
    ]
    for item in items:
        stamp = item.published_at.astimezone(CST).isoformat(timespec="seconds")
        out += [
            "<entry>",
            f"<title>{escape(item.title)}</title>",
            f'<link rel="alternate" href={quoteattr(page_url(base_url, item))}/>',
            f"<id>urn:huiying-demo:{escape(item.id)}</id>",
            f"<published>{stamp}</published>",
            f"<updated>{stamp}</updated>",
            f"<author><name>{escape(item.author)}</name></author>",
            f'<content type="html">{escape(_html_body(item))}</content>',
            "</entry>",
        ]
    out += ["</feed>", ""]
    return "\n".join(out)


def broken(rss_text: str) -> str:
    """A feed cut off mid-item, as when a CMS dies while writing: unclosed tags and a
    bare ampersand."""
    cut = rss_text[: int(len(rss_text) * 0.6)]
    return cut.replace("<item>", "<item><category>民生&热点</category>", 1)


SITE_NAME = "青川新闻网"
_NAV = ("首页", "要闻", "民生", "政务", "区县", "视频", "专题", "问政")


def page(
    item: SyntheticItem, *, base_url: str, related: Sequence[SyntheticItem], now: datetime
) -> str:
    """An article page with the nav, breadcrumb, sidebar and footer a content extractor
    must strip."""
    when = item.published_at.astimezone(CST)
    nav = "".join(f'<li><a href="{base_url}/">{n}</a></li>' for n in _NAV)
    links = "".join(
        f'<li><a href="{html_escape(page_url(base_url, r))}">{html_escape(r.title)}</a></li>'
        for r in related
    )
    title = html_escape(item.title)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_{SITE_NAME}</title>
<meta name="keywords" content="青川,新闻,民生,政务">
<link rel="canonical" href="{html_escape(page_url(base_url, item))}">
<meta property="article:published_time" content="{when.isoformat(timespec="seconds")}">
</head>
<body>
<div class="topbar">欢迎访问{SITE_NAME}！　今天是{now.astimezone(CST):%Y年%m月%d日}　<a href="#">无障碍浏览</a> <a href="#">长者模式</a></div>
<header class="site-header"><div class="logo">{SITE_NAME}</div>
<form class="search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form>
<nav><ul>{nav}</ul></nav></header>
<div class="breadcrumb">当前位置：<a href="{base_url}/">首页</a> &gt; <a href="#">民生</a> &gt; 正文</div>
<main>
<article>
<h1 class="title">{title}</h1>
<div class="info">来源：{html_escape(item.source_name)}　作者：{html_escape(item.author)}　发布时间：<time datetime="{when.isoformat(timespec="seconds")}">{when:%Y-%m-%d %H:%M}</time>　【字号：大 中 小】</div>
<div class="content">{_html_body(item)}</div>
<div class="share">分享到：微信 微博 QQ空间　【打印】【关闭】</div>
</article>
<aside class="related"><h3>相关阅读</h3><ul>{links}</ul></aside>
</main>
<footer>
<p>主办：青川市融媒体中心　承办：{SITE_NAME}编辑部</p>
<p>地址：青川市文昌路1号　邮编：000000　违法和不良信息举报电话：12345</p>
<p>青ICP备00000000号-1　版权所有 未经授权禁止复制或建立镜像</p>
</footer>
</body>
</html>
"""
