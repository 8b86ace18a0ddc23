"""Report figures equal counts made independently from the records the test created."""

from __future__ import annotations

import pytest

from huiying.reports.figures.period import half_year, parse
from huiying.reports.services import compute_snapshot, generate_report
from tests.reports.expected import expected, shown
from tests.reports.world import at

pytestmark = pytest.mark.django_db

H1 = half_year(2026, 1)
H1_BOUNDS = (at(2026, 1, 1), at(2026, 7, 1))


def test_half_year_figures_for_the_whole_office_equal_independent_counts(world):
    snap = compute_snapshot("half-year", H1, None)
    want = expected(*H1_BOUNDS)
    assert {k: shown(snap, k) for k in want} == want
    # The boundaries count: first moment of H1 in, first moment of H2 out.
    assert want["items"] == "8条"
    assert want["cases.median_hours"] == "10.0小时"
    assert want["cases.p90_hours"] == "60.0小时"


def test_a_unit_scope_counts_the_unit_and_its_sub_units_only(world):
    snap = compute_snapshot("half-year", H1, world.units["zjj"])
    want = expected(*H1_BOUNDS, units={"zjj", "zfzd"})
    assert {k: shown(snap, k) for k in want} == want
    assert snap["scope"]["name"] == "市住建局及下属单位"
    codes = [row["code"] for row in snap["units"]["rows"]]
    assert sorted(codes) == ["zfzd", "zjj"]


def test_daily_brief_counts_one_office_day_and_lists_rising_events(world):
    day = parse("daily", "2026-06-15")
    snap = compute_snapshot("daily", day, None)
    want = expected(at(2026, 6, 15), at(2026, 6, 16))
    assert {k: shown(snap, k) for k in want} == want
    assert want["items"] == "3条"
    rising = {r["title"]: r["tier"] for r in snap["rising_events"]}
    assert rising == {"城东污水处理厂异味扰民": "较大"}
    assert [r["title"] for r in snap["new_events"]] == ["城东污水处理厂异味扰民"]
    open_titles = {r["title"] for r in snap["open_cases"]}
    assert "市委网信办06月01日案件" in open_titles
    assert "市住建局04月03日案件" not in open_titles  # closed in May
    # Nearest deadline first: the longest-overdue case leads.
    assert snap["open_cases"][0]["title"] == "市委网信办03月03日案件"
    assert snap["open_cases"][0]["clocks"][0]["late"] is True


def test_every_figure_says_what_it_counted_and_links_to_the_records(world):
    snap = compute_snapshot("half-year", H1, world.units["zjj"])
    items = snap["items"]
    assert "Item" in items["note"] and "fetched_at" in items["note"]
    assert "2026年1月1日至2026年6月30日" in items["note"]
    assert "市住建局及下属单位" in items["note"]
    assert items["href"] == "/items/?fetched_from=2026-01-01&fetched_to=2026-06-30&unit=zjj&sub=1"
    assert snap["complaints"]["closure_rate"]["href"].startswith("/complaints/?received_from=")


def test_regenerating_gives_the_same_figures(world):
    first = generate_report("half-year", H1, None, actor=world.user)
    second = generate_report("half-year", H1, None, actor=world.user)
    assert first.pk != second.pk
    assert first.figures == second.figures


def test_missing_review_and_ledger_figures_are_reported_not_fatal(world):
    snap = compute_snapshot("annual", parse("annual", "2026"), None)
    for key in ("reviews", "ledger"):
        part = snap[key]
        assert part["available"] or "不可用" in part["message"]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("weekly", "2026", "该类报告的期间应为周"),
        ("daily", "2026-02-30", "不是有效的日期"),
        ("half-year", "2026-H3", "无法识别的期间"),
    ],
)
def test_bad_periods_are_refused_in_chinese(kind, text, message):
    with pytest.raises(ValueError, match=message):
        parse(kind, text)


def test_period_forms():
    assert parse("weekly", "2026-W47").start.isoformat() == "2026-11-16"
    assert parse("weekly", "2026-W47").end.isoformat() == "2026-11-23"
    assert parse("half-year", "2026-H2").start.isoformat() == "2026-07-01"
    assert parse("annual", "2026").end.isoformat() == "2027-01-01"


def test_an_absent_figures_module_reads_not_available(world):
    from huiying.reports.figures.base import Ctx, Scope
    from huiying.reports.figures.external import REVIEW_LABELS, _call

    ctx = Ctx.of(H1, Scope.of(None))
    part = _call(
        "huiying.no_such_app.figures", "review_figures", "稿件审核", (), REVIEW_LABELS, ctx, ""
    )
    assert part == {
        "available": False,
        "message": "稿件审核数据不可用（huiying.no_such_app.figures.review_figures 尚未安装）。",
    }
