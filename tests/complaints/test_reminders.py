"""Reply-deadline reminders: a complaint near its due time warns its unit's handlers
(in the app, and through the unit's alert channel), a late one is flagged in the inbox;
each once, across runs and restarts; a new deadline re-arms them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from huiying.alerts.models import Channel
from huiying.audit.models import AuditEntry
from huiying.complaints import services
from huiying.complaints.models import Complaint, ComplaintNotice
from huiying.complaints.periodic import jobs
from huiying.complaints.reminders import run_reminders
from tests.complaints.conftest import MONDAY, at, receive

pytestmark = pytest.mark.django_db

# Received Monday 15 September 2025 10:00: five working days → Monday 22nd 10:00.
DUE = at(2025, 9, 22, 10)


@pytest.fixture
def complaint(other_unit):
    made = receive("QH-100", unit=other_unit)
    assert made.due_at == DUE
    return made


def _mine(user, kind):
    return ComplaintNotice.objects.filter(to=user, kind=kind)


def test_warn_then_flag_late_each_once(complaint, zjj_head, jyj_head):
    assert run_reminders(at(2025, 9, 17)) == []  # three working days left: nothing yet
    # Friday 16:00: three working hours left (less than one working day).
    [warning] = run_reminders(at(2025, 9, 19, 16))
    assert (warning.to, warning.kind) == (zjj_head, "warn")
    assert "QH-100" in warning.text and "2025-09-22 10:00" in warning.text
    assert run_reminders(at(2025, 9, 19, 16, 5)) == []  # once
    assert not _mine(jyj_head, "warn").exists()  # another unit's handler is not told
    # Past the deadline: flagged late and the handlers told, once.
    [late] = run_reminders(at(2025, 9, 22, 11))
    assert (late.to, late.kind) == (zjj_head, "late")
    assert run_reminders(at(2025, 9, 22, 12)) == []
    complaint.refresh_from_db()
    assert complaint.flagged_late and complaint.late_for == DUE
    actions = AuditEntry.objects.filter(object_id=str(complaint.pk)).values_list(
        "action", flat=True
    )
    assert list(actions.filter(action__startswith="complaint.d")) == ["complaint.deadline_warn"]
    assert actions.filter(action="complaint.overdue").count() == 1


def test_a_deadline_missed_while_nothing_ran_is_flagged_once(complaint, zjj_head):
    # The scheduler was down for the whole last day: the first run flags it late, alone.
    notices = run_reminders(at(2025, 9, 24, 9))
    assert [(n.to, n.kind) for n in notices] == [(zjj_head, "late")]
    assert run_reminders(at(2025, 9, 24, 10)) == []


def test_a_new_deadline_warns_again(complaint, zjj_head):
    run_reminders(at(2025, 9, 19, 16))
    complaint = services.set_due(
        complaint, at(2025, 9, 26, 17), reason="与群众约定延期", now=at(2025, 9, 19, 16, 30)
    )
    assert run_reminders(at(2025, 9, 19, 17)) == []
    [again] = run_reminders(at(2025, 9, 26, 9))
    assert again.kind == "warn" and "2025-09-26 17:00" in again.text


def test_replied_complaints_are_left_alone(complaint, zjj_head):
    services.reply(complaint, "已责令施工单位晚十点后停止作业。", now=MONDAY)
    assert run_reminders(at(2025, 9, 22, 11)) == []


def test_the_units_alert_channel_is_told(httpserver, complaint, zjj_head, other_unit, office):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    Channel.objects.create(
        kind="webhook",
        name="住建局值班群",
        config={"url": httpserver.url_for("/hook")},
        unit=other_unit,
    )
    Channel.objects.create(
        kind="webhook", name="网信办", config={"url": "http://127.0.0.1:9/x"}, unit=office
    )
    notices = run_reminders(at(2025, 9, 19, 16))
    assert {(n.to_id, n.channel_id is not None) for n in notices} == {
        (zjj_head.pk, False),
        (None, True),
    }
    [(request, _response)] = httpserver.log
    body = json.dumps(json.loads(request.get_data()), ensure_ascii=False)
    assert "QH-100" in body and "即将到答复时限" in body
    assert ComplaintNotice.objects.get(channel__isnull=False).status == "sent"


def test_inbox_shows_notices_and_the_late_flag(client, complaint, zjj_head):
    run_reminders(at(2025, 9, 22, 11))
    client.force_login(zjj_head)
    page = client.get(reverse("complaints:inbox")).content.decode()
    assert "已超过答复时限" in page and "flagged-late" in page
    notice = ComplaintNotice.objects.get(to=zjj_head)
    client.post(reverse("complaints:read_notice", args=[notice.pk]))
    page = client.get(reverse("complaints:inbox")).content.decode()
    assert "已超过答复时限" not in page and "flagged-late" in page


def test_the_scheduler_runs_it():
    from huiying.web.management.commands.scheduler import _periodic_jobs

    assert [name for name, _every, _job in jobs()] == ["complaint deadlines"]
    assert "complaint deadlines" in [name for name, _every, _job in _periodic_jobs()]
    assert Complaint.objects.count() == 0
