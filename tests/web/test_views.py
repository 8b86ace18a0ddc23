"""The web pages through Django's test client, on the real database, with sources fed
by a real HTTP server on loopback."""

from __future__ import annotations

import pytest
from django.urls import reverse

from huiying.items.models import Item
from huiying.org.services import create_staff_user
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source, refresh_source

pytestmark = pytest.mark.django_db

LIFT_TITLE = "鼓楼区启动第二批老旧小区加装电梯"
LIFT_TEXT = (
    "青川市鼓楼区住建部门近日公布第二批老旧小区加装电梯名单，共涉及12个小区38部电梯。"
    "居民可通过社区居委会提交申请，区财政对每部电梯补贴20万元，施工期间将设置临时通道。"
)
FLOOD_TITLE = "江滨路暴雨后积水严重 市民出行受阻"
FLOOD_TEXT = (
    "受连夜强降雨影响，江滨路与滨河大道交叉口出现大面积积水，部分车辆熄火。"
    "市城管局已调派排水车辆赶赴现场，预计下午恢复通行。"
)


def rss(entries: list[tuple[str, str, str]], *, title: str = "青川日报") -> str:
    """entries: (guid, title, description); the description may carry HTML (CDATA)."""
    items = "".join(
        f"<item><title><![CDATA[{t}]]></title><link>http://news.example.cn/{g}</link><guid>{g}</guid>"
        f"<pubDate>Tue, 24 Nov 2026 08:00:00 +0800</pubDate><description><![CDATA[{d}]]></description></item>"
        for g, t, d in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://news.example.cn/</link>{items}</channel></rss>"
    )


@pytest.fixture
def feed_url(httpserver, allow_loopback):
    """A loopback feed with two ordinary stories."""
    body = rss([("a1", LIFT_TITLE, LIFT_TEXT), ("a2", FLOOD_TITLE, FLOOD_TEXT)])
    httpserver.expect_request("/daily.xml").respond_with_data(
        body, content_type="application/rss+xml"
    )
    return httpserver.url_for("/daily.xml")


@pytest.fixture
def own_source(office, feed_url):
    return create_source(name="青川日报", kind=SourceKind.FEED, url=feed_url, unit=office)


@pytest.fixture
def other_source(other_unit):
    return create_source(
        name="住建局门户", kind=SourceKind.FEED, url="http://127.0.0.1:9/zjj.xml", unit=other_unit
    )


def login(client, user):
    client.force_login(user)
    return client


# --- Login and roles ----------------------------------------------------------------


