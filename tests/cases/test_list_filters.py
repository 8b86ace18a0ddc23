"""The case list follows a report figure's link: opened / closed within local days (both
included, closed cases listed too), tier, responded=1, respond_due=1 with as_of, a unit;
and it shows the total even where it stops listing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from huiying.cases import views
from huiying.cases.models import Case, CaseClock, Origin
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
    user = create_staff_user(
        username="bianji", password="pw-bianji-2026", role="admin", units=[office]
    )
    # (unit, tier, opened, hours to first response, respond clock hours, closed)
    plan = [
        ("zjj", 1, at(14, 23, 59), 1.0, 48, None),  # the evening before
        ("zjj", 2, at(15, 0, 0), 2.0, 12, at(15, 20)),  # closed the same day
        ("zfzd", 2, at(15, 10), None, 5, None),  # due at 15:00, unanswered
        ("zjj", 3, at(15, 23, 59), None, 5, None),  # due after the day: not yet due
        ("office", 1, at(16, 0, 0), 3.0, 48, None),  # the next day
    ]
    for unit, tier, opened, hours, clock, closed in plan:
        case = Case.objects.create(
            title=f"{units[unit].name}{opened:%d日%H时}案件",
            tier=tier,
            origin=Origin.MANUAL,
            owner=user,
            unit=units[unit],
            opened_at=opened,
            updated_at=opened,
            first_response_at=opened + timedelta(hours=hours) if hours else None,
            closed_at=closed,
            step="closed" if closed else "respond",
        )
        CaseClock.objects.create(
            case=case,
            step="respond",
            label="回应关切",
            mode="calendar",
            started=opened,
            deadline=opened + timedelta(hours=clock),
        )
    client.force_login(user)
    return client


def listed(client, query: str) -> tuple[int, str]:
    response = client.get(f"/cases/?scope=all&{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html.count('<tr class="case-row'), html


DAY = "opened_from=2026-06-15&opened_to=2026-06-15"


def test_opened_days_include_both_ends_and_closed_cases(setup):
    n, html = listed(setup, DAY)
    assert n == 3  # the one closed on the 15th is listed as well
    assert "符合条件的记录共 3 条" in html and "立案时间：2026-06-15 至 2026-06-15" in html
    assert listed(setup, "")[0] == 4  # the everyday list: cases in hand only


def test_closed_days_tier_responded_and_unit(setup):
    assert listed(setup, "closed_from=2026-06-15&closed_to=2026-06-15")[0] == 1
    assert listed(setup, DAY + "&tier=2")[0] == 2
    assert listed(setup, DAY + "&responded=1")[0] == 1
    assert listed(setup, DAY + "&unit=zjj")[0] == 2
    assert listed(setup, DAY + "&unit=zjj&sub=1")[0] == 3


def test_respond_due_counts_answered_or_past_deadline_by_the_as_of_day(setup):
    assert (
        listed(setup, DAY + "&respond_due=1&as_of=2026-06-15")[0] == 2
    )  # answered, or due by the end of the 15th; not the one due on the 16th
    assert listed(setup, DAY + "&respond_due=1&as_of=2026-06-16")[0] == 3


def test_bad_values_are_ignored_and_said_so(setup):
    n, html = listed(setup, "opened_from=2026-06-31&tier=九&responded=yes")
    assert "不是有效日期" in html and "级别“九”无效" in html and "只能为 1" in html
    assert n == 5  # nothing was filtered, and closed cases are shown as asked


def test_a_capped_list_still_shows_the_total(setup, monkeypatch):
    monkeypatch.setattr(views, "CAP", 2)
    n, html = listed(setup, DAY)
    assert n == 2
    assert "符合条件的记录共 3 条" in html and "仅列出前 2 件，共 3 件" in html
