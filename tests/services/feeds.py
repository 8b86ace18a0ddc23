"""Small synthetic feeds for service tests (our own text, realistic in form)."""

from __future__ import annotations

STORIES = [
    (
        "鼓楼区启动第二批老旧小区加装电梯",
        "青川市鼓楼区住建部门近日公布第二批老旧小区加装电梯名单，共涉及12个小区38部电梯。"
        "居民可通过社区居委会提交申请，区财政对每部电梯补贴20万元。",
    ),
    (
        "江滨路暴雨后积水严重 市民出行受阻",
        "受连夜强降雨影响，江滨路与滨河大道交叉口出现大面积积水，部分车辆熄火。"
        "市城管局已调派排水车辆赶赴现场，预计下午恢复通行。",
    ),
    (
        "市教育局通报一中学食堂检查情况",
        "市教育局会同市场监管局对全市中小学食堂开展突击检查，发现一所中学食堂存在原料台账不全问题，"
        "已责令限期整改，并将在一个月后复查。",
    ),
]


def rss(items: list[tuple[str, str, str]], *, title: str = "青川日报") -> str:
    """items: (guid/link path, title, description)."""
    body = "".join(
        f"<item><title>{t}</title><link>http://news.example.cn/{g}</link><guid>{g}</guid>"
        f"<pubDate>Tue, 24 Nov 2026 08:00:00 +0800</pubDate><description>{d}</description></item>"
        for g, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://news.example.cn/</link>{body}</channel></rss>"
    )


def story_feed(n: int = 3) -> str:
    return rss([(f"a{i}", t, d) for i, (t, d) in enumerate(STORIES[:n])])
