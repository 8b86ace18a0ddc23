"""ledger_figures: each figure equals what the database holds, judged as at `end`."""

from __future__ import annotations

from datetime import date

import pytest

from huiying.ledger import services
from huiying.ledger.assessments import Line, confirm_assessment, save_assessment
from huiying.ledger.figures import ledger_figures
from huiying.ledger.models import TaskOccurrence
from huiying.ledger.occurrences import ensure_occurrences
from huiying.org.models import Unit
from tests.ledger.conftest import at, make_task

pytestmark = pytest.mark.django_db

H1 = (date(2026, 1, 1), date(2026, 6, 30))


@pytest.fixture
def ledger(head_seat, zjj_seat, office, other_unit, jyj):
    """First half of 2026: a quarterly office task (Q1 on time, Q2 late after the
    half-year), a 住建局 one-off done late within the half, a 住建局 one-off never done, an
    教育局 one-off due in H2, and one 2025 task still open (backlog)."""
    quarterly = make_task(head_seat, office, created=date(2026, 1, 5), deadline=date(2026, 12, 31),
                          recurrence="quarterly", title="按季度报送舆情回应工作情况")  # fmt: skip
    ensure_occurrences(date(2026, 7, 20))
    q1, q2, _q3 = quarterly.occurrences.all()
    services.complete_occurrence(quarterly, q1.pk, now=at(date(2026, 3, 31), 17))
    quarterly.refresh_from_db()
    services.complete_occurrence(quarterly, q2.pk, now=at(date(2026, 7, 3)))
    late = make_task(zjj_seat, other_unit, created=date(2026, 2, 1), deadline=date(2026, 4, 30),
                     title="加装电梯政策解读")  # fmt: skip
    services.complete_occurrence(late, late.occurrences.get().pk, now=at(date(2026, 5, 8)))
    make_task(zjj_seat, other_unit, created=date(2026, 2, 1), deadline=date(2026, 6, 15),
              title="老旧小区改造问答")  # fmt: skip
    make_task(head_seat, jyj, created=date(2026, 2, 1), deadline=date(2026, 9, 1),
              title="秋季招生政策问答")  # fmt: skip
    make_task(head_seat, office, created=date(2025, 10, 1), deadline=date(2025, 12, 20),
              title="2025年度总结")  # fmt: skip
    a = save_assessment(period="2026H1", unit=other_unit, lines=[Line("政策解读", "10", "7")])
    confirm_assessment(a)
    save_assessment(period="2026H2", unit=other_unit, lines=[Line("政策解读", "10", "9")])
    return quarterly


def test_whole_office_first_half(ledger, office, other_unit):
    f = ledger_figures(*H1, None)
    # q1 on time; q2 done 3 July is after `end`: overdue at end; 住建局 one done late,
    # one never done.
    assert (f["due"], f["done_on_time"], f["done_late"], f["overdue"]) == (4, 1, 1, 2)
    assert f["tasks"] == 3 and f["overdue_backlog"] == 1
    assert f["on_time_rate"] == 0.25 and f["done_rate"] == 0.5
    assert f["by_unit"] == [
        {"unit_id": other_unit.pk, "unit_code": "zjj", "unit": "市住建局", "due": 2,
         "done_on_time": 0, "done_late": 1, "overdue": 1, "pending": 0, "on_time_rate": 0.0},
        {"unit_id": office.pk, "unit_code": "office", "unit": "市委网信办", "due": 2,
         "done_on_time": 1, "done_late": 0, "overdue": 1, "pending": 0, "on_time_rate": 0.5},
    ]  # fmt: skip
    assert [(a["unit"], a["period"], a["total"], a["max_total"], a["confirmed"])
            for a in f["assessments"]] == [("市住建局", "2026H1", 7.0, 10.0, True)]  # fmt: skip
    assert f["assessments_confirmed"] == 1


def test_figures_equal_the_rows(ledger):
    """Cross-check against plain queries over the occurrences table."""
    start, end = H1
    rows = TaskOccurrence.objects.filter(due_on__range=(start, end))
    f = ledger_figures(start, end, None)
    assert f["due"] == rows.count()
    assert f["done_on_time"] == sum(1 for o in rows if o.done_on and o.done_on <= o.due_on)
    assert f["done_late"] == sum(1 for o in rows if o.done_on and o.due_on < o.done_on <= end)
    assert f["overdue"] == sum(1 for o in rows if not o.done_on or o.done_on > end)
    assert f["due"] == f["done_on_time"] + f["done_late"] + f["overdue"]
    assert f["pending"] == 0  # a past period has nothing pending


def test_a_running_period_is_judged_as_at_today(ledger, office):
    """On 10 August the office's Q3 (due 30 September) is pending, not overdue, and
    Q2 (done 3 July) counts as done late."""
    scope = Unit.objects.filter(pk=office.pk)
    f = ledger_figures(date(2026, 4, 1), date(2026, 9, 30), scope, today=date(2026, 8, 10))
    assert (f["due"], f["done_late"], f["overdue"], f["pending"]) == (2, 1, 0, 1)
    f = ledger_figures(date(2026, 4, 1), date(2026, 9, 30), scope, today=date(2026, 10, 1))
    assert (f["due"], f["done_late"], f["overdue"], f["pending"]) == (2, 1, 1, 0)


def test_a_unit_scope_and_a_later_end(ledger, other_unit, office):
    f = ledger_figures(*H1, Unit.objects.filter(pk=other_unit.pk))
    assert (f["due"], f["done_late"], f["overdue"]) == (2, 1, 1)
    assert [row["unit_code"] for row in f["by_unit"]] == ["zjj"]
    # The whole year as at 31 December: the office's Q2 now counts as done late, and
    # the Q3 period (due 30 September, never done) is overdue.
    year = ledger_figures(date(2026, 1, 1), date(2026, 12, 31), Unit.objects.filter(pk=office.pk),
                          today=date(2027, 1, 5))  # fmt: skip
    assert (year["due"], year["done_on_time"], year["done_late"], year["overdue"]) == (3, 1, 1, 1)
    assert year["assessments"] == []
    both = ledger_figures(date(2026, 1, 1), date(2026, 12, 31), None, today=date(2027, 1, 5))
    assert [a["period"] for a in both["assessments"]] == ["2026H1", "2026H2"]


def test_same_call_same_figures(ledger):
    assert ledger_figures(*H1, None) == ledger_figures(*H1, None)
