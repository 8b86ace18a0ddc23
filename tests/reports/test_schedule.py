"""The daily brief goes out once per working day at its time: not twice (several
schedulers, restarts), not on a public holiday, and on a make-up working day."""

from __future__ import annotations

from datetime import time

import pytest

from huiying.reports.models import Report, ReportDelivery, ReportSchedule
from huiying.reports.periodic import jobs, run_schedules
from tests.reports.world import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(world):
    s = ReportSchedule.objects.create(kind="daily", at=time(8, 30))
    s.recipients.add(world.user)
    return s


def test_sent_once_on_a_working_day_after_its_time(schedule, world):
    assert run_schedules(at(2026, 6, 16, 8, 0)) == []  # Tuesday, before 08:30
    made = run_schedules(at(2026, 6, 16, 8, 31))
    assert len(made) == 1
    assert made[0].period_label == "2026-06-15"  # about the day before
    # A second scheduler, and a restart later that day, send nothing more.
    assert run_schedules(at(2026, 6, 16, 8, 31)) == []
    assert run_schedules(at(2026, 6, 16, 17, 0)) == []
    assert Report.objects.count() == 1
    assert ReportDelivery.objects.filter(recipient=world.user).count() == 1
    # The next working day gets its own brief.
    assert len(run_schedules(at(2026, 6, 17, 9, 0))) == 1


def test_not_on_a_holiday_nor_a_weekend(schedule):
    assert run_schedules(at(2026, 10, 1, 9, 0)) == []  # National Day, a Thursday
    assert run_schedules(at(2026, 6, 20, 9, 0)) == []  # an ordinary Saturday
    assert Report.objects.count() == 0


def test_sent_on_a_make_up_working_day(schedule):
    made = run_schedules(at(2026, 10, 10, 9, 0))  # Saturday, worked for National Day
    assert [r.period_label for r in made] == ["2026-10-09"]


def test_the_scheduler_finds_the_job():
    names = [name for name, _interval, _fn in jobs()]
    assert names == ["scheduled reports"]


def test_brief_is_mailed_through_an_email_channel(schedule, world):
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    from huiying.alerts.models import Channel
    from tests.alerts.test_delivery import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        channel = Channel.objects.create(
            kind="email",
            name="值班邮箱",
            config={
                "host": "127.0.0.1",
                "port": controller.port,
                "security": "plain",
                "sender": "回应舆情系统 <alerts@example.gov.cn>",
                "recipients": ["duty@example.gov.cn"],
            },
        )
        schedule.channels.add(channel)
        [report] = run_schedules(at(2026, 6, 16, 8, 45))
        run_schedules(at(2026, 6, 16, 8, 46))  # another scheduler: nothing more
    finally:
        controller.stop()
    [envelope] = inbox.received
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert "舆情日报（2026年6月15日）" in str(mail["Subject"])
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"采集信息：{report.figures['items']['text']}" in body
    assert ReportDelivery.objects.get(channel=channel).status == "sent"
