"""Synthetic 12345 / 留言 records: problems at places, answered (or not yet) by a unit.

Complainants are never named and carry no contact details: a record is about a place
and a problem, which is all the office needs to route and answer it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from huiying.demo.office import UNIT_BY_CODE
from huiying.demo.slots import story_slots
from huiying.demo.topics import all_topics

CHANNELS = ("12345热线", "市长信箱", "网络问政平台", "政府网站留言板", "12345微信公众号")
# (status, share): 待分派 and 办理中 have no reply yet.
STATUSES = (("已办结", 0.68), ("已答复", 0.12), ("办理中", 0.12), ("待分派", 0.08))
_OPENERS = ("", "", "您好，", "市长您好！", "反映一个问题：", "你好，")
_CLOSERS = ("", "希望尽快解决。", "谢谢！", "盼复。", "请相关部门重视。", "希望有关部门核实处理。")


@dataclass(slots=True)
class SyntheticComplaint:
    id: str
    title: str
    content: str
    received_at: datetime
    category: str
    channel: str
    status: str
    reply: str  # "" until answered
    replied_at: datetime | None
    unit_code: str  # the department it belongs to (ground truth for assignment)
    topic: str


def generate_complaints(
    n: int, *, seed: int = 0, start: datetime, mean_gap_s: float = 1200.0
) -> Iterator[SyntheticComplaint]:
    """`n` complaint records received from `start` (aware) on, about `mean_gap_s` apart."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    rng = random.Random(seed ^ 0x5A5A)
    topics = all_topics()
    weights = [0.3 if t.code == "praise" else 1.0 for t in topics]
    statuses = [s for s, _ in STATUSES]
    status_weights = [w for _, w in STATUSES]
    when = start
    for index in range(n):
        when += timedelta(seconds=rng.expovariate(1.0 / mean_gap_s))
        topic = rng.choices(topics, weights)[0]
        slots = story_slots(rng, topic, when - timedelta(days=rng.randint(0, 3)))
        k = rng.randrange(len(topic.complaints))
        title = topic.complaint_titles[k % len(topic.complaint_titles)].format_map(slots)
        content = (
            rng.choice(_OPENERS) + topic.complaints[k].format_map(slots) + rng.choice(_CLOSERS)
        )
        status = rng.choices(statuses, status_weights)[0]
        reply = ""
        replied_at = None
        if status in ("已办结", "已答复"):
            unit = UNIT_BY_CODE[topic.unit].short_name
            reply = (
                f"您好！您反映的“{title}”问题已收悉。"
                + topic.replies[k % len(topic.replies)].format_map(slots)
                + f"如有疑问，可联系{unit}。感谢您对我市工作的关注和支持。"
            )
            replied_at = when + timedelta(hours=rng.uniform(2.0, 7 * 24.0))
        yield SyntheticComplaint(
            id=f"c{seed}-{index:06d}",
            title=title,
            content=content,
            received_at=when,
            category=topic.category,
            channel=rng.choice(CHANNELS),
            status=status,
            reply=reply,
            replied_at=replied_at,
            unit_code=topic.unit,
            topic=topic.code,
        )