def test_every_page_requires_login(client, own_source):
    refresh_source(own_source.pk)
    item = Item.objects.first()
    for url in [
        reverse("home"),
        reverse("sources:list"),
        reverse("sources:detail", args=[own_source.pk]),
        reverse("items:list"),
        reverse("items:detail", args=[item.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url

    response = client.post(reverse("sources:refresh", args=[own_source.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese_and_logs_in(client, monitor_user):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "用户名" in page.text and "密码" in page.text
    response = client.post(reverse("login"), {"username": "monitor", "password": "pw-monitor-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "监测员" in home.text  # the role is shown next to the user's name


def test_logout_is_a_post(client, monitor_user):
    login(client, monitor_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_monitor_cannot_see_or_refresh_another_units_source(
    client, monitor_user, own_source, other_source
):
    login(client, monitor_user)

    listing = client.get(reverse("sources:list"))
    assert own_source.name in listing.text
    assert other_source.name not in listing.text

    detail = client.get(reverse("sources:detail", args=[other_source.pk]))
    assert detail.status_code == 403
    assert "无权访问" in detail.text

    refresh = client.post(reverse("sources:refresh", args=[other_source.pk]))
    assert refresh.status_code == 403
    other_source.refresh_from_db()
    assert other_source.last_attempt_at is None  # nothing was fetched

    toggle = client.post(reverse("sources:toggle", args=[other_source.pk]))
    assert toggle.status_code == 403
    other_source.refresh_from_db()
    assert other_source.enabled


def test_monitor_does_not_see_another_units_items(
    client, monitor_user, office, other_unit, httpserver, allow_loopback
):
    httpserver.expect_request("/own.xml").respond_with_data(rss([("o1", LIFT_TITLE, LIFT_TEXT)]))
    httpserver.expect_request("/other.xml").respond_with_data(
        rss(
            [("z1", "住建局通报电梯维保检查结果", "住建局抽查电梯维保单位十二家，三家被责令整改。")]
        )
    )
    own = create_source(
        name="本单位源", kind=SourceKind.FEED, url=httpserver.url_for("/own.xml"), unit=office
    )
    other = create_source(
        name="外单位源", kind=SourceKind.FEED, url=httpserver.url_for("/other.xml"), unit=other_unit
    )
    refresh_source(own.pk)
    refresh_source(other.pk)
    hidden = Item.objects.get(source=other)
    login(client, monitor_user)

    for url in [reverse("items:list"), reverse("items:list") + "?q=电梯", reverse("home")]:
        page = client.get(url)
        assert "老旧小区" in page.text, url
        assert "维保" not in page.text, url
    assert client.get(reverse("items:detail", args=[hidden.pk])).status_code == 403


def test_admin_sees_every_unit(client, admin_user, own_source, other_source):
    login(client, admin_user)
    listing = client.get(reverse("sources:list"))
    assert own_source.name in listing.text
    assert other_source.name in listing.text
    assert client.get(reverse("sources:detail", args=[other_source.pk])).status_code == 200
    assert reverse("admin:index") in client.get(reverse("home")).text


def test_editor_may_look_but_not_add_sources(client, office):
    editor = create_staff_user(
        username="editor", password="pw-editor-123", role="editor", units=[office]
    )
    login(client, editor)
    assert "添加信息源" not in client.get(reverse("sources:list")).text
    response = client.post(
        reverse("sources:add"),
        {
            "name": "新源",
            "kind": "feed",
            "url": "https://a.example.cn/rss",
            "poll_interval": 900,
            "unit": office.pk,
        },
    )
    assert response.status_code == 403
    assert not Source.objects.filter(name="新源").exists()


# --- Adding and changing sources ----------------------------------------------------


def test_adding_a_source_with_a_bad_url_shows_the_chinese_error(client, monitor_user, office):
    login(client, monitor_user)
    response = client.post(
        reverse("sources:add"),
        {
            "name": "青川论坛",
            "kind": "feed",
            "url": "ftp://bbs.example.cn/rss",
            "poll_interval": 900,
            "unit": office.pk,
        },
    )
    assert response.status_code == 200
    assert "订阅源和网页类信息源的地址必须以 http:// 或 https:// 开头。" in response.text
    assert not Source.objects.filter(name="青川论坛").exists()


def test_a_source_is_added_only_to_the_users_own_units(client, monitor_user, office, other_unit):
    login(client, monitor_user)
    form = {
        "name": "青川论坛",
        "kind": "feed",
        "url": "https://bbs.example.cn/rss",
        "poll_interval": 900,
    }
    refused = client.post(reverse("sources:add"), {**form, "unit": other_unit.pk})
    assert not Source.objects.filter(name="青川论坛").exists()
    assert "field-error" in refused.text

    added = client.post(reverse("sources:add"), {**form, "unit": office.pk}, follow=True)
    source = Source.objects.get(name="青川论坛")
    assert source.unit == office
    assert "已添加信息源“青川论坛”。" in added.text


def test_edit_maps_service_errors_and_saves(client, monitor_user, own_source, office):
    login(client, monitor_user)
    url = reverse("sources:edit", args=[own_source.pk])
    form = {
        "name": own_source.name,
        "kind": "feed",
        "url": own_source.url,
        "unit": office.pk,
        "enabled": "on",
    }
    too_fast = client.post(url, {**form, "poll_interval": 10})
    assert "轮询间隔不能少于 30 秒。" in too_fast.text
    own_source.refresh_from_db()
    assert own_source.poll_interval == 900

    saved = client.post(url, {**form, "poll_interval": 600})
    assert saved.status_code == 302
    own_source.refresh_from_db()
    assert own_source.poll_interval == 600


def test_disable_and_enable(client, monitor_user, own_source):
    login(client, monitor_user)
    client.post(reverse("sources:toggle", args=[own_source.pk]))
    own_source.refresh_from_db()
    assert not own_source.enabled
    client.post(reverse("sources:toggle", args=[own_source.pk]))
    own_source.refresh_from_db()
    assert own_source.enabled


# --- Refreshing and health ----------------------------------------------------------


def test_refresh_now_shows_the_summary_and_health(client, monitor_user, own_source):
    login(client, monitor_user)
    response = client.post(reverse("sources:refresh", args=[own_source.pk]), follow=True)
    assert "青川日报：新增 2 条" in response.text
    own_source.refresh_from_db()
    assert own_source.last_success_at is not None
    row = _row(response.text, own_source.pk)
    assert 'class="num items-24h">2<' in row
    assert "刚刚" in row  # last success, relative


def test_refresh_over_htmx_returns_the_row(
    client, monitor_user, office, httpserver, allow_loopback
):
    httpserver.expect_request("/gone.xml").respond_with_data("not here", status=404)
    source = create_source(
        name="失效的源", kind=SourceKind.FEED, url=httpserver.url_for("/gone.xml"), unit=office
    )
    login(client, monitor_user)
    response = client.post(reverse("sources:refresh", args=[source.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="source-{source.pk}"')
    assert 'class="row-bad' in response.text
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert source.last_error in response.text  # the Chinese error sentence on the row
    assert "404" in source.last_error


def test_source_detail_shows_health_and_newest_items(client, monitor_user, own_source):
    refresh_source(own_source.pk)
    login(client, monitor_user)
    page = client.get(reverse("sources:detail", args=[own_source.pk]))
    assert "健康记录" in page.text
    assert LIFT_TITLE in page.text and FLOOD_TITLE in page.text


def test_import_upload_reports_bad_rows(client, monitor_user, office):
    source = create_source(
        name="12345热线导出", kind=SourceKind.COMPLAINTS_IMPORT, url="", unit=office
    )
    csv = (
        "工单编号,留言标题,留言内容,受理时间\n"
        "A001,小区门口路灯不亮,鼓楼区幸福里小区门口路灯已经坏了一周，晚上出行不便。,2026-11-20 10:00\n"
        "A002,空白留言,,2026-11-20 11:00\n"
    ).encode()
    login(client, monitor_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.csv", csv, content_type="text/csv")
    page = client.post(reverse("sources:import", args=[source.pk]), {"file": upload})
    assert page.status_code == 200
    assert "新增 1 条" in page.text
    assert '<td class="num">3</td>' in page.text  # the bad row, by line number
    assert Item.objects.filter(source=source).count() == 1


# --- Items --------------------------------------------------------------------------

HOSTILE_HTML = (
    "<p>市民反映<strong>幸福里</strong>小区供暖不足。</p>"
    "<script>document.title='pwned'</script>"
    '<img src="http://img.example.cn/a.png" onerror="alert(1)">'
    '<a href="javascript:alert(2)">点此</a>'
    "<iframe src='http://evil.example.cn/'></iframe>"
)


def test_hostile_item_html_is_not_rendered(
    client, monitor_user, office, httpserver, allow_loopback
):
    httpserver.expect_request("/hostile.xml").respond_with_data(
        rss([("h1", "供暖<script>alert(3)</script>不足", HOSTILE_HTML)])
    )
    source = create_source(
        name="论坛", kind=SourceKind.FEED, url=httpserver.url_for("/hostile.xml"), unit=office
    )
    outcome = refresh_source(source.pk)
    assert outcome.ok, outcome.error
    item = Item.objects.get(source=source)
    login(client, monitor_user)

    page = client.get(reverse("items:detail", args=[item.pk]))
    body = page.text.split('<div class="item-body">', 1)[1]
    assert "幸福里" in body
    assert "<script" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert "<iframe" not in body
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp

    listing = client.get(reverse("items:list") + "?q=供暖")
    assert "<script>alert(3)" not in listing.text
    assert "<mark>供暖</mark>" in listing.text


def test_items_filter_search_and_paging(client, monitor_user, office, httpserver, allow_loopback):
    entries = [
        (
            f"n{i}",
            f"第{i}号通报：青川市公交线路调整",
            f"第{i}号线路自下月起调整发车间隔，详情见公告{i}。",
        )
        for i in range(55)
    ]
    httpserver.expect_request("/bus.xml").respond_with_data(rss(entries, title="公交集团"))
    source = create_source(
        name="公交集团", kind=SourceKind.FEED, url=httpserver.url_for("/bus.xml"), unit=office
    )
    refresh_source(source.pk)
    login(client, monitor_user)

    first = client.get(reverse("items:list"), {"source": source.pk, "period": "24h"})
    assert first.text.count('class="item"') == 50
    assert "更早" in first.text
    oldest_shown = Item.objects.filter(source=source).order_by("-id")[49]
    second = client.get(reverse("items:list"), {"source": source.pk, "before": oldest_shown.pk})
    assert second.text.count('class="item"') == 5
    assert "更早" not in second.text

    found = client.get(reverse("items:list"), {"q": '"第7号通报"'})
    assert found.text.count('class="item"') == 1
    assert "<mark>" in found.text


def test_near_duplicates_get_a_badge_and_a_family(
    client, monitor_user, office, httpserver, allow_loopback
):
    httpserver.expect_request("/a.xml").respond_with_data(rss([("x1", LIFT_TITLE, LIFT_TEXT)]))
    copy = "【转载】" + LIFT_TEXT + "（来源：青川发布）"
    httpserver.expect_request("/b.xml").respond_with_data(
        rss([("y9", LIFT_TITLE + "（图）", copy)], title="转载网")
    )
    first = create_source(
        name="青川日报", kind=SourceKind.FEED, url=httpserver.url_for("/a.xml"), unit=office
    )
    second = create_source(
        name="转载网", kind=SourceKind.FEED, url=httpserver.url_for("/b.xml"), unit=office
    )
    refresh_source(first.pk)
    refresh_source(second.pk)
    original = Item.objects.get(source=first)
    copied = Item.objects.get(source=second)
    assert copied.dup_of_id == original.pk  # the pipeline's decision this page shows
    login(client, monitor_user)

    listing = client.get(reverse("items:list"))
    assert "相似 1" in listing.text
    assert reverse("items:detail", args=[original.pk]) + "#family" in listing.text
    family = client.get(reverse("items:detail", args=[copied.pk]))
    assert 'id="family"' in family.text
    assert "转载网" in family.text and "青川日报" in family.text


def test_english_translation(client, monitor_user, own_source):
    login(client, monitor_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("sources:list"))
    assert "Refresh now" in page.text
    assert "Last success" in page.text
    assert "立即刷新" not in page.text


def _row(html: str, pk: int) -> str:
    start = html.index(f'<tr id="source-{pk}"')
    return html[start : html.index("</tr>", start)]


def test_an_expired_session_inside_htmx_sends_the_page_to_login(client, own_source):
    response = client.post(
        reverse("sources:refresh", args=[own_source.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/sources/?x=1",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login") + "?next=%2Fsources%2F"
