"""Every figure of a report links to the list of the records it counted: following the
link shows exactly that many records (or, for a rate, its numerator or denominator)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from huiying.org.services import create_staff_user
from huiying.reports.figures.period import half_year, parse
from huiying.reports.services import compute_snapshot
from tests.reports.world import at

pytestmark = pytest.mark.django_db

H1 = half_year(2026, 1)
TOTAL = re.compile(r"符合条件的记录共 (\d+) 条")
ROWS = {
    "/items/": re.compile(r'<li class="item">'),
    "/events/": re.compile(r'<tr id="event-\d+"'),
    "/cases/": re.compile(r'<tr class="case-row'),
    "/complaints/": re.compile(r'<tr id="complaint-\d+"'),
}


@pytest.fixture
def linked_world(world):
    """The report world, plus records that only a careful list gets right: a sub-unit's
    event that rose after the period, a complaint replied and closed after it, a case
    closed after it, and an event with no items left."""
    from huiying.alerts.models import TierChange
    from huiying.cases.models import Case, CaseClock, Origin
    from huiying.complaints.models import Complaint
    from huiying.events.models import Event, EventMembership
    from huiying.items.models import Item
    from huiying.sources.models import Source

    zfzd = world.units["zfzd"]
    source = Source.objects.get(unit=zfzd)
    item = Item.objects.create(
        source=source,
        guid="late-rise",
        title="住建执法支队查处违规施工",
        text="夜间违规施工噪音扰民，执法支队已介入。",
        fetched_at=at(2026, 6, 28, 10),
        content_hash="late-rise",
    )
    event = Event.objects.create(
        key="t:late",
        title="夜间违规施工噪音扰民",
        first_seen=at(2026, 6, 28, 10),
        last_seen=at(2026, 6, 28, 16),
        item_count=1,
        updated_at=at(2026, 6, 28, 10),
    )
    EventMembership.objects.create(item=item, event=event, item_at=at(2026, 6, 28, 10))
    TierChange.objects.create(event=event, from_tier=None, to_tier=2, at=at(2026, 6, 28, 11))
    TierChange.objects.create(event=event, from_tier=2, to_tier=4, at=at(2026, 7, 2, 9))
    Complaint.objects.create(
        channel="12345",
        external_id="late-reply",
        title="诉求：楼道堆放杂物",
        content="楼道长期堆放杂物，存在消防隐患。",
        received_at=at(2026, 6, 20, 9),
        unit=world.units["zjj"],
        status="closed",
        replied_at=at(2026, 7, 5, 9),
        closed_at=at(2026, 7, 6, 9),
        due_at=at(2026, 6, 27, 9),
    )
    opened = at(2026, 6, 10, 9)
    case = Case.objects.create(
        title="住建执法支队06月10日案件",
        tier=2,
        origin=Origin.MANUAL,
        owner=world.user,
        unit=zfzd,
        opened_at=opened,
        updated_at=opened,
        first_response_at=opened + timedelta(hours=3),
        closed_at=at(2026, 7, 8, 9),
        step="closed",
    )
    CaseClock.objects.create(
        case=case,
        step="respond",
        label="回应关切",
        mode="calendar",
        started=opened,
        deadline=opened + timedelta(hours=12),
    )
    return world


def figures(data: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(where, figure) for every figure linking to a filtered list."""
    if isinstance(data, dict):
        if "href" in data and "value" in data and "note" in data:
            return [(path, data)] if "?" in data["href"] else []
        return [x for k, v in data.items() for x in figures(v, f"{path}.{k}")]
    if isinstance(data, list):
        return [x for i, v in enumerate(data) for x in figures(v, f"{path}[{i}]")]
    return []


def listed(client: Any, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    html = response.content.decode()
    total = TOTAL.search(html)
    assert total, f"no total shown at {href}"
    rows = len(ROWS[href.split("?")[0]].findall(html))
    assert rows == int(total[1]), href  # every matching record is on the page
    return int(total[1])


def parts(note: str) -> tuple[int, int]:
    numerator, denominator = re.findall(r"(\d+)/(\d+)）", note)[-1]
    return int(numerator), int(denominator)


def expected_listed(where: str, fig: dict[str, Any], snap: dict[str, Any]) -> int:
    """What the link lists: a count figure's value; a rate's records as its note says."""
    name = where.rsplit(".", 1)[-1]
    if name in ("closure_rate", "reopen_rate"):
        return parts(fig["note"])[0]  # the closed / reopened complaints
    if name.startswith("within"):
        return parts(fig["note"])[1]  # the cases answered or due: the denominator
    if name in ("median_hours", "p90_hours"):
        return responded(where, snap)  # the cases whose response times it is over
    assert isinstance(fig["value"], int), where
    return int(fig["value"])


def responded(where: str, snap: dict[str, Any]) -> int:
    """Cases opened in the period with a first response: the report's own count for the
    scope, or for a unit row a count made here from the records."""
    from huiying.cases.models import Case
    from huiying.reports.figures.period import Period

    row = re.search(r"\.units\.rows\[(\d+)\]", where)
    if row is None:
        return int(snap["cases"]["responded"]["value"])
    code = snap["units"]["rows"][int(row[1])]["code"]
    period = snap["period"]
    start, end = Period(
        date.fromisoformat(period["start"]), date.fromisoformat(period["end"]), ""
    ).bounds("Asia/Shanghai")
    return Case.objects.filter(
        unit__code=code, opened_at__gte=start, opened_at__lt=end, first_response_at__isnull=False
    ).count()


def check_all(client: Any, snap: dict[str, Any]) -> int:
    checked = 0
    for where, fig in figures(snap):
        assert listed(client, fig["href"]) == expected_listed(where, fig, snap), (
            where,
            fig["href"],
        )
        checked += 1
    return checked


def test_every_half_year_figure_of_a_unit_links_to_exactly_its_records(client, linked_world):
    client.force_login(linked_world.user)
    snap = compute_snapshot("half-year", H1, linked_world.units["zjj"])
    assert check_all(client, snap) >= 30
    # The careful cases: the late-rising event counts at its tier at period end (较大),
    # the complaint answered after the period does not count as replied.
    assert snap["events"]["tier_2"]["value"] == 1
    assert listed(client, snap["events"]["tier_4"]["href"]) == 0
    assert snap["complaints"]["received"]["value"] == 4
    assert listed(client, snap["complaints"]["replied"]["href"]) == 2


def test_every_figure_of_the_whole_office_links_to_exactly_its_records(client, linked_world):
    client.force_login(linked_world.user)
    for kind, period in (("half-year", H1), ("daily", parse("daily", "2026-06-15"))):
        snap = compute_snapshot(kind, period, None)
        assert check_all(client, snap) >= 15, kind


def test_a_unit_member_sees_exactly_the_figures_of_their_own_unit(client, linked_world):
    zjj = linked_world.units["zjj"]
    head = create_staff_user(
        username="zjj_head", password="pw-zjj-2026", role="dept_head", units=[zjj]
    )
    client.force_login(head)
    snap = compute_snapshot("half-year", H1, zjj)
    row = next(r for r in snap["units"]["rows"] if r["code"] == "zjj")
    for name in ("items", "opened", "closed", "received", "complaints_closed"):
        cell = row["cells"][name]
        assert "sub=1" not in cell["href"]  # a unit row counts the unit alone
        assert listed(client, cell["href"]) == cell["value"], name
