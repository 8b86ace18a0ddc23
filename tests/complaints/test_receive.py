"""Receiving complaints: once per (channel, id), routed by the assignment rules, from
the API's arguments or from complaint-import items."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.complaints.models import Complaint, Status
from huiying.complaints.services import ingest_complaint_items, receive_complaint
from huiying.items.models import Item
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source, import_file
from tests.complaints.conftest import MONDAY, at, receive

pytestmark = pytest.mark.django_db


def test_receiving_the_same_record_twice_stores_it_once(office):
    first, created = receive_complaint(
        channel="12345热线",
        external_id="QH250915001",
        title="幸福里小区夜间施工噪音扰民",
        content="工地每天晚上十点以后还在切割钢筋，老人孩子都睡不着。",
        category="城乡建设",
        received_at=MONDAY,
        now=MONDAY,
    )
    again, created_again = receive_complaint(
        channel="12345热线",
        external_id="QH250915001",
        content="内容不同的第二次推送",
        received_at=MONDAY,
        now=MONDAY,
    )
    assert created and not created_again
    assert again.pk == first.pk and again.content.startswith("工地每天晚上")
    assert Complaint.objects.count() == 1
    assert AuditEntry.objects.filter(action="complaint.receive").count() == 1
    # The same number in another channel is another complaint.
    _other, created_other = receive_complaint(
        channel="市长信箱", external_id="QH250915001", content="另一渠道的同号工单", now=MONDAY
    )
    assert created_other and Complaint.objects.count() == 2


def test_rules_assign_by_category_then_keywords_in_priority_order(rules, other_unit, jyj):
    by_category = receive("A1", category="城乡建设")
    by_keyword = receive("A2", "老旧小区加装电梯，低层住户反对，协调了半年没有进展。")
    by_school = receive("A3", "实验小学门口早晚接送时段交通拥堵，校车无处停靠。")
    nothing = receive("A4", "公交 12 路末班车提前发车，晚班职工回不了家。")
    assert (by_category.unit, by_category.status) == (other_unit, Status.ASSIGNED)
    assert by_keyword.unit == other_unit
    assert by_school.unit == jyj
    assert (nothing.unit, nothing.status) == (None, Status.RECEIVED)
    # A complaint matching two rules goes to the one with the smaller priority number.
    both = receive("A5", "学校旁边的住宅楼电梯经常困人。")
    assert both.unit == other_unit
    entry = AuditEntry.objects.get(action="complaint.receive", object_id=str(both.pk))
    assert entry.after["rule"] == "电梯" and entry.after["unit"] == other_unit.code


def test_keyword_rules_match_traditional_text(rules, jyj):
    complaint = receive(
        "T1", "實驗小學門口早晚接送時段交通擁堵，校車無處停靠。", title="學校門口擁堵"
    )
    assert complaint.unit == jyj


def test_disabled_rules_and_explicit_units(rules, office, jyj):
    from huiying.complaints.assignment import update_rule

    update_rule(rules[2], enabled=False)
    assert receive("D1", "幼儿园门口违章停车严重。").unit is None
    assert receive("D2", "幼儿园门口违章停车严重。", unit=jyj).unit == jyj


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"content": "  "}, "content", "缺少内容。"),
        ({"channel": ""}, "channel", "缺少渠道。"),
        ({"external_id": "2025/0001"}, "external_id", "渠道编号不能包含“/”。"),
        ({"received_at": at(2099, 1, 1)}, "received_at", "时间晚于当前时间，请检查是否有误。"),
        ({"title": "长" * 501}, "title", "标题不能超过 500 个字符。"),
    ],
)
def test_bad_records_are_refused_with_a_chinese_message(office, changes, field, message):
    values = {"channel": "12345热线", "external_id": "E1", "content": "路灯不亮。", "now": MONDAY}
    values.update(changes)
    with pytest.raises(ValidationError) as refused:
        receive_complaint(**values)
    assert refused.value.message_dict[field] == [message]
    assert (
        not Complaint.objects.exists()
        and not AuditEntry.objects.filter(action="complaint.receive").exists()
    )


def _export(rows: list[dict]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")


EXPORT = [
    {
        "id": "QH250915101",
        "title": "老旧小区加装电梯协调难",
        "content": "我们单元想加装电梯，一楼住户不同意，社区协调半年没有进展。",
        "received_at": "2025-09-15 09:12",
        "category": "城乡建设",
        "channel": "12345热线",
        "status": "办理中",
        # Columns an export may carry; the reader never reads them.
        "来电人": "某某某",
        "联系电话": "13900000000",
    },
    {
        "id": "QH250915102",
        "title": "学校门口道路积水",
        "content": "第三中学门口一下雨就积水，学生上学要蹚水。",
        "received_at": "2025-09-15 10:40",
        "category": "教育",
        "channel": "12345热线",
        "status": "已办结",
        "reply": "区住建局已安排疏通雨水管道，积水问题已解决。",
        "replied_at": "2025-09-16 16:05",
    },
    {
        "编号": "XX-07",
        "留言标题": "图书馆开放时间太短",
        "留言内容": "市图书馆周一闭馆，周末晚上五点就关门，希望延长开放时间。",
        "留言时间": "2025-09-15 20:30",
        "分类": "文化旅游",
    },
]


def test_import_hook_creates_complaints_once(office, rules, other_unit, jyj):
    source = create_source(
        name="12345工单导出", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=office
    )
    report = import_file(source, _export(EXPORT), "export.jsonl", now=at(2025, 9, 17))
    items = list(Item.objects.filter(pk__in=report.stored.item_ids))
    # The import ran the hook inside its transaction; running it again adds nothing.
    assert Complaint.objects.count() == 3
    assert ingest_complaint_items(items) == 0  # idempotent
    lift = Complaint.objects.get(external_id="QH250915101")
    assert (lift.channel, lift.unit, lift.status) == ("12345热线", other_unit, Status.ASSIGNED)
    assert lift.received_at == at(2025, 9, 15, 9, 12)
    assert lift.source_item.source == source
    water = Complaint.objects.get(external_id="QH250915102")
    assert water.status == Status.CLOSED and water.unit == jyj
    assert water.replied_at == at(2025, 9, 16, 16, 5)
    assert water.reply.startswith("区住建局已安排")
    # No channel column: the import source is the channel.
    library = Complaint.objects.get(external_id="XX-07")
    assert (library.channel, library.unit, library.status) == ("12345工单导出", None, "received")
    # The caller's details were never read, so they are nowhere in the complaint.
    stored = json.dumps(list(Complaint.objects.values()), default=str, ensure_ascii=False)
    assert "13900000000" not in stored and "某某某" not in stored
    # Importing the same file again adds nothing.
    again = import_file(source, _export(EXPORT), "export.jsonl", now=at(2025, 9, 17))
    assert again.stored.new == 0
    assert ingest_complaint_items(list(Item.objects.filter(source=source))) == 0
    assert Complaint.objects.count() == 3


def test_a_departments_own_channel_defaults_to_that_department(other_unit):
    source = create_source(
        name="住建局局长信箱", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=other_unit
    )
    row = {"id": "ZJ-1", "content": "公园里的路灯坏了一个多月。", "received_at": "2025-09-15 08:00"}
    report = import_file(source, _export([row]), "mail.jsonl", now=at(2025, 9, 17))
    assert report.stored.new == 1
    assert Complaint.objects.get(external_id="ZJ-1").unit == other_unit


def test_hook_ignores_items_of_other_sources(office):
    source = create_source(name="帖子导入", kind=SourceKind.POSTS_IMPORT, url="", unit=office)
    row = {"id": "p1", "text": "清河大桥维修要封多久？", "published_at": "2025-09-15 08:00"}
    report = import_file(source, _export([row]), "posts.jsonl", now=at(2025, 9, 17))
    assert ingest_complaint_items(list(Item.objects.filter(pk__in=report.stored.item_ids))) == 0
    assert not Complaint.objects.exists()
