"""The complaint state machine, optimistic locking, deadlines changed by hand, the audit
trail and the figures reports use."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from huiying.audit.models import AuditEntry
from huiying.audit.services import verify_chain
from huiying.complaints import services
from huiying.complaints.models import Complaint, Status
from tests.complaints.conftest import MONDAY, at, receive

pytestmark = pytest.mark.django_db

ANSWER = "经核查，施工单位已调整作业时间，夜间十点后停止高噪音作业。"


def _refused(call, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        call()
    assert message in refused.value.messages


def test_the_whole_path_and_back(office, other_unit, jyj, zjj_head):
    complaint = receive("W1")
    assert complaint.status == Status.RECEIVED and complaint.version == 1
    services.assign(complaint, other_unit, actor=zjj_head, now=MONDAY)
    assert (complaint.status, complaint.unit, complaint.version) == ("assigned", other_unit, 2)
    services.reply(complaint, ANSWER, actor=zjj_head, now=MONDAY + timedelta(hours=5))
    assert complaint.status == Status.REPLIED and complaint.replied_by == zjj_head
    assert complaint.replied_at == MONDAY + timedelta(hours=5)
    services.close(complaint, actor=zjj_head, now=MONDAY + timedelta(hours=6))
    assert complaint.status == Status.CLOSED and complaint.closed_at is not None

    # Not satisfied: reopened with a fresh clock, then transferred and answered again.
    reopened_at = at(2025, 9, 22)
    services.reopen(complaint, "噪音依旧，晚上十一点还在施工。", now=reopened_at)
    assert complaint.status == Status.REOPENED and complaint.reopened_count == 1
    assert complaint.closed_at is None
    # Five working days from Monday 22 September: Sunday the 28th is a make-up working day.
    assert complaint.due_at == at(2025, 9, 28)
    services.assign(complaint, jyj, actor=zjj_head, now=reopened_at)
    services.reply(complaint, "已转交属地街道联合执法。", actor=zjj_head, now=reopened_at)
    services.close(complaint, actor=zjj_head, now=reopened_at)

    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.status == Status.CLOSED and stored.version == complaint.version == 8
    actions = list(
        AuditEntry.objects.filter(object_id=str(complaint.pk), object_type="complaints.complaint")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.receive",
        "complaint.assign",
        "complaint.reply",
        "complaint.close",
        "complaint.reopen",
        "complaint.assign",
        "complaint.reply",
        "complaint.close",
    ]
    reply_entry = AuditEntry.objects.filter(action="complaint.reply").first()
    assert reply_entry.actor == zjj_head and reply_entry.after["reply"] == ANSWER
    assert reply_entry.before["status"] == "assigned" and reply_entry.after["status"] == "replied"
    ok, checked, _message = verify_chain()
    assert ok and checked == AuditEntry.objects.count()


def test_refused_transitions_change_nothing(other_unit):
    complaint = receive("R1")
    _refused(lambda: services.reply(complaint, ANSWER), "该诉求尚未分派承办单位，不能答复。")
    _refused(lambda: services.close(complaint), "该诉求尚未答复，不能办结。")
    _refused(lambda: services.reopen(complaint, "不满意"), "该诉求尚未答复，不能重新打开。")
    services.assign(complaint, other_unit)
    _refused(lambda: services.assign(complaint, other_unit), "该诉求已由市住建局承办。")
    services.reply(complaint, ANSWER)
    _refused(
        lambda: services.reply(complaint, "再答复一次"),
        "该诉求已经答复；如需再次答复，请先重新打开。",
    )
    _refused(
        lambda: services.assign(complaint, other_unit),
        "该诉求已经答复，不能再分派；如需重新办理，请先重新打开。",
    )
    services.close(complaint)
    _refused(lambda: services.close(complaint), "该诉求已经办结。")
    services.reopen(complaint, "问题没有解决")
    _refused(lambda: services.reopen(complaint, "还是不满意"), "该诉求已经重新打开，正在办理。")
    _refused(lambda: services.close(complaint), "该诉求尚未答复，不能办结。")

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.version, stored.reply) == ("reopened", 5, ANSWER)
    trail = AuditEntry.objects.filter(
        object_type="complaints.complaint", object_id=str(complaint.pk)
    )
    assert trail.count() == 5


def test_bad_input_is_refused_before_anything_changes(other_unit):
    complaint = receive("B1")
    _refused(lambda: services.assign(complaint, None), "请选择承办单位。")
    services.assign(complaint, other_unit)
    _refused(lambda: services.reply(complaint, "   "), "请填写答复内容。")
    _refused(
        lambda: services.set_due(complaint, MONDAY - timedelta(hours=1), now=MONDAY),
        "新的答复时限不能早于当前时间。",
    )
    services.reply(complaint, ANSWER)
    _refused(lambda: services.reopen(complaint, ""), "请填写重新打开的原因。")
    _refused(
        lambda: services.set_due(complaint, at(2025, 12, 1), now=MONDAY),
        "状态为“已答复”的诉求不需要调整答复时限。",
    )
    assert Complaint.objects.get(pk=complaint.pk).version == 3


def test_set_due_moves_the_deadline(other_unit, zjj_head):
    complaint = receive("S1", unit=other_unit)
    services.set_due(
        complaint, at(2025, 9, 30, 17, 30), actor=zjj_head, reason="群众同意延期", now=MONDAY
    )
    assert Complaint.objects.get(pk=complaint.pk).due_at == at(2025, 9, 30, 17, 30)
    entry = AuditEntry.objects.get(action="complaint.set_due")
    assert entry.before["due_at"] == at(2025, 9, 22).isoformat()
    assert entry.after["reason"] == "群众同意延期"


def test_two_stale_writers_the_second_is_refused(other_unit, jyj):
    complaint = receive("L1", unit=other_unit)
    mine = Complaint.objects.get(pk=complaint.pk)
    theirs = Complaint.objects.get(pk=complaint.pk)
    seen = mine.version
    services.reply(mine, ANSWER, expected_version=seen)
    with pytest.raises(ValidationError) as refused:
        services.assign(theirs, jyj, expected_version=seen)
    assert refused.value.messages == ["该诉求已被他人修改，请刷新后重试。"]
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.unit, stored.reply) == ("replied", other_unit, ANSWER)
    # Without an explicit version, the version of the object passed in is the expectation.
    with pytest.raises(ValidationError):
        services.close(theirs)


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_exactly_one_wins(office, other_unit):
    complaint = receive("C1", unit=other_unit)
    seen = complaint.version
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def answer(name: str) -> None:
        try:
            barrier.wait()
            services.reply(
                Complaint.objects.get(pk=complaint.pk), f"{name}的答复", expected_version=seen
            )
            outcome[name] = "ok"
        except ValidationError as exc:
            outcome[name] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["ok", "该诉求已被他人修改，请刷新后重试。"]
    winner = next(n for n, r in outcome.items() if r == "ok")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.reply == f"{winner}的答复" and stored.version == seen + 1
    assert AuditEntry.objects.filter(action="complaint.reply").count() == 1


def test_figures_closure_rate_overdue_and_reply_time(other_unit, jyj):
    now = at(2025, 9, 30)
    answered = [receive(f"F{i}", unit=other_unit) for i in range(3)]
    for hours, complaint in zip((4, 10, 30), answered, strict=True):
        services.reply(complaint, ANSWER, now=MONDAY + timedelta(hours=hours))
    services.close(answered[0], now=MONDAY + timedelta(hours=5))
    services.close(answered[1], now=MONDAY + timedelta(hours=11))
    late = receive("F9", unit=jyj)  # due Monday 22 September, unanswered on the 30th
    receive("F10", received_at=at(2025, 9, 29), unit=jyj)  # not yet due
    receive("OLD", received_at=at(2025, 8, 1), unit=jyj)  # outside the period

    all_units = services.figures(since=at(2025, 9, 1, 0), until=at(2025, 10, 1, 0), now=now)
    assert all_units == {
        "received": 5,
        "replied": 3,
        "closed": 2,
        "closure_rate": 0.4,
        "overdue": 1,
        "replied_late": 0,
        "median_reply_hours": 10.0,
    }
    housing = services.figures(other_unit, at(2025, 9, 1, 0), at(2025, 10, 1, 0), now=now)
    assert housing["closure_rate"] == round(2 / 3, 4) and housing["overdue"] == 0
    education = services.figures(jyj, at(2025, 9, 1, 0), at(2025, 10, 1, 0), now=now)
    assert education["overdue"] == 1 and education["median_reply_hours"] is None
    assert late.due_at == at(2025, 9, 22)
    empty = services.figures(since=at(2024, 1, 1, 0), until=at(2024, 2, 1, 0), now=now)
    assert empty["closure_rate"] is None and empty["received"] == 0
