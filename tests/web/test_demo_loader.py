"""The demo office `huiying run` loads: once, complete, and with a ledger to look at."""

from __future__ import annotations

import pytest

from huiying.demo import office
from huiying.ledger.models import ResponsibilityTask
from huiying.org.models import LeadingGroupMember, Unit
from huiying.reports.models import ReportSchedule
from huiying.reviews.models import Draft
from huiying.sources.models import Source
from huiying.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_office_loads_once_with_roster_sources_and_ledger():
    assert load_demo("http://127.0.0.1:8765/") is True
    assert Unit.objects.filter(code=office.OFFICE_UNIT, is_office=True).exists()
    assert LeadingGroupMember.objects.count() == len(office.LEADING_GROUP)
    assert Source.objects.count() == len(office.DEMO_SOURCES)
    tasks = ResponsibilityTask.objects.count()
    assert tasks > 0
    # Every task is led by someone on the roster, in a unit of the demo office.
    for task in ResponsibilityTask.objects.select_related("lead_leader", "lead_unit"):
        assert task.lead_leader_id is not None
        assert task.lead_unit.code in {u.code for u in office.UNITS}

    # A statement waits for 初审 with the slips the proofreading panel is there to catch.
    draft = Draft.objects.get()
    assert (draft.status, draft.level) == ("in_review", 1)
    kinds = {f["kind"] for f in draft.versions.get().findings}
    assert {"width", "repeat", "term"} <= kinds
    # The daily brief is scheduled for the office's leaders.
    schedule = ReportSchedule.objects.get()
    assert schedule.kind == "daily" and schedule.enabled
    assert set(schedule.recipients.values_list("username", flat=True)) == {
        "leader", "principal", "depthead",
    }  # fmt: skip

    assert load_demo("http://127.0.0.1:8765/") is False
    assert ResponsibilityTask.objects.count() == tasks
    assert Draft.objects.count() == 1 and ReportSchedule.objects.count() == 1
