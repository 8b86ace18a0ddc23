"""The item list follows a report figure's link: fetched_at within local days (both
included, Asia/Shanghai), a unit alone or with its sub-units, and says what it filtered."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huiying.items.models import Item
from huiying.org.services import create_staff_user, create_unit
from huiying.sources.models import Source

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def setup(client):
    office = create_unit(code="office", name="市委网信办", is_office=True)
    zjj = create_unit(code="zjj", name="市住建局", parent=office)
    zfzd = create_unit(code="zfzd", name="住建执法支队", parent=zjj)
    moments = [
        ("zjj", datetime(2026, 6, 14, 23, 59, tzinfo=SH)),  # the evening before
        ("zjj", datetime(2026, 6, 15, 0, 0, tzinfo=SH)),  # first moment of the day
        ("zjj", datetime(2026, 6, 15, 23, 59, tzinfo=SH)),
        ("zfzd", datetime(2026, 6, 15, 12, 0, tzinfo=SH)),
        ("office", datetime(2026, 6, 15, 9, 0, tzinfo=SH)),
        ("zjj", datetime(2026, 6, 16, 0, 0, tzinfo=SH)),  # the next day
    ]
    units = {"office": office, "zjj": zjj, "zfzd": zfzd}
    sources = {
        code: Source.objects.create(name=f"{u.name}网站", kind="rss", unit=u)
        for code, u in units.items()
    }
    for i, (code, when) in enumerate(moments):
        Item.objects.create(
            source=sources[code],
            guid=f"g{i}",
            title=f"小区加装电梯进展通报第{i}期",
            text="街道通报老旧小区加装电梯进展。",
            fetched_at=when,
            content_hash=f"h{i}",
            tokens="小区 加装 电梯 进展 通报",  # what ingest would index, for search
        )
    user = create_staff_user(
        username="bianji", password="pw-bianji-2026", role="admin", units=[office]
    )
    client.force_login(user)
    return client


def page(client, query: str) -> str:
    response = client.get(f"/items/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_day_counts_from_local_midnight_to_the_next(setup):
    html = page(setup, "fetched_from=2026-06-15&fetched_to=2026-06-15")
    assert "符合条件的记录共 4 条" in html
    assert html.count('<li class="item">') == 4
    assert "采集时间：2026-06-15 至 2026-06-15" in html


def test_a_unit_alone_or_with_its_sub_units(setup):
    days = "fetched_from=2026-06-15&fetched_to=2026-06-15"
    assert "共 2 条" in page(setup, days + "&unit=zjj")
    with_sub = page(setup, days + "&unit=zjj&sub=1")
    assert "共 3 条" in with_sub
    assert "单位：市住建局及下属单位" in with_sub


def test_bad_values_are_ignored_and_said_so(setup):
    html = page(setup, "fetched_from=2026-13-45&unit=nowhere")
    assert "不是有效日期" in html and "没有代码为“nowhere”的单位" in html
    assert html.count('<li class="item">') == 6  # nothing was filtered


def test_a_search_keeps_the_days_and_the_unit(setup):
    html = page(setup, "q=电梯&fetched_from=2026-06-15&fetched_to=2026-06-15&unit=zjj")
    assert html.count('<li class="item">') == 2


def test_the_filters_read_in_english_too(setup):
    try:
        response = setup.get(
            "/items/?fetched_from=2026-06-15&fetched_to=2026-06-15&unit=zjj&sub=1",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        html = response.content.decode()
    finally:
        translation.activate("zh-hans")  # LocaleMiddleware leaves the thread in English
    assert "Filtered by:" in html and "both days included" in html
    assert "3 matching records in all." in html
    assert "and its sub-units" in html
