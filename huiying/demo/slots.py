"""The facts of one concrete matter (a story): where, which unit, which numbers, when.

Every article about the same story formats its templates with the same slots, so the
figures agree across reports of it, as they do in real coverage.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from huiying.demo import vocab
from huiying.demo.office import UNIT_BY_CODE
from huiying.demo.topics import Topic

_SITE_KINDS = (
    "地铁站工地",
    "综合管廊工程工地",
    "商业综合体项目工地",
    "安置房项目工地",
    "桥梁改造工地",
)
_FEES = ("0.8", "1.0", "1.2", "1.5", "1.8", "2.0", "2.5")


def _md(when: datetime) -> str:
    return f"{when.month}月{when.day}日"


def story_slots(
    rng: random.Random, topic: Topic, when: datetime, like: dict[str, str] | None = None
) -> dict[str, str]:
    """Slots for a new story on `topic` dated `when`. With `like`, the story shares the
    district, street, road and 社区 of another one: a hard negative for event grouping."""
    r = rng.random

    def ri(lo: int, hi: int) -> int:
        return lo + int(r() * (hi - lo + 1))

    def pick(seq: Sequence[str]) -> str:
        return seq[int(r() * len(seq))]

    if like is None:
        district = pick(vocab.DISTRICTS)
        street = pick(vocab.STREETS)
        road = pick(vocab.ROADS)
        shequ = pick(vocab.SHEQU)
    else:
        district, street, road, shequ = (
            like["district"],
            like["street"],
            like["road"],
            like["shequ"],
        )
    road2 = pick(vocab.ROADS)
    if road2 == road:
        road2 = "青年路" if road != "青年路" else "人民路"
    prefix = street[:2]
    community = pick(vocab.COMMUNITIES)
    school = prefix + pick(vocab.SCHOOL_NAMES)
    hospital = pick(vocab.HOSPITALS)
    hall = pick((f"{district}政务服务中心", "青川市民中心政务服务大厅", f"{street}便民服务中心"))
    line_no = ri(1, 89)
    honoree = pick(
        (
            "12345热线话务团队",
            f"{hospital}急诊科",
            f"{street}志愿服务队",
            f"{school}教师团队",
            f"{district}防汛抢险队",
            f"{hall}综合窗口",
        )
    )
    fee = ri(0, len(_FEES) - 2)
    date2 = when + timedelta(days=ri(10, 60))
    unit = UNIT_BY_CODE[topic.unit]
    slots = {
        "city": vocab.CITY,
        "district": district,
        "street": street,
        "road": road,
        "road2": road2,
        "shequ": shequ,
        "community": community,
        "school": school,
        "hospital": hospital,
        "hall": hall,
        "line": f"{line_no}路" if line_no < 80 else f"K{line_no}路",
        "underpass": f"{road}下穿通道",
        "site": f"{road}{pick(_SITE_KINDS)}",
        "project": f"{road}{pick(vocab.PROJECTS)}项目",
        "facility": prefix + pick(vocab.FACILITIES),
        "business": f"{road}一家{pick(vocab.BUSINESSES)}",
        "honoree": honoree,
        "honour": pick(vocab.HONOURS),
        "noun": topic.noun,
        "unit": unit.short_name,
        "unit_full": unit.name,
        "date": _md(when),
        "date2": _md(date2),
        "year": str(when.year),
        "year_next": str(when.year + 1),
        "n1": str(ri(2, 9)),
        "n2": str(ri(10, 60)),
        "n3": str(ri(100, 900)),
        "n4": str(ri(1000, 9000)),
        "pct": str(ri(60, 98)),
        "days": str(ri(3, 30)),
        "money": str(ri(50, 2000)),
        "floor": str(ri(3, 7)),
        "households": str(ri(24, 320)),
        "minutes": str(ri(40, 180)),
        "hour": str(ri(9, 10)),
        "temp": str(ri(19, 23)),
        "temp_low": str(ri(10, 15)),
        "price": str(ri(8, 30)),
        "subsidy": str(ri(10, 25)),
        "fee_old": _FEES[fee],
        "fee_new": _FEES[fee + 1],
    }
    obj = slots[topic.obj]
    slots["obj"] = obj
    slots["place"] = district + obj if topic.with_district else obj
    return slots
