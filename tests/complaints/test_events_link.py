"""Complaints linked to the event they belong to: an imported record takes its item's
event; a pushed one joins the event its text matches by the grouping's similarity,
read-only (no event is made, the grouping state is not changed). The complaint page
shows its event; the event page lists its complaints and cases, as far as the viewer
may see them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from huiying.cases import services as cases
from huiying.complaints.models import Complaint
from huiying.core.entries import RawEntry
from huiying.events.grouping import default_grouping
from huiying.events.models import Event
from huiying.items.ingest import store_entries
from huiying.items.models import Item
from huiying.sources.models import SourceKind
from huiying.sources.services import create_source, import_file
from tests.complaints.conftest import receive
from tests.events.corpus import HEXI, LANTING, XINYUAN, at

pytestmark = pytest.mark.django_db
NOW = at(12, 10)


@pytest.fixture(autouse=True)
def _fresh_grouping():
    default_grouping.cache_clear()
    yield
    default_grouping.cache_clear()


@pytest.fixture
def events(other_unit):
    """The stored events: the 馨园 lift, the 兰亭苑 lift and the 河西路 flooding, from
    a forum the housing bureau (住建局) watches."""
    forum = create_source(name="青川论坛", kind=SourceKind.POSTS_IMPORT, url="", unit=other_unit)
    rows = XINYUAN + LANTING + HEXI
    store_entries(
        forum,
        [
            RawEntry(
                url=f"https://bbs.example.cn/{guid}.html",
                title=title,
                text=text,
                html="",
                published_at=when,
                author="",
                guid=guid,
            )
            for guid, title, text, when in rows
        ],
        now=NOW,
    )
    return {
        name: Item.objects.get(guid=rows[0][0]).event_membership.event
        for name, rows in (("xinyuan", XINYUAN), ("lanting", LANTING), ("hexi", HEXI))
    }


def test_a_pushed_complaint_joins_the_event_its_text_matches(events):
    made = Event.objects.count()
    lift = receive(
        "QH-1",
        "馨园小区3栋加装电梯停工两个月了，钢架立在楼下没人管，老人上下楼很困难，请督促复工。",
        title="馨园加装电梯停工",
        received_at=NOW,
    )
    assert lift.event == events["xinyuan"]  # not the same problem at 兰亭苑
    # Traditional script finds it too.
    flood = receive(
        "QH-2",
        "河西路鐵路橋下每逢下雨就積水，車輛熄火，行人無法通過，希望盡快治理。",
        title="河西路橋下積水",
        received_at=NOW,
    )
    assert flood.event == events["hexi"]
    # A matter no stored event is about stays unlinked, and no event is made for it.
    library = receive(
        "QH-3", "市图书馆周一闭馆，周末晚上五点就关门，希望延长开放时间。", title="图书馆开放时间"
    )
    assert library.event is None
    assert Event.objects.count() == made
    # The link is in the audit record of the receipt.
    from huiying.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="complaint.receive", object_id=str(lift.pk))
    assert entry.after["event"] == events["xinyuan"].pk


def test_without_events_nothing_is_looked_up(office):
    complaint = receive("QH-9")
    assert complaint.event is None


def test_an_imported_complaint_takes_its_items_event(office, events):
    source = create_source(
        name="12345工单导出", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=office
    )
    row = {
        "id": "QH-20",
        "title": "馨园小区加装电梯停工",
        "content": "馨园小区3栋加装电梯工程停工一个多月，钢架井道立在楼下，老人盼着早日复工。",
        "received_at": "2026-11-12 09:30",
        "channel": "12345热线",
    }
    data = (json.dumps(row, ensure_ascii=False) + "\n").encode()
    import_file(source, data, "export.jsonl", now=NOW)
    complaint = Complaint.objects.get(external_id="QH-20")
    assert complaint.event is not None
    assert complaint.event == complaint.source_item.event_membership.event


def test_pages_show_the_links_to_whoever_may_see_them(
    client, events, jyj, admin_user, zjj_head, jyj_head
):
    lift = receive(
        "QH-1",
        "馨园小区3栋加装电梯停工两个月了，钢架立在楼下没人管，老人上下楼很困难，请督促复工。",
        title="馨园加装电梯停工",
        received_at=NOW,
        unit=jyj,
    )
    case = cases.open_case(
        title="馨园加装电梯停工",
        tier=1,
        unit=jyj,
        owner=jyj_head,
        origin="complaint",
        complaint=lift,
        now=NOW,
    )
    assert case.event == events["xinyuan"]  # the complaint brought its event
    event_url = reverse("events:detail", args=[events["xinyuan"].pk])
    client.force_login(admin_user)
    page = client.get(reverse("complaints:detail", args=[lift.pk])).content.decode()
    assert event_url in page
    event_page = client.get(event_url).content.decode()
    assert reverse("complaints:detail", args=[lift.pk]) in event_page
    assert reverse("cases:detail", args=[case.pk]) in event_page
    # The housing bureau's head sees the event, not the education bureau's matters.
    client.force_login(zjj_head)
    other = client.get(event_url).content.decode()
    assert "linked-complaints" in other
    assert reverse("complaints:detail", args=[lift.pk]) not in other
    assert reverse("cases:detail", args=[case.pk]) not in other
