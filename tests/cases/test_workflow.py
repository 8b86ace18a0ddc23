"""A case walked through the seven steps; refusals; optimistic locking; tier changes;
the audit chain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.audit.services import verify_chain
from huiying.cases import services
from huiying.cases.models import Case, CaseNotice, Step
from huiying.core.tiers import Tier
from huiying.events.models import Event
from tests.cases.conftest import MONDAY, at, reviewed_statement

pytestmark = pytest.mark.django_db

STALE = "该案件已被他人修改，请刷新后重试。"


def _refused(call, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        call()
    assert message in " ".join(refused.value.messages)


def _open(owner, unit, tier=Tier.SIGNIFICANT, now=MONDAY, **kw):
    kw.setdefault("title", "幸福里小区电梯故障致老人被困")
    kw.setdefault("summary", "网民反映幸福里小区3号楼电梯多次故障，一名老人被困40分钟。")
    return services.open_case(tier=tier, unit=unit, owner=owner, actor=owner, now=now, **kw)


def _h(hours: float):
    return MONDAY + timedelta(hours=hours)


def test_full_walk_with_timestamps_and_audit(other_unit, people):
    editor, supervisor = people["editor"], people["supervisor"]
    event = Event.objects.create(key="test:42", title="电梯困人", updated_at=MONDAY)
    case = _open(editor, other_unit, origin="event", event=event)
    assert (case.event, case.event_title) == (event, "电梯困人")
    assert (case.step, case.opened_at, case.version) == (Step.DISCOVER, MONDAY, 1)
    clocks = {c.step: c.deadline for c in case.clocks.all()}
    assert clocks == {"flash": _h(4), "respond": _h(12)}  # 较大: 4 h flash, 12 h first response

    services.advance(case, "watch", actor=editor, now=_h(0.5))
    report = services.send_flash_report(case, actor=editor, now=_h(1))
    assert case.step == Step.FLASH and case.first_flash_at == _h(1)
    assert "幸福里小区电梯故障致老人被困" in report.text and "较大" in report.text
    # 较大 goes to the department head and the supervising leader.
    assert set(report.recipients.all()) == {people["head"], supervisor}
    assert case.clocks.get(step="flash").done_at == _h(1)

    services.advance(case, "consult", actor=editor, now=_h(2))
    services.record_consultation(
        case,
        facts="电梯维保单位未按期检修，老人已安全救出。",
        line="已责令维保单位停业整改，全面排查同类电梯。",
        agreed_by=[people["head"], supervisor],
        actor=editor,
        now=_h(3),
    )
    _refused(
        lambda: services.record_publication(
            case, channel="weibo", url="", published_at=_h(3), now=_h(3)
        ),
        "通稿尚未经三审三校审核通过",
    )
    # The statement goes through 初审, 复审 and 终审; the 终审 approval records it on the case.
    reviewed_statement(
        case,
        "关于幸福里小区电梯故障的情况通报……",
        author=editor,
        first=people["first"],
        head=people["head"],
        leader=supervisor,
        start=_h(2),
    )
    case.refresh_from_db()
    assert case.step == Step.STATEMENT
    statement = case.statements.get()
    assert statement.approved_by == supervisor and statement.approved_at == _h(5)
    assert statement.drafted_by == editor and "幸福里小区电梯故障" in statement.text

    services.record_publication(
        case,
        channel="weibo",
        url="https://weibo.example.cn/p/1",
        published_at=_h(6),
        actor=editor,
        now=_h(6.5),
    )
    assert case.step == Step.RESPOND and case.first_response_at == _h(6)
    # An earlier post recorded later is the first response.
    services.record_publication(
        case,
        channel="website",
        url="https://zjj.example.gov.cn/t/1",
        published_at=_h(5.5),
        actor=editor,
        now=_h(7),
    )
    assert case.first_response_at == _h(5.5)
    assert case.clocks.get(step="respond").done_at == _h(5.5)

    services.advance(case, "follow_up", actor=editor, now=_h(8))
    services.add_follow_up(case, "网民追问赔偿问题，已请物业答复。", actor=editor, now=_h(20))
    services.close_case(case, "舆情平息，整改完成。", actor=editor, now=_h(48))

    stored = Case.objects.get(pk=case.pk)
    assert (stored.step, stored.closed_at, stored.first_flash_at) == ("closed", _h(48), _h(1))
    assert list(stored.steps.values_list("step", flat=True)) == [
        "discover",
        "watch",
        "flash",
        "consult",
        "statement",
        "respond",
        "follow_up",
        "closed",
    ]
    actions = list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "case.open" and actions[-1] == "case.close"
    assert "case.approve_statement" in actions and actions.count("case.publish") == 2
    ok, checked, _message = verify_chain()
    assert ok and checked >= len(actions)
    _refused(lambda: services.advance(stored, "watch", actor=editor), "已办结")


def test_refused_transitions_change_nothing(other_unit, editor):
    case = _open(editor, other_unit)
    before = AuditEntry.objects.count()
    _refused(
        lambda: services.advance(case, "statement", actor=editor), "不能从“发现”环节转到“通稿”"
    )
    _refused(lambda: services.advance(case, "closed", actor=editor), "办结请使用")
    _refused(lambda: services.advance(case, "discover", actor=editor), "已处于“发现”")
    services.advance(case, "flash", actor=editor)
    _refused(lambda: services.close_case(case, "结束", actor=editor), "尚未回应，不能办结")
    _refused(lambda: services.close_case(case, "  ", actor=editor), "请填写办结总结")
    stored = Case.objects.get(pk=case.pk)
    assert stored.step == "flash" and stored.version == 2
    assert AuditEntry.objects.count() == before + 1


def test_bad_input_messages(other_unit, editor, office):
    _refused(lambda: _open(editor, "no-such-unit"), "未知单位代码：no-such-unit")
    _refused(lambda: _open(editor, other_unit, tier=9), "未知的事件级别")
    case = _open(editor, other_unit)
    _refused(lambda: services.assign(case, unit="bogus", actor=editor), "未知单位代码：bogus")
    _refused(
        lambda: services.set_deadline(case, "respond", MONDAY - timedelta(hours=1), now=MONDAY),
        "新的期限不能早于当前时间",
    )
    _refused(
        lambda: services.record_publication(
            case, channel="weibo", url="", published_at=_h(1), now=_h(2)
        ),
        "通稿尚未经三审三校审核通过",
    )
    services.assign(case, unit=office, actor=editor)
    assert case.unit == office and Case.objects.get(pk=case.pk).unit == office
    assert Case.objects.count() == 1


def test_only_a_draft_through_all_three_levels_satisfies_the_statement_step(other_unit, people):
    from huiying.reviews.services import approve, create_draft, submit

    editor = people["editor"]
    case = _open(editor, other_unit)
    other = _open(editor, other_unit, title="另一件事")
    draft = create_draft(
        title="情况通报", body="<p>情况通报</p>", channels=["website"], unit=other_unit,
        author=editor, case=case, now=_h(1),
    )  # fmt: skip
    submit(draft, actor=editor, now=_h(1))
    approve(draft, 1, actor=people["first"], now=_h(2))
    approve(draft, 2, actor=people["head"], now=_h(3))
    _refused(lambda: services.record_reviewed_statement(case, draft), "须经三审三校审核通过")
    _refused(lambda: services.record_reviewed_statement(other, draft), "该稿件不属于此案件")
    assert not case.statements.exists()
    approve(draft, 3, actor=people["supervisor"], now=_h(4))
    assert case.statements.get().approved_at == _h(4)
    # Recording again (as publishing does) does not double it.
    services.record_reviewed_statement(case, draft)
    assert case.statements.count() == 1


def test_two_stale_writers_second_is_refused(other_unit, editor, zjj_head):
    case = _open(editor, other_unit)
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    services.advance(mine, "watch", actor=editor, expected_version=1, now=_h(1))
    _refused(
        lambda: services.advance(theirs, "flash", actor=zjj_head, expected_version=1, now=_h(1)),
        STALE,
    )
    _refused(lambda: services.add_follow_up(theirs, "备注", actor=zjj_head), STALE)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.step, stored.version) == ("watch", 2)
    assert not stored.follow_ups.exists()


def test_tier_change_recomputes_open_deadlines(other_unit, editor):
    case = _open(editor, other_unit, tier=Tier.GENERAL)
    assert {c.step for c in case.clocks.all()} == {"flash", "respond"}
    assert case.clocks.get(step="respond").deadline == _h(48)
    services.send_flash_report(case, actor=editor, now=_h(1))
    services.change_tier(case, Tier.MAJOR, "出现人员受伤，央媒转载", actor=editor, now=_h(2))
    clocks = {c.step: c for c in case.clocks.all()}
    assert case.tier == 3 and set(clocks) == {"flash", "respond", "press_conference"}
    assert clocks["respond"].deadline == _h(5)  # from the opening, not from the change
    assert clocks["press_conference"].deadline == _h(24)
    assert clocks["flash"].done_at == _h(1)  # done clocks stand
    entry = AuditEntry.objects.filter(action="case.change_tier").get()
    assert (entry.before["tier"], entry.after["tier"]) == (1, 3)
    assert entry.after["reason"] == "出现人员受伤，央媒转载"
    assert entry.after["deadlines_before"]["respond"] != entry.after["deadlines"]["respond"]
    _refused(lambda: services.change_tier(case, 3, "再改", actor=editor), "已是“重大”级")


def test_working_hour_flash_clock_across_national_day(other_unit, editor):
    """一般: the flash report is due within one working day. Opened Tuesday 30 September
    2025 at 16:30, one office hour remains that day; 1–8 October are off, so the other
    seven hours are counted on Thursday 9 October."""
    case = _open(editor, other_unit, tier=Tier.GENERAL, now=at(2025, 9, 30, 16, 30))
    assert case.clocks.get(step="flash").deadline == at(2025, 10, 9, 16, 30)
    # Opened on Saturday 27 September: Sunday the 28th is a make-up working day.
    case = _open(editor, other_unit, tier=Tier.GENERAL, now=at(2025, 9, 27, 11, 0))
    assert case.clocks.get(step="flash").deadline == at(2025, 9, 28, 17, 30)


def test_flash_notices_go_to_required_leaders(other_unit, people):
    case = _open(people["editor"], other_unit, tier=Tier.MAJOR)
    services.send_flash_report(case, actor=people["editor"], now=_h(0.5))
    assert set(CaseNotice.objects.filter(kind="flash").values_list("to__username", flat=True)) == {
        "zjj-head",
        "fgld",
        "zyld",
    }


def test_open_from_complaint(other_unit, editor):
    from huiying.complaints.services import receive_complaint

    complaint, _new = receive_complaint(
        channel="12345热线",
        external_id="Z-1",
        content="学校门口道路积水严重，学生无法通行。",
        received_at=MONDAY,
        now=MONDAY,
    )
    _refused(lambda: _open(editor, other_unit, origin="complaint"), "须指明诉求")
    case = _open(editor, other_unit, origin="complaint", complaint=complaint)
    assert case.complaint == complaint
    report = services.send_flash_report(case, actor=editor, now=_h(1))
    assert "12345热线:Z-1" in report.text


@pytest.mark.django_db(transaction=True)
def test_two_people_at_once_exactly_one_wins(other_unit, editor, zjj_head):
    import threading

    from django.db import connection

    case = _open(editor, other_unit)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def act(name: str, user) -> None:
        try:
            barrier.wait()
            services.add_follow_up(
                Case.objects.get(pk=case.pk), f"{name}的记录", actor=user, expected_version=1
            )
            outcome[name] = "ok"
        except ValidationError as exc:
            outcome[name] = exc.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(n, u)) for n, u in (("甲", editor), ("乙", zjj_head))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["ok", STALE]
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == 2 and stored.follow_ups.count() == 1
