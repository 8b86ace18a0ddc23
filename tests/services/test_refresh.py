"""refresh_source(): the one orchestrator, against a real HTTP server on loopback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from werkzeug import Response

from huiying.audit.services import verify_chain
from huiying.items.models import Item
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source, refresh_source
from tests.services.feeds import STORIES, rss, story_feed

pytestmark = pytest.mark.django_db


def _feed_source(office, url, **kw):
    return create_source(
        name=kw.pop("name", "青川日报"), kind=SourceKind.FEED, url=url, unit=office, **kw
    )


def test_refresh_stores_items_and_records_health(office, allow_loopback, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        story_feed(), content_type="application/rss+xml"
    )
    source = _feed_source(office, httpserver.url_for("/feed.xml"))

    outcome = refresh_source(source.pk)

    assert outcome.ok, outcome.error
    assert outcome.stored.new == 3
    titles = set(Item.objects.values_list("title", flat=True))
    assert titles == {title for title, _ in STORIES}
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert source.consecutive_failures == 0
    assert source.last_error == ""
    assert source.next_poll_at > timezone.now() + timedelta(seconds=source.poll_interval - 60)
    assert source.lease_until is None


def test_repeated_feed_stores_nothing_twice(office, allow_loopback, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        story_feed(), content_type="application/rss+xml"
    )
    source = _feed_source(office, httpserver.url_for("/feed.xml"))
    refresh_source(source.pk)
    second = refresh_source(source.pk)
    assert second.ok
    assert second.stored.new == 0
    assert Item.objects.count() == 3


def test_same_content_under_another_url_is_one_item(office, allow_loopback, httpserver):
    title, body = STORIES[0]
    httpserver.expect_request("/a.xml").respond_with_data(
        rss([("x1", title, body)]), content_type="text/xml"
    )
    httpserver.expect_request("/b.xml").respond_with_data(
        rss([("other/path/9", title, body)]), content_type="text/xml"
    )
    first = _feed_source(office, httpserver.url_for("/a.xml"), name="甲")
    second = _feed_source(office, httpserver.url_for("/b.xml"), name="乙")
    refresh_source(first.pk)
    outcome = refresh_source(second.pk)
    assert outcome.stored.new == 0
    assert outcome.stored.same_content == 1
    item = Item.objects.get()
    # The second site is kept as a sighting, so an event can still count two sources.
    assert list(item.sightings.values_list("source__name", flat=True)) == ["乙"]


def test_conditional_get_costs_nothing_when_unchanged(office, allow_loopback, httpserver):
    feed = story_feed()

    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    source = _feed_source(office, httpserver.url_for("/feed.xml"))
    refresh_source(source.pk)
    outcome = refresh_source(source.pk)
    assert outcome.ok and outcome.not_modified
    source.refresh_from_db()
    assert source.etag == '"v1"'


def test_failures_show_chinese_error_and_back_off(office, allow_loopback, httpserver):
    httpserver.expect_request("/gone.xml").respond_with_data("not here", status=404)
    source = _feed_source(office, httpserver.url_for("/gone.xml"), poll_interval=60)
    delays = []
    for _ in range(3):
        Source.objects.filter(pk=source.pk).update(next_poll_at=None)
        before = timezone.now()
        outcome = refresh_source(source.pk)
        assert not outcome.ok
        source.refresh_from_db()
        delays.append((source.next_poll_at - before).total_seconds())
    assert source.consecutive_failures == 3
    assert "404" in source.last_error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in source.last_error)
    assert delays[0] < delays[1] < delays[2], delays
    assert Item.objects.count() == 0
    assert verify_chain()[0]


def test_html_instead_of_feed_is_a_clear_error_and_other_sources_keep_working(
    office, allow_loopback, httpserver
):
    httpserver.expect_request("/page.xml").respond_with_data(
        "<html><head><title>首页</title></head><body><p>欢迎访问</p></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/good.xml").respond_with_data(story_feed(1), content_type="text/xml")
    bad = _feed_source(office, httpserver.url_for("/page.xml"), name="坏")
    good = _feed_source(office, httpserver.url_for("/good.xml"), name="好")
    assert not refresh_source(bad.pk).ok
    assert refresh_source(good.pk).ok
    bad.refresh_from_db()
    assert bad.last_error and bad.consecutive_failures == 1
    assert Item.objects.filter(source=good).count() == 1


def test_loopback_refused_without_allow_list(office, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(story_feed(), content_type="text/xml")
    source = _feed_source(office, httpserver.url_for("/feed.xml"))
    outcome = refresh_source(source.pk)
    assert not outcome.ok
    assert outcome.error_code == "blocked_address"
    assert Item.objects.count() == 0


def test_a_claimed_source_is_not_refreshed_twice(office, allow_loopback, httpserver):
    from huiying.sources.services import claim

    httpserver.expect_request("/feed.xml").respond_with_data(story_feed(), content_type="text/xml")
    source = _feed_source(office, httpserver.url_for("/feed.xml"))
    assert claim(source.pk, "worker-a", timezone.now())
    outcome = refresh_source(source.pk, token="worker-b")
    assert outcome.busy
    assert Item.objects.count() == 0


def test_a_rolled_back_store_leaves_no_phantom_family(office, allow_loopback, httpserver):
    """The near-duplicate index lives in memory; a rollback around store_entries must
    not leave it pointing new items at rows that were never committed."""
    from django.db import transaction

    from huiying.core.entries import RawEntry
    from huiying.items.ingest import default_context, store_entries

    source = _feed_source(office, "http://news.example.cn/feed.xml")
    title, body = STORIES[0]
    entry = RawEntry(
        url="http://news.example.cn/a",
        title=title,
        text=body,
        html="",
        published_at=None,
        author="",
        guid="a",
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        store_entries(source, [entry], now=timezone.now(), ctx=default_context())
        raise RuntimeError("the caller's transaction fails after storing")
    assert Item.objects.count() == 0

    repost = RawEntry(
        url="http://other.example.cn/b",
        title=title,
        text="转载：" + body,
        html="",
        published_at=None,
        author="",
        guid="b",
    )
    other_title, other_body = STORIES[1]
    unrelated = RawEntry(
        url="http://news.example.cn/c",
        title=other_title,
        text=other_body,
        html="",
        published_at=None,
        author="",
        guid="c",
    )
    # SQLite reuses the rolled-back id for the next row: an unrelated story takes it.
    result = store_entries(source, [unrelated, repost], now=timezone.now(), ctx=default_context())
    assert result.new == 2
    # The repost starts its own family: the story it copies was never committed.
    assert Item.objects.get(guid="b").dup_of_id is None
