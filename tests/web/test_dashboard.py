"""The dashboard (home page) on the real database: each figure equals what the database
holds (counted here independently, in Python), each figure's link opens a list with
exactly the records it counted, a unit's staff see only their units' records, and the
page reads in Chinese and in English.

The office: the lead office (市委网信办) and the housing bureau (市住建局), a source each,
items stored through the real ingest path over the last days (grouped into events), a
few events tiered by hand, cases opened through the case service (one late, one on
time, one closed) and complaints received, answered and closed through theirs."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from huiying.alerts.models import EventTier
from huiying.alerts.services import set_tier
from huiying.cases.models import Case, Step
from huiying.cases.services import close_case, open_case
from huiying.complaints import services as complaint_services
from huiying.complaints.models import OPEN_STATUSES, Complaint
from huiying.core.entries import RawEntry
from huiying.core.tiers import Tier
from huiying.events.models import EventMembership
from huiying.items.ingest import store_entries
from huiying.items.models import Item
from huiying.org.services import create_staff_user
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source, refresh_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _counted_now(settings):
    """Every view counts afresh (the cache is tested on its own below)."""
    settings.HUIYING_DASHBOARD_CACHE_SECONDS = 0


# (place, matter) pairs: each becomes its own event; every item text differs.
MATTERS = {
    "office": [
        ("鼓楼区东门街道", "老旧小区加装电梯停工，居民反映施工方迟迟不复工"),
        ("江滨路", "暴雨后下穿通道积水严重，车辆熄火，市民出行受阻"),
    ],
    "zjj": [
        ("桂花苑小区", "外墙保温层脱落砸坏车辆，物业称已报住建部门"),
        ("翠竹园小区", "二次供水水箱清洗不及时，自来水发黄有异味"),
    ],
}


def _entries(unit: str, day: int, k: int) -> list[RawEntry]:
    rows = []
    for m, (place, matter) in enumerate(MATTERS[unit]):
        for n in range(k):
            guid = f"{unit}-{day}-{m}-{n}"
            rows.append(
                RawEntry(
                    url=f"https://{unit}.example.cn/{guid}.html",
                    title=f"{place}{matter[:10]}",
                    text=f"{place}{matter}。这是第{day}天的第{n + 1}条相关信息，编号{guid}。",
                    html="",
                    published_at=None,
                    author="",
                    guid=guid,
                )
            )
    return rows


@pytest.fixture
def data(office, other_unit, admin_user, allow_loopback):
    now = timezone.now()
    own = create_source(
        name="青川日报", kind=SourceKind.FEED, url="http://127.0.0.1:9/a.xml", unit=office
    )
    zjj = create_source(
        name="住建局门户", kind=SourceKind.FEED, url="http://127.0.0.1:9/b.xml", unit=other_unit
    )
    broken = create_source(
        name="住建局旧站", kind=SourceKind.FEED, url="http://127.0.0.1:9/c.xml", unit=other_unit
    )
    refresh_source(broken.pk)  # nothing listens on port 9: recorded as failing
    # Items fetched over the last 20 days (some older than the 14-day trend), and now.
    for days_ago, k in ((20, 1), (9, 2), (3, 1), (1, 2), (0, 1)):
        at = now - timedelta(days=days_ago, minutes=1)
        store_entries(own, _entries("office", days_ago, k), now=at)
        store_entries(zjj, _entries("zjj", days_ago, k), now=at)
    events = sorted({m.event_id for m in EventMembership.objects.all()})
    set_tier_of = dict(zip(events, (Tier.MAJOR, Tier.SIGNIFICANT, Tier.SIGNIFICANT), strict=False))
    for pk, tier in set_tier_of.items():
        event = EventMembership.objects.filter(event_id=pk).first().event
        set_tier(event, tier, "人工研判", admin_user, now=now)

    head = create_staff_user(
        username="zjj-head", password="pw-zjj-head-123", role="dept_head", units=[other_unit]
    )
    late = open_case(title="外墙脱落砸车", tier=3, unit=other_unit, owner=head,
                     now=now - timedelta(days=2))  # fmt: skip
    open_case(title="暴雨积水", tier=1, unit=office, owner=admin_user, now=now - timedelta(hours=1))
    done = open_case(title="水箱清洗", tier=2, unit=other_unit, owner=head,
                     now=now - timedelta(days=5))  # fmt: skip
    close_case(done, "已处置完毕", actor=head, now=now - timedelta(days=4))

    def receive(n: int, unit, days_ago: float):
        received = now - timedelta(days=days_ago)
        complaint, _new = complaint_services.receive_complaint(
            channel="12345热线", external_id=f"c{n}", content=f"反映问题第{n}号：小区噪音扰民。",
            title="噪音扰民", received_at=received, unit=unit, now=received,
        )  # fmt: skip
        return complaint

    for n in range(5):
        c = receive(n, other_unit, days_ago=2 + n)
        if n < 2:
            c = complaint_services.reply(c, "已协调处理。", actor=head, now=now - timedelta(days=1))
            complaint_services.close(c, actor=head, now=now - timedelta(hours=3))
    receive(10, office, days_ago=1)
    receive(11, None, days_ago=1)  # not yet assigned
    receive(12, other_unit, days_ago=40)  # outside the 30-day window
    return {"now": now, "head": head, "late": late, "own": own, "zjj": zjj, "broken": broken}


def _page(client, user, lang: str = "zh-hans"):
    client.force_login(user)
    client.cookies["django_language"] = lang
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _stat(response, name: str) -> str:
    match = re.search(rf'id="stat-{name}"[^>]*>\s*<span class="stat-n">([^<]*)<', response.text)
    assert match, name
    return unescape(match.group(1))


def _local_day(when: datetime):
    return timezone.localtime(when).date()


def _expected(source_ids: set[int], units: set[int] | None, now: datetime) -> dict:
    """The figures, counted from plain rows in Python."""
    today = timezone.localdate(now)
    fetched = [i.fetched_at for i in Item.objects.all() if i.source_id in source_ids]
    per_day = {}
    for k in range(14):
        day = today - timedelta(days=k)
        per_day[day] = sum(1 for f in fetched if _local_day(f) == day)
    tiers = {t: set() for t in Tier}
    week_ago = now - timedelta(days=7)
    for m in EventMembership.objects.select_related("item", "event"):
        if (
            m.item.source_id in source_ids
            and m.item_at >= week_ago
            and m.event.merged_into_id is None
        ):
            state = EventTier.objects.filter(event_id=m.event_id).first()
            tiers[Tier(state.tier) if state else Tier.GENERAL].add(m.event_id)
    cases = [c for c in Case.objects.all() if units is None or c.unit_id in units]
    open_cases = {c.pk for c in cases if c.step != Step.CLOSED}
    late = {
        c.pk
        for c in cases
        if c.pk in open_cases
        and any(k.done_at is None and k.deadline < now for k in c.clocks.all())
    }
    window = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    window -= timedelta(days=29)
    complaints: dict[str, list[Complaint]] = {}
    for c in Complaint.objects.select_related("unit"):
        if c.received_at >= window and (units is None or c.unit_id in units):
            complaints.setdefault(c.unit.code if c.unit else "none", []).append(c)
    return {"per_day": per_day, "tiers": tiers, "open": open_cases, "late": late,
            "complaints": complaints}  # fmt: skip


def test_figures_equal_what_the_database_holds(client, data, admin_user):
    response = _page(client, admin_user)
    ctx = response.context
    want = _expected(set(Source.objects.values_list("id", flat=True)), None, data["now"])

    assert {d.day: d.n for d in ctx["trend"]} == want["per_day"]
    assert ctx["items_today"] == want["per_day"][timezone.localdate(data["now"])] == 4
    assert _stat(response, "items-today") == "4"
    assert {t.tier: t.n for t in ctx["tiers"]} == {
        t.value: len(v) for t, v in want["tiers"].items()
    }
    assert ctx["tiers"][2].n == 1 and ctx["tiers"][1].n == 2  # 重大 1, 较大 2
    assert _stat(response, "events") == str(sum(len(v) for v in want["tiers"].values()))

    cases = ctx["cases"]
    assert (cases.open, cases.late) == (len(want["open"]), len(want["late"])) == (2, 1)
    assert _stat(response, "late-cases") == "1"
    assert cases.rows[0].pk == data["late"].pk  # late ones first
    assert "已超时" in response.text

    rows = {r.code: r for r in ctx["complaint_rows"]}
    assert set(rows) == set(want["complaints"]) == {"zjj", "office", "none"}
    for code, listed in want["complaints"].items():
        closed = sum(1 for c in listed if c.status == "closed")
        assert (rows[code].received, rows[code].closed) == (len(listed), closed)
        assert rows[code].open == sum(1 for c in listed if c.status in OPEN_STATUSES)
    assert rows["zjj"].rate == pytest.approx(2 / 5)
    assert _stat(response, "closure") == "29%"  # 2 closed of 7 received

    health = ctx["sources"]
    assert (health.total, health.counts["failing"], health.counts["ok"]) == (3, 1, 2)
    assert data["broken"].name in response.text


def _ids(response, key: str) -> set[int]:
    return {obj.pk for obj in response.context[key]}


def test_each_figure_leads_to_exactly_its_records(client, data, admin_user):
    ctx = _page(client, admin_user).context
    now = data["now"]
    for day in ctx["trend"]:
        listed = client.get(day.url)
        expected = {i.pk for i in Item.objects.all() if _local_day(i.fetched_at) == day.day}
        assert _ids(listed, "items") == expected, day.day
        assert len(expected) == day.n
    today = client.get(ctx["items_today_url"])
    assert len(today.context["items"]) == ctx["items_today"]

    for tier in ctx["tiers"]:
        listed = client.get(tier.url)
        assert listed.context["total"] == tier.n, tier.label
        for event, _totals, _fig in listed.context["rows"]:
            state = EventTier.objects.filter(event=event).first()
            assert (state.tier if state else 1) == tier.tier

    cases = ctx["cases"]
    assert _ids(client.get(cases.open_url), "cases") == set(
        Case.objects.exclude(step=Step.CLOSED).values_list("pk", flat=True)
    )
    late = client.get(cases.late_url)
    assert _ids(late, "cases") == {data["late"].pk}
    assert all(case.late for case in late.context["cases"])

    window = now - timedelta(days=29)
    for row in ctx["complaint_rows"]:
        for url, count in ((row.url, row.received), (row.closed_url, row.closed),
                           (row.open_url, row.open), (row.overdue_url, row.overdue)):  # fmt: skip
            page = client.get(url).context["page"]
            assert page.paginator.count == count, url
            for complaint in page.object_list:
                assert (complaint.unit.code if complaint.unit else "none") == row.code
                assert complaint.received_at >= window - timedelta(days=1)

    health = ctx["sources"]
    for key in ("ok", "failing", "disabled"):
        listed = client.get(health.urls[key])
        assert len(listed.context["sources"]) == health.counts[key], key
    failing = client.get(health.urls["failing"])
    assert _ids(failing, "sources") == {data["broken"].pk}


def test_a_unit_sees_only_its_units_records(client, data, other_unit):
    head = data["head"]
    response = _page(client, head)
    ctx = response.context
    mine = {data["zjj"].pk, data["broken"].pk}
    want = _expected(mine, {other_unit.pk}, data["now"])

    assert {d.day: d.n for d in ctx["trend"]} == want["per_day"]
    assert ctx["items_today"] == 2
    assert {t.tier: t.n for t in ctx["tiers"]} == {
        t.value: len(v) for t, v in want["tiers"].items()
    }
    assert (ctx["cases"].open, ctx["cases"].late) == (1, 1)
    assert [r.code for r in ctx["complaint_rows"]] == ["zjj"]
    assert ctx["sources"].total == 2
    # Nothing of the office's own matters, sources or cases on the page.
    assert "鼓楼区东门街道" not in response.text and "江滨路" not in response.text
    assert data["own"].name not in response.text and "暴雨积水" not in response.text
    # Its click-through lists agree with its figures.
    for tier in ctx["tiers"]:
        assert client.get(tier.url).context["total"] == tier.n
    for day in ctx["trend"]:
        assert len(client.get(day.url).context["items"]) == day.n


def test_growing_event_is_shown_and_leads_to_its_page(client, data, admin_user):
    own = data["own"]
    now = timezone.now()
    rows = [
        RawEntry(url=f"https://x.example.cn/g{n}.html", title="青石街道燃气管道泄漏居民紧急疏散",
                 text=f"青石街道一处燃气管道泄漏，附近居民紧急疏散，消防到场处置。现场第{n}条消息。",
                 html="", published_at=now - timedelta(minutes=30 + n), author="", guid=f"g{n}")
        for n in range(4)
    ]  # fmt: skip
    store_entries(own, rows, now=now - timedelta(minutes=10))
    response = _page(client, admin_user)
    growing = response.context["growing"]
    assert growing and growing[0].fig.trend > 0
    assert "燃气管道泄漏" in growing[0].event.title
    assert reverse("events:detail", args=[growing[0].event.pk]) in response.text
    listed = client.get(response.context["growing_url"])
    first = listed.context["rows"][0][0]
    assert first.pk == growing[0].event.pk  # the list sorted by growth starts with it


def test_page_reads_in_chinese_and_english(client, data, admin_user):
    zh = _page(client, admin_user, "zh-hans")
    assert "今日新增信息" in zh.text and "在办案件" in zh.text and "办结率" in zh.text
    assert 'id="dashboard-charts"' in zh.text and "dashboard.js" in zh.text
    assert "script-src 'self'" in zh["Content-Security-Policy"]
    en = _page(client, admin_user, "en")
    for text in ("New items today", "Open cases", "Late cases", "Closure rate", "Fastest-growing"):
        assert text in en.text, text
    assert "今日新增信息" not in en.text and "在办案件" not in en.text
    # The tier names of the chart data are translated too.
    assert "Significant" in en.text


def test_figures_are_kept_briefly_per_user(client, data, admin_user, settings):
    from django.core.cache import cache

    settings.HUIYING_DASHBOARD_CACHE_SECONDS = 30
    cache.clear()
    before = _page(client, admin_user).context["items_today"]
    store_entries(data["zjj"], _entries("zjj", 99, 1), now=timezone.now())  # two items
    assert _page(client, admin_user).context["items_today"] == before  # within 30 s
    # Another user is counted for themselves, now.
    assert _page(client, data["head"]).context["items_today"] == 2 + 2
    cache.clear()
    assert _page(client, admin_user).context["items_today"] == before + 2
