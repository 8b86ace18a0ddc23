from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from huiying.core.dates import parse_datetime, parse_published

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Sunday 28 April 2024, 10:00 in the office.
NOW = datetime(2024, 4, 28, 10, 0, tzinfo=SHANGHAI)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # ISO 8601 with and without zone; naive means the office's zone
        ("2024-04-27T07:05:28+08:00", at(2024, 4, 27, 7, 5, 28)),
        ("2024-04-26T23:05:28Z", at(2024, 4, 27, 7, 5, 28)),
        ("2024-04-27T07:05:28.123+0800", at(2024, 4, 27, 7, 5, 28, 123000)),
        ("2024-04-27T07:05:28", at(2024, 4, 27, 7, 5, 28)),
        # RFC 822; CST in a Chinese feed is China Standard Time, not US Central
        ("Sat, 27 Apr 2024 07:05:28 +0800", at(2024, 4, 27, 7, 5, 28)),
        ("Fri, 26 Apr 2024 23:05:28 GMT", at(2024, 4, 27, 7, 5, 28)),
        ("Sat, 27 Apr 2024 07:05:28 CST", at(2024, 4, 27, 7, 5, 28)),
        ("Sat, 27 Apr 2024 07:05:28", at(2024, 4, 27, 7, 5, 28)),
        # numeric forms common on Chinese sites and in exports
        ("2024-04-27 07:05:28", at(2024, 4, 27, 7, 5, 28)),
        ("2024-04-27 07:05:28.0", at(2024, 4, 27, 7, 5, 28)),
        ("2024/04/27 07:05", at(2024, 4, 27, 7, 5)),
        ("2024/4/27 7:05", at(2024, 4, 27, 7, 5)),
        ("2024.04.27", at(2024, 4, 27)),
        ("20240427070528", at(2024, 4, 27, 7, 5, 28)),
        ("2024年4月27日 07:05", at(2024, 4, 27, 7, 5)),
        ("2024年4月27日07:05", at(2024, 4, 27, 7, 5)),
        ("2024年4月27日", at(2024, 4, 27)),
        ("2024年4月27日 7时5分30秒", at(2024, 4, 27, 7, 5, 30)),
        ("2024年4月27日 下午3:05", at(2024, 4, 27, 15, 5)),
        ("2024年4月27日（星期六）07:05", at(2024, 4, 27, 7, 5)),
        ("发布时间：2024-04-27 07:05", at(2024, 4, 27, 7, 5)),
        ("2024-04-27 07:05 北京时间", at(2024, 4, 27, 7, 5)),
        # no year: this year unless that lies in the future
        ("4月27日 07:05", at(2024, 4, 27, 7, 5)),
        ("12月31日 07:05", at(2023, 12, 31, 7, 5)),
        ("04-27 07:05", at(2024, 4, 27, 7, 5)),
        # relative to now
        ("刚刚", NOW),
        ("3分钟前", NOW - timedelta(minutes=3)),
        ("3小时前", NOW - timedelta(hours=3)),
        ("半小时前", NOW - timedelta(minutes=30)),
        ("2天前", NOW - timedelta(days=2)),
        ("今天 09:10", at(2024, 4, 28, 9, 10)),
        ("昨天 18:20", at(2024, 4, 27, 18, 20)),
        ("前天 08:00", at(2024, 4, 26, 8, 0)),
        # full-width digits and Chinese numerals
        ("２０２４年４月２７日", at(2024, 4, 27)),
        ("２０２４－０４－２７　０７：０５", at(2024, 4, 27, 7, 5)),
        ("二〇二四年四月二十七日", at(2024, 4, 27)),
        ("四月二十七日 下午三点半", at(2024, 4, 27, 15, 30)),
        ("三分钟前", NOW - timedelta(minutes=3)),
        ("两小时前", NOW - timedelta(hours=2)),
        # Unix time (seconds or milliseconds)
        ("1714172728", at(2024, 4, 27, 7, 5, 28)),
        ("1714172728000", at(2024, 4, 27, 7, 5, 28)),
    ],
)
def test_reads_the_forms_sources_use(raw: str, expected: datetime) -> None:
    when = parse_published(raw, now=NOW, tz=SHANGHAI)
    assert when == expected
    assert when is not None and when.tzinfo is not None


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "未知", "hello world", "2024-02-30", "2024年13月5日", "25:00", "4月", "7时5分"],
)
def test_unreadable_is_none(raw: str) -> None:
    assert parse_published(raw, now=NOW, tz=SHANGHAI) is None


def test_far_future_is_none_but_a_fast_clock_is_tolerated() -> None:
    assert parse_published("2099-01-01 08:00", now=NOW, tz=SHANGHAI) is None
    assert parse_published("2024-04-30 08:00", now=NOW, tz=SHANGHAI) is None
    assert parse_published("2024-04-28 20:00", now=NOW, tz=SHANGHAI) == at(2024, 4, 28, 20)
    # the lenient variant still reads it, so an import can say "in the future"
    assert parse_datetime("2099-01-01 08:00", now=NOW, tz=SHANGHAI) == at(2099, 1, 1, 8)


def test_naive_times_are_in_the_given_zone() -> None:
    utc_now = NOW.astimezone(UTC)
    when = parse_published("2024-04-27 07:05", now=utc_now, tz=UTC)
    assert when == datetime(2024, 4, 27, 7, 5, tzinfo=UTC)
    # explicit zones win over the office zone
    when = parse_published("2024-04-27T07:05:00-05:00", now=NOW, tz=SHANGHAI)
    assert when == datetime(2024, 4, 27, 7, 5, tzinfo=timezone(timedelta(hours=-5)))


def test_relative_day_words_use_the_office_date_not_utc() -> None:
    # 00:30 on the 28th in Shanghai is still the 27th in UTC.
    just_after_midnight = datetime(2024, 4, 28, 0, 30, tzinfo=SHANGHAI)
    assert parse_published("昨天 18:20", now=just_after_midnight, tz=SHANGHAI) == at(
        2024, 4, 27, 18, 20
    )


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_published("刚刚", now=datetime(2024, 4, 28), tz=SHANGHAI)  # noqa: DTZ001
