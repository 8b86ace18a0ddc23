"""The ledger services: validation in Chinese, audit, recurrence, overdue and locking."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.ledger import services
from huiying.ledger.models import ResponsibilityTask, TaskOccurrence, TaskStatus
from huiying.ledger.occurrences import ensure_occurrences, office_today, overdue_q
from tests.ledger.conftest import at, make_task

pytestmark = pytest.mark.django_db


def test_create_task_records_it_and_its_first_period(head_seat, other_unit, jyj, office_head):
    task = services.create_task(
        title="秋季招生入学政策问答发布", lead_leader=head_seat, lead_unit="zjj",
        co_units=[jyj, other_unit], deadline=date(2026, 8, 31), actor=office_head,
        now=at(date(2026, 6, 1)),
    )  # fmt: skip
    assert task.lead_unit == other_unit
    assert list(task.co_units.all()) == [jyj]  # the lead unit is not also a co-unit
    assert [o.due_on for o in task.occurrences.all()] == [date(2026, 8, 31)]
    entry = AuditEntry.objects.get(action="ledger.task.create")
    assert entry.actor == office_head and entry.after["lead_unit"] == "zjj"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadline": date(2026, 5, 31)}, "完成时限不能早于今天（2026-06-01）。"),
        ({"lead_unit": "no-such"}, "未知单位：no-such"),
        ({"co_units": ["ghost"]}, "未知单位：ghost"),
        ({"title": "  "}, "请填写任务名称。"),
        ({"starts_on": date(2026, 9, 1)}, "开始日期不能晚于完成时限。"),
    ],
)
def test_create_task_refuses_bad_input_in_chinese(head_seat, other_unit, kwargs, message):
    args = {"title": "政策解读", "lead_leader": head_seat, "lead_unit": other_unit,
            "deadline": date(2026, 8, 31), **kwargs}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.create_task(**args, now=at(date(2026, 6, 1)))
    assert message in exc.value.messages
    assert not ResponsibilityTask.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="ledger.").exists()


def test_quarterly_periods_are_generated_idempotently(head_seat, office):
    task = make_task(head_seat, office, created=date(2026, 2, 10), deadline=date(2026, 12, 31),
                     recurrence="quarterly", title="按季度报送舆情回应工作情况")  # fmt: skip
    assert task.occurrences.count() == 1
    assert ensure_occurrences(date(2026, 7, 2)) == 2  # Q2 and Q3 have begun
    assert ensure_occurrences(date(2026, 7, 2)) == 0
    assert [o.due_on for o in task.occurrences.all()] == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30),
    ]  # fmt: skip
    # Q1 and Q2 are past due and not done on 2 July; Q3 is not due yet.
    late = TaskOccurrence.objects.filter(overdue_q(date(2026, 7, 2)))
    assert [o.due_on for o in late] == [date(2026, 3, 31), date(2026, 6, 30)]
    # Due today is not overdue yet.
    assert not TaskOccurrence.objects.filter(overdue_q(date(2026, 3, 31))).exists()


def test_completing_every_period_finishes_a_recurring_task(head_seat, office):
    task = make_task(head_seat, office, created=date(2026, 1, 5), deadline=date(2026, 6, 30),
                     recurrence="quarterly")  # fmt: skip
    ensure_occurrences(date(2026, 6, 30))
    q1, q2 = task.occurrences.all()
    services.complete_occurrence(task, q1.pk, now=at(date(2026, 4, 3)))
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    services.complete_occurrence(task, q2.pk, now=at(date(2026, 6, 30)))
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    q1.refresh_from_db()
    assert q1.done_on == date(2026, 4, 3) and q1.done_on > q1.due_on  # done late
    services.reopen_occurrence(task, q2.pk, reason="报告数据有误，需重报", now=at(date(2026, 7, 1)))
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    actions = list(AuditEntry.objects.filter(action__startswith="ledger.task.")
                   .values_list("action", flat=True))  # fmt: skip
    assert actions == ["ledger.task.create", "ledger.task.complete", "ledger.task.complete",
                       "ledger.task.reopen"]  # fmt: skip


def test_complete_twice_and_reopen_without_reason_are_refused(head_seat, office):
    task = make_task(head_seat, office, created=date(2026, 3, 1), deadline=date(2026, 4, 30))
    (occ,) = task.occurrences.all()
    services.complete_occurrence(task, occ.pk, now=at(date(2026, 4, 1)))
    task.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.complete_occurrence(task, occ.pk, now=at(date(2026, 4, 2)))
    assert "这一期已于 2026-04-01 完成。" in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.reopen_occurrence(task, occ.pk, reason=" ")
    assert "请填写重新打开的原因。" in exc.value.messages


def test_the_second_editor_gets_a_clear_message(head_seat, office, other_unit):
    task = make_task(head_seat, office, created=date(2026, 3, 1), deadline=date(2026, 9, 30))
    seen = task.version
    first = ResponsibilityTask.objects.get(pk=task.pk)
    second = ResponsibilityTask.objects.get(pk=task.pk)
    args = {"lead_leader": head_seat, "lead_unit": office, "deadline": date(2026, 9, 30)}
    services.edit_task(first, title="政策解读（修订）", expected_version=seen, **args,
                       now=at(date(2026, 3, 2)))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.edit_task(second, title="政策解读（另一版本）", expected_version=seen, **args,
                           now=at(date(2026, 3, 2)))  # fmt: skip
    assert exc.value.messages == ["该任务已被他人修改，请刷新页面后重新操作。"]
    assert ResponsibilityTask.objects.get(pk=task.pk).title == "政策解读（修订）"
    (occ,) = task.occurrences.all()
    with pytest.raises(ValidationError) as exc:
        services.complete_occurrence(second, occ.pk, expected_version=seen)
    assert exc.value.messages == ["该任务已被他人修改，请刷新页面后重新操作。"]
    assert not TaskOccurrence.objects.get(pk=occ.pk).is_done


def test_moving_the_deadline_earlier_drops_unstarted_periods(head_seat, office):
    task = make_task(head_seat, office, created=date(2026, 1, 5), deadline=date(2026, 12, 31),
                     recurrence="quarterly")  # fmt: skip
    ensure_occurrences(date(2026, 7, 1))
    assert task.occurrences.count() == 3
    services.edit_task(task, title=task.title, lead_leader=head_seat, lead_unit=office,
                       deadline=date(2026, 5, 15), now=at(date(2026, 4, 1)))  # fmt: skip
    assert [o.due_on for o in task.occurrences.all()] == [date(2026, 3, 31), date(2026, 5, 15)]


def test_office_today_is_the_shanghai_date(settings):
    # 2026-06-30 17:30 UTC is already 1 July in 青川.
    from datetime import UTC, datetime

    assert office_today(datetime(2026, 6, 30, 17, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert office_today(datetime(2026, 6, 30, 15, 59, tzinfo=UTC)) == date(2026, 6, 30)
