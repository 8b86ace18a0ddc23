"""The complaint inbox follows a report figure's link: received within local days (both
included), replied=1 and status=closed judged as of a day, reopened=1, a unit alone or
with its sub-units; bad values are ignored and said so."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from huiying.complaints.models import Complaint
from huiying.org.services import create_staff_user, create_unit

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(2026, 6, d, h, mi, tzinfo=SH)


@pytest.fixture
def setup(client):
    office = create_unit(code="office", name="市委网信办", is_office=True)
    zjj = create_unit(code="zjj", name="市住建局", parent=office)
    zfzd = create_unit(code="zfzd", name="住建执法支队", parent=zjj)
    units = {"office": office, "zjj": zjj, "zfzd": zfzd}
    # (unit, received, status, replied, closed, reopened)
    plan = [
        ("zjj", at(14, 23, 59), "replied", at(15, 9), None, 0),  # the evening before
        ("zjj", at(15, 0, 0), "closed", at(15, 9), at(15, 18), 1),
        ("zfzd", at(15, 12), "closed", at(17, 9), at(18, 9), 0),  # answered two days on
        ("zjj", at(15, 23, 59), "assigned", None, None, 0),
        ("office", at(16, 0, 0), "received", None, None, 0),  # the next day
    ]
    for i, (unit, received, status, replied, closed, reopened) in enumerate(plan):
        Complaint.objects.create(
            channel="12345",
            external_id=f"c{i}",
            title=f"诉求{i}：小区路灯不亮",
            content="小区路灯长期不亮，夜间出行不便。",
            received_at=received,
            unit=units[unit],
            status=status,
            replied_at=replied,
            closed_at=closed,
            reopened_count=reopened,
            due_at=received + timedelta(days=7),
        )
    user = create_staff_user(
        username="bianji", password="pw-bianji-2026", role="admin", units=[office]
    )
    client.force_login(user)
    return client


def listed(client, query: str) -> tuple[int, str]:
    response = client.get(f"/complaints/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html.count('<tr id="complaint-'), html


DAY = "received_from=2026-06-15&received_to=2026-06-15"


def test_received_days_include_both_ends(setup):
    n, html = listed(setup, DAY)
    assert n == 3
    assert "符合条件的记录共 3 条" in html and "受理时间：2026-06-15 至 2026-06-15" in html


def test_replied_and_closed_as_of_a_day(setup):
    assert listed(setup, DAY + "&replied=1")[0] == 2  # replied by now
    assert listed(setup, DAY + "&replied=1&as_of=2026-06-15")[0] == 1
    assert listed(setup, DAY + "&status=closed")[0] == 2
    assert listed(setup, DAY + "&status=closed&as_of=2026-06-17")[0] == 1
    assert listed(setup, DAY + "&reopened=1")[0] == 1


def test_a_unit_alone_or_with_its_sub_units(setup):
    assert listed(setup, DAY + "&unit=zjj")[0] == 2
    n, html = listed(setup, DAY + "&unit=zjj&sub=1")
    assert n == 3 and "单位：市住建局及下属单位" in html


def test_bad_values_are_ignored_and_said_so(setup):
    n, html = listed(setup, DAY + "&replied=yes&as_of=tomorrow&unit=nowhere")
    assert "只能为 1" in html and "不是有效日期" in html and "承办单位" in html
    assert n == 3  # the valid days still apply
