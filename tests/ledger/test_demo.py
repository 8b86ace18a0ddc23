"""The demo list and the scheduler job."""

from __future__ import annotations

import pytest

from huiying.ledger.demo import TASKS, load_demo_ledger
from huiying.ledger.models import ProgressEntry, ResponsibilityTask, TaskOccurrence
from huiying.ledger.occurrences import office_today, overdue_q
from huiying.ledger.periodic import jobs
from huiying.org.services import add_leading_group_member, create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_office(office):
    units = {"wxb": office}
    for code, name in [("xcb", "市委宣传部"), ("zjj", "市住建局"), ("jyj", "市教育局"),
                       ("rx12345", "12345热线"), ("zwfw", "市政务服务管理局"),
                       ("scjgj", "市场监管局"), ("wjw", "市卫健委"), ("yjj", "市应急管理局")]:  # fmt: skip
        units[code] = create_unit(code=code, name=name)
    leaders = [
        add_leading_group_member(position="head", title="市委常委、宣传部部长", unit=units["xcb"]),
        add_leading_group_member(position="office_director", title="市委网信办主任", unit=office),
        add_leading_group_member(position="member", title="市住建局局长", unit=units["zjj"]),
    ]
    return office, units, leaders


def test_demo_list_loads_once_with_one_overdue_task(demo_office):
    office, units, leaders = demo_office
    assert load_demo_ledger(office, units, leaders) == len(TASKS) == 8
    assert load_demo_ledger(office, units.values(), leaders) == 0
    today = office_today()
    late_tasks = ResponsibilityTask.objects.filter(
        occurrences__in=TaskOccurrence.objects.filter(overdue_q(today))
    ).distinct()
    assert [t.title for t in late_tasks] == ["加装电梯政策解读材料发布"]
    assert ResponsibilityTask.objects.filter(recurrence="quarterly").count() == 2
    assert ProgressEntry.objects.count() >= 5
    quarterly = ResponsibilityTask.objects.filter(recurrence="quarterly").first()
    assert quarterly is not None and quarterly.occurrences.count() >= 3
    assert quarterly.occurrences.filter(done_on__isnull=False).exists()
    zjj_task = ResponsibilityTask.objects.get(title="加装电梯政策解读材料发布")
    assert zjj_task.lead_leader.title == "市住建局局长"


def test_scheduler_job_starts_new_periods(demo_office):
    office, units, leaders = demo_office
    load_demo_ledger(office, units, leaders)
    ((name, every, job),) = jobs()
    assert name == "ledger periods" and every > 0
    TaskOccurrence.objects.filter(task__recurrence="monthly").order_by("-due_on").first().delete()
    assert job() == 1
    assert job() == 0
