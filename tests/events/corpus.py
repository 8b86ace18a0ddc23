"""Synthetic items for event tests, in the fictional 青川市. Every name is invented.

Matters (one concrete place + one concrete problem each):
- xinyuan-lift: the lift being added to 馨园小区 building 3 stopped half-built;
- lanting-lift: the same problem at another compound, 兰亭苑;
- hexi-flood: 河西路 floods under the railway bridge whenever it rains;
- canteen: food in the canteen of 青川市第二中学.
Rows: (guid, title, text, published day, hour).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

Row = tuple[str, str, str, datetime]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, Beijing time, as an aware UTC datetime."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


XINYUAN = [
    (
        "xy-1",
        "馨园小区加装电梯停工一个多月",
        "我是城南区馨园小区3栋的住户，单元加装电梯9月开工，井道钢架都立起来了，10月中旬突然停工，"
        "到现在一个多月没人管。楼上好几位老人天天盼着，请问什么时候能复工？",
        at(10, 9, 12),
    ),
    (
        "xy-2",
        "馨园3栋电梯装一半就不管了",
        "馨园3栋的电梯装了一半就停了，围挡把楼道口堵了一半，老人进出很不方便，施工方电话也打不通，"
        "到底谁来管这个加装电梯工程？",
        at(10, 19, 40),
    ),
    (
        "xy-3",
        "反映馨园小区加装电梯工程停滞",
        "来电人反映：城南区馨园小区3号楼加装电梯项目停工已有40余天，施工单位以资金未到位为由迟迟不复工，"
        "请相关部门督促施工方尽快复工。",
        at(11, 10, 5),
    ),
    (
        "xy-4",
        "馨園加裝電梯何時復工",
        "馨園小區3棟加裝電梯停工已近兩個月，施工圍擋佔用通道，老人出行困難，懇請督促施工單位盡快復工。",
        at(11, 16, 48),
    ),
]

XINYUAN_LATER = [
    (
        "xy-5",
        "馨园小区电梯停工问题再反映",
        "之前反映过馨园小区3栋加装电梯停工的问题，街道回复说资金本月到位，但到现在电梯还是没动静，"
        "井道钢架晾在那里，请再督促一下施工单位复工。",
        at(12, 11, 3),
    ),
    (
        "xy-6",
        "馨园3栋加装电梯什么时候复工",
        "馨园小区3栋加装电梯停工快两个月了，井道立在楼下，工人一个都看不到。老人们每天爬楼，"
        "希望有关部门督促施工方尽快复工。",
        at(12, 15, 20),
    ),
]

LANTING = [
    (
        "lt-1",
        "兰亭苑加装电梯停工",
        "城北区兰亭苑小区7栋加装电梯从八月开工，井道钢架搭好后就停工了，已经两个多月，"
        "施工方说资金没到位。老人上下楼很困难，请督促复工。",
        at(10, 11, 30),
    ),
    (
        "lt-2",
        "兰亭苑7栋电梯停工没人管",
        "兰亭苑7栋电梯装到一半停工，围挡一直占着楼道口，施工单位联系不上，加装电梯到底什么时候复工？",
        at(11, 8, 15),
    ),
]

HEXI = [
    (
        "hx-1",
        "河西路铁路桥下一下雨就积水",
        "河西路铁路桥涵洞一下雨就积水，昨天水深到膝盖，好几辆车熄火趴在水里，行人只能绕行，"
        "希望排水部门尽快整治。",
        at(10, 18, 0),
    ),
    (
        "hx-2",
        "河西路桥洞又成了“看海”现场",
        "今天的雨不算大，河西路铁路桥下面又淹了，积水没过半个车轮，电动车推着走。"
        "这个桥洞逢雨必淹好几年了，排水什么时候能改造？",
        at(11, 13, 25),
    ),
    (
        "hx-3",
        "河西路铁路桥涵洞内涝严重",
        "来电人反映：河西路铁路桥涵洞排水不畅，降雨后积水严重，车辆无法通行，请排水部门处理。",
        at(11, 17, 40),
    ),
]

CANTEEN = [
    (
        "ct-1",
        "青川市第二中学食堂饭菜有异味",
        "孩子在青川市第二中学住校，这几天回家说食堂的饭菜有异味，好几个同学吃完肚子疼。"
        "学校食堂的食品安全谁来监管？",
        at(10, 20, 10),
    ),
    (
        "ct-2",
        "第二中学食堂食品安全问题",
        "青川市第二中学食堂菜品不新鲜，有家长拍到后厨卫生很差，请市场监管部门检查学校食堂食品安全。",
        at(11, 12, 0),
    ),
]

# A republication of xy-1 on another site: the same text with a site's lead-in line.
XINYUAN_COPY = [
    (
        "copy-xy-1",
        "馨园小区加装电梯停工一个多月",
        "【网友留言】我是城南区馨园小区3栋的住户，单元加装电梯9月开工，井道钢架都立起来了，"
        "10月中旬突然停工，到现在一个多月没人管。楼上好几位老人天天盼着，请问什么时候能复工？",
        at(10, 21, 0),
    ),
]

# The matter resolved: a news report and a thank-you post (not negative).
XINYUAN_RESOLVED = [
    (
        "xy-7",
        "馨园小区3栋加装电梯复工",
        "记者从城南区了解到，馨园小区3栋加装电梯工程补贴资金已经拨付，施工单位于13日复工，"
        "预计年底前完成电梯安装并投入使用。",
        at(13, 9, 30),
    ),
    (
        "xy-8",
        "馨园电梯终于复工了",
        "感谢街道和社区的协调，馨园3栋的加装电梯终于复工了，工人们干劲十足，老人们都很高兴，"
        "盼着早日坐上电梯！[赞][赞]",
        at(13, 10, 15),
    ),
]
