"""Plain data for the demo office of the fictional 青川市: units, demo users, the
leading-group roster (positions, never people), user dictionary words, demo sources.

Everything here is immutable (tuples of frozen dataclasses), so importing it shares no
mutable state. The setup command turns it into database rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from huiying.demo import vocab

UnitKind = Literal["office", "department", "district", "hotline"]
Role = Literal["monitor", "editor", "dept_head", "supervising_leader", "principal_leader", "admin"]


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    short_name: str
    kind: UnitKind


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    unit_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeadingGroupSeat:
    """A seat in the 领导小组, named by position: the roster holds no personal names."""

    position: str
    group_role: str  # 组长 / 副组长 / 办公室主任 / 成员
    unit_code: str


@dataclass(frozen=True, slots=True)
class DemoSource:
    name: str
    kind: Literal["rss", "web"]
    path: str  # path on the demo feed server, joined to its base_url
    poll_interval_s: int
    unit_code: str


OFFICE_UNIT = "wxb"

UNITS: tuple[Unit, ...] = (
    Unit("xcb", "中共青川市委宣传部", "市委宣传部", "office"),
    Unit("wxb", "中共青川市委网络安全和信息化委员会办公室", "市委网信办", "office"),
    Unit("zjj", "青川市住房和城乡建设局", "市住建局", "department"),
    Unit("jyj", "青川市教育局", "市教育局", "department"),
    Unit("jtj", "青川市交通运输局", "市交通运输局", "department"),
    Unit("wjw", "青川市卫生健康委员会", "市卫健委", "department"),
    Unit("scjgj", "青川市市场监督管理局", "市场监管局", "department"),
    Unit("sthjj", "青川市生态环境局", "市生态环境局", "department"),
    Unit("cgj", "青川市城市管理局", "市城管局", "department"),
    Unit("yjj", "青川市应急管理局", "市应急管理局", "department"),
    Unit("zwfw", "青川市政务服务管理局", "市政务服务管理局", "department"),
    Unit("fgw", "青川市发展和改革委员会", "市发展改革委", "department"),
    Unit("wlj", "青川市文化广电旅游局", "市文广旅局", "department"),
    Unit("rx12345", "青川市12345政务服务便民热线", "12345热线", "hotline"),
    Unit("glq", "青川市鼓楼区人民政府", "鼓楼区政府", "district"),
    Unit("jbq", "青川市江滨区人民政府", "江滨区政府", "district"),
)

UNIT_BY_CODE: MappingProxyType[str, Unit] = MappingProxyType({u.code: u for u in UNITS})

DEMO_PASSWORD = "huiying-demo-2024"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("monitor", "监测员（演示）", "monitor", ("wxb",)),
    DemoUser("editor", "编辑（演示）", "editor", ("wxb",)),
    DemoUser("proofer", "校对编辑（演示）", "editor", ("wxb",)),
    DemoUser("depthead", "科室负责人（演示）", "dept_head", ("wxb",)),
    DemoUser("zjj-head", "市住建局联络人（演示）", "dept_head", ("zjj",)),
    DemoUser("jyj-head", "市教育局联络人（演示）", "dept_head", ("jyj",)),
    DemoUser("leader", "分管领导（演示）", "supervising_leader", ("xcb", "wxb")),
    DemoUser("principal", "主要领导（演示）", "principal_leader", ("xcb",)),
    DemoUser("admin", "系统管理员（演示）", "admin", ("wxb",)),
)

LEADING_GROUP: tuple[LeadingGroupSeat, ...] = (
    LeadingGroupSeat("市委常委、宣传部部长", "组长", "xcb"),
    LeadingGroupSeat("市政府分管副市长", "副组长", "xcb"),
    LeadingGroupSeat("市委宣传部常务副部长", "副组长", "xcb"),
    LeadingGroupSeat("市委网信办主任", "办公室主任", "wxb"),
    LeadingGroupSeat("市住建局局长", "成员", "zjj"),
    LeadingGroupSeat("市教育局局长", "成员", "jyj"),
    LeadingGroupSeat("市交通运输局局长", "成员", "jtj"),
    LeadingGroupSeat("市卫健委主任", "成员", "wjw"),
    LeadingGroupSeat("市场监管局局长", "成员", "scjgj"),
    LeadingGroupSeat("市生态环境局局长", "成员", "sthjj"),
    LeadingGroupSeat("市城管局局长", "成员", "cgj"),
    LeadingGroupSeat("市应急管理局局长", "成员", "yjj"),
    LeadingGroupSeat("12345热线管理中心主任", "成员", "rx12345"),
)

PROGRAMMES: tuple[str, ...] = (
    "加装电梯",
    "老旧小区改造",
    "惠民工程",
    "12345热线",
    "市长信箱",
    "网络问政",
    "垃圾分类",
    "防汛",
    "招生入学",
    "政务服务",
    "一网通办",
    "食品安全",
    "明厨亮灶",
    "公交线路",
    "集中供暖",
    "预付卡",
)

USER_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [u.name for u in UNITS]
        + [u.short_name for u in UNITS]
        + [vocab.CITY, *vocab.DISTRICTS, *vocab.STREETS, *vocab.COMMUNITIES, *vocab.SHEQU]
        + list(vocab.ROADS)
        + list(vocab.HOSPITALS)
        + list(PROGRAMMES)
    )
)

DEMO_SOURCES: tuple[DemoSource, ...] = (
    DemoSource("青川日报·要闻", "rss", "/feeds/qingchuan-daily.xml", 300, "wxb"),
    DemoSource("青川区县新闻", "rss", "/feeds/district-news.atom", 300, "wxb"),
    DemoSource("青川融媒（GB18030）", "rss", "/feeds/gb18030.xml", 600, "wxb"),
    DemoSource("青川鄉訊（Big5，未声明编码）", "rss", "/feeds/big5.xml", 600, "wxb"),
    DemoSource("青川晚报（编码错标）", "rss", "/feeds/mislabelled.xml", 600, "wxb"),
    DemoSource("故障源（XML 损坏）", "rss", "/feeds/broken.xml", 900, "wxb"),
    DemoSource("慢速源（会超时）", "rss", "/feeds/slow.xml", 900, "wxb"),
    DemoSource("青川新闻网·最新文章", "web", "/pages/latest.html", 900, "wxb"),
)


# A statement waiting for its first review (初审), with slips for the proofreading panel to
# find: a half-width comma, a repeated character, an outdated ministry name.
DEMO_DRAFT_TITLE = "关于城区冬季供暖保障工作的情况说明"
DEMO_DRAFT_BODY = (
    "<p>近日，有市民反映部分小区供暖温度偏低。我局高度重视,立即组织供热企业逐户排查。</p>"
    "<p>经核查，城西片区3个小区因管网老化导致的的室温不达标，已于11月20日完成抢修。"
    "下一步，我局将按照建设部有关规范，加快老旧管网改造。</p>"
)
