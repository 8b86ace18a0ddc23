"""Case clocks: warnings and escalations, exactly once, across restarts and concurrent
runs; the next leader in line."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from huiying.audit.models import AuditEntry
from huiying.cases import services
from huiying.cases.clocks import countdown, evaluate, run_clocks, state_of
from huiying.cases.models import CaseClock, CaseNotice
from huiying.core.tiers import Tier
from tests.cases.conftest import MONDAY

pytestmark = pytest.mark.django_db

TUESDAY_9 = MONDAY + timedelta(hours=23)  # Tuesday 09:00, after both deadlines


def _open(owner, unit, tier=Tier.SIGNIFICANT):
    # 较大 opened Monday 10:00: 快报 due 14:00, first response due 22:00.
    return services.open_case(
        title="城南菜市场食品安全问题引发关注", tier=tier, unit=unit, owner=owner, now=MONDAY
    )


def _kinds():
    return sorted(CaseNotice.objects.values_list("kind", "clock__step", "to__username"))


def test_warn_then_escalate_each_once(other_unit, people):
    case = _open(people["editor"], other_unit)
    assert run_clocks(MONDAY + timedelta(hours=2)) == []
    warned = run_clocks(MONDAY + timedelta(hours=3, minutes=30))  # 13:30, an hour before 14:00
    assert [(n.kind, n.to.username) for n in warned] == [("warn", "editor")]
    assert "即将到期" in warned[0].text
    assert run_clocks(MONDAY + timedelta(hours=3, minutes=31)) == []
    # The system was down from 13:31 until Tuesday 09:00: both clocks ran out meanwhile.
    escalated = run_clocks(TUESDAY_9)
    assert sorted((n.kind, n.clock.step, n.to.username) for n in escalated) == [
        ("escalate", "flash", "zjj-head"),
        ("escalate", "respond", "zjj-head"),
    ]
    assert run_clocks(TUESDAY_9) == [] and run_clocks(TUESDAY_9 + timedelta(hours=5)) == []
    assert CaseNotice.objects.filter(kind="escalate").count() == 2
    assert AuditEntry.objects.filter(action="case.clock_escalate").count() == 2
    assert AuditEntry.objects.filter(action="case.clock_warn").count() == 1
    flash = case.clocks.get(step="flash")
    assert flash.escalated_at == TUESDAY_9 and countdown(flash, TUESDAY_9).state == "late"


def test_done_clock_sends_nothing(other_unit, people):
    case = _open(people["editor"], other_unit)
    services.send_flash_report(case, actor=people["editor"], now=MONDAY + timedelta(hours=1))
    notices = run_clocks(TUESDAY_9)
    assert [n.clock.step for n in notices] == ["respond"]


def test_same_stale_state_twice_escalates_once(other_unit, people):
    _open(people["editor"], other_unit)
    clock = CaseClock.objects.select_related("case__owner", "case__unit").get(step="flash")
    stale = state_of(clock, clock.case.tier)  # read by two schedulers before either wrote
    first = evaluate(clock, TUESDAY_9, stale)
    second = evaluate(clock, TUESDAY_9 + timedelta(minutes=1), stale)
    assert len(first) == 1 and second == []
    assert CaseNotice.objects.filter(clock=clock).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_escalate_once(other_unit, people):
    _open(people["editor"], other_unit)
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            counts.append(len(run_clocks(TUESDAY_9)))
        except BaseException as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(counts) == 2  # two clocks, one escalation each, whoever won
    assert CaseNotice.objects.filter(kind="escalate").count() == 2
    assert AuditEntry.objects.filter(action="case.clock_escalate").count() == 2


def test_escalation_goes_up_the_line(other_unit, people):
    # A department head's late case goes to the supervising leader in charge of the unit.
    services.open_case(
        title="老旧小区改造进度滞后",
        tier=Tier.GENERAL,
        unit=other_unit,
        owner=people["head"],
        now=MONDAY,
    )
    # 一般: first response within 48 calendar hours → Wednesday 10:00.
    notices = run_clocks(MONDAY + timedelta(days=2, hours=1))
    assert {(n.clock.step, n.to.username) for n in notices} == {
        ("flash", "fgld"),
        ("respond", "fgld"),
    }


def test_deadline_moved_later_escalates_again(other_unit, people):
    case = _open(people["editor"], other_unit)
    run_clocks(TUESDAY_9)
    services.set_deadline(
        case, "respond", TUESDAY_9 + timedelta(hours=4), reason="经批准延期", now=TUESDAY_9
    )
    assert run_clocks(TUESDAY_9 + timedelta(hours=5)) != []
    assert CaseNotice.objects.filter(kind="escalate", clock__step="respond").count() == 2


def test_command(other_unit, people):
    _open(people["editor"], other_unit)
    out = StringIO()
    call_command("caseclocks", "--now", TUESDAY_9.isoformat(), stdout=out)
    assert "共发出 2 条提醒" in out.getvalue()
    out = StringIO()
    call_command("caseclocks", "--now", TUESDAY_9.isoformat(), stdout=out)
    assert "共发出 0 条提醒" in out.getvalue()


def test_escalation_waits_out_quiet_hours_below_top_tier(other_unit, people):
    _open(people["editor"], other_unit)  # first response due Monday 22:00
    run_clocks(MONDAY + timedelta(hours=5))  # the flash clock escalates at 15:00
    assert run_clocks(MONDAY + timedelta(hours=13)) == []  # 23:00: quiet hours
    morning = run_clocks(MONDAY + timedelta(hours=21, minutes=45))  # Tuesday 07:45
    assert [(n.kind, n.clock.step) for n in morning] == [("escalate", "respond")]


def test_top_tier_escalates_at_night(other_unit, people):
    services.open_case(
        title="化工厂爆炸",
        tier=Tier.EXTRAORDINARY,
        unit=other_unit,
        owner=people["editor"],
        now=MONDAY + timedelta(hours=12),  # Monday 22:00
    )
    night = run_clocks(MONDAY + timedelta(hours=13, minutes=5))  # 23:05: flash 1 h is late
    assert [(n.kind, n.clock.step) for n in night] == [("escalate", "flash")]
