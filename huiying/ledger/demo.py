"""A synthetic responsibility list for the demo office: eight tasks a communications
office keeps, some quarterly, with a few progress entries, on-time, late and one overdue.
Everything goes through the services, dated in the past with their `now` argument."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huiying.ledger import services
from huiying.ledger.models import Recurrence, ResponsibilityTask
from huiying.ledger.occurrences import sync_task
from huiying.org.models import LeadingGroupMember, Unit


@dataclass(frozen=True, slots=True)
class _Spec:
    title: str
    description: str
    lead: str  # unit code; "" means the office unit
    co: tuple[str, ...]
    recurrence: str
    starts: int  # days before today
    deadline: int  # days after today (negative: already past)
    progress: tuple[tuple[int, str], ...] = ()  # (days before today, text)
    done: bool = False  # the one-off task is finished


TASKS: tuple[_Spec, ...] = (
    _Spec("按季度报送舆情回应工作情况", "汇总本季度舆情监测、研判、处置和回应情况，形成书面报告报领导小组。",
          "", ("xcb",), "quarterly", 300, 400,
          ((200, "第二季度舆情回应工作情况报告已报送领导小组办公室。"),)),
    _Spec("修订突发事件舆情应对预案并组织桌面推演", "结合防汛、安全生产等场景修订预案，年内至少组织一次桌面推演。",
          "", ("yjj", "wjw"), "none", 120, 45,
          ((30, "预案修订稿已征求应急管理局、卫健委意见，收到修改意见 12 条。"),)),
    _Spec("12345热线诉求办理情况月度通报", "按月通报各单位诉求办结率、满意率和超时件，抄送领导小组成员单位。",
          "rx12345", (), "monthly", 150, 200),
    _Spec("政府网站和政务新媒体季度自查", "对照政府网站与政务新媒体检查指标开展季度自查，整改“僵尸号”“睡眠号”。",
          "zwfw", ("wxb",), "quarterly", 300, 400),
    _Spec("新闻发言人和网评工作人员业务培训", "组织一期新闻发布与舆情回应业务培训，覆盖各成员单位联络员。",
          "xcb", ("wxb",), "none", 90, 60,
          ((20, "培训方案已印发，报名 46 人。"),)),
    _Spec("加装电梯政策解读材料发布", "针对群众关注的加装电梯补贴标准和审批流程，发布图文解读并在12345知识库更新口径。",
          "zjj", ("wxb", "rx12345"), "none", 70, -10,
          ((40, "解读初稿已完成，待分管领导审定。"),)),
    _Spec("秋季招生入学政策问答发布", "在招生报名前发布政策问答，统一热线答复口径。",
          "jyj", ("rx12345",), "none", 100, 5,
          ((60, "政策问答已在教育局网站和政务新媒体发布，阅读量 3.2 万。"),), True),
    _Spec("食品安全舆情联合研判", "每半年与网信、卫健部门联合研判一次食品安全舆情，形成研判报告。",
          "scjgj", ("wxb", "wjw"), "half_yearly", 300, 400),
)  # fmt: skip


def _units_by_code(units: Mapping[str, Unit] | Iterable[Unit]) -> dict[str, Unit]:
    if isinstance(units, Mapping):
        return dict(units)
    return {u.code: u for u in units}


def _leader_for(unit: Unit, leaders: Sequence[LeadingGroupMember], office: Unit) -> Any:
    """The seat from the lead unit, else the office's, else the group head."""
    for wanted in (unit, office):
        for seat in leaders:
            if seat.unit_id == wanted.pk:
                return seat
    return leaders[0]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


@transaction.atomic
def load_demo_ledger(
    office_unit: Unit,
    units: Mapping[str, Unit] | Iterable[Unit],
    leaders: Sequence[LeadingGroupMember],
    *,
    now: datetime | None = None,
) -> int:
    """Create the demo list once; returns how many tasks were created (0 when the list
    already holds them). `units` is {code: Unit} or Units; codes missing there are
    skipped so a smaller demo office still loads. `leaders` is the roster, in order."""
    if not leaders or ResponsibilityTask.objects.filter(title=TASKS[0].title).exists():
        return 0
    by_code = _units_by_code(units)
    today = timezone.localtime(now or timezone.now(), ZoneInfo(settings.TIME_ZONE)).date()
    created = 0
    for spec in TASKS:
        lead = by_code.get(spec.lead) if spec.lead else office_unit
        if lead is None:
            continue
        start = today - timedelta(days=spec.starts)
        task = services.create_task(
            title=spec.title, description=spec.description,
            lead_leader=_leader_for(lead, leaders, office_unit), lead_unit=lead,
            co_units=[by_code[c] for c in spec.co if c in by_code and by_code[c] != lead],
            recurrence=spec.recurrence, starts_on=start,
            deadline=today + timedelta(days=spec.deadline), now=_at(start),
        )  # fmt: skip
        sync_task(task, today)
        created += 1
        for days_ago, text in spec.progress:
            services.add_progress(task, text=text, on=today - timedelta(days=days_ago),
                                  now=_at(today))  # fmt: skip
        _complete_past(task, today, spec.done)
    return created


def _complete_past(task: ResponsibilityTask, today: date, one_off_done: bool) -> None:
    """Finish past periods of recurring tasks: most on their due date, every third a week
    late. The one overdue task of the demo is the one-off whose deadline has passed."""
    for n, occurrence in enumerate(task.occurrences.order_by("due_on")):
        if task.recurrence == Recurrence.NONE:
            if one_off_done:
                services.complete_occurrence(task, occurrence.pk, now=_at(today))
            continue
        if occurrence.due_on >= today:
            continue
        late = n % 3 == 2
        done_day = occurrence.due_on + timedelta(days=7 if late else 0)
        services.complete_occurrence(task, occurrence.pk, now=_at(min(done_day, today)))
        task.refresh_from_db()
