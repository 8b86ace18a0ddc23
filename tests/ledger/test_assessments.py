"""考核: score sheets per unit per period, validation, locking and confirmation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from huiying.audit.models import AuditEntry
from huiying.ledger.assessments import Line, confirm_assessment, save_assessment, suggested_lines
from huiying.ledger.models import Assessment
from huiying.ledger.periods import parse_period
from tests.ledger.conftest import make_task

pytestmark = pytest.mark.django_db

LINES = [
    Line("按季度报送舆情回应工作情况", "20", "18", "四个季度均按时报送"),
    Line("加装电梯政策解读材料发布", "10", "6.5", "逾期 10 天发布"),
]


def test_save_scores_totals_and_audits(other_unit, leader):
    a = save_assessment(
        period="2026H1", unit=other_unit, lines=LINES, note="总体较好", actor=leader
    )
    assert (a.total, a.max_total) == (Decimal("24.5"), Decimal("30.0"))
    assert (a.period_start, a.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert [x.criterion for x in a.lines.all()] == [x.criterion for x in LINES]
    assert AuditEntry.objects.get(action="ledger.assessment.save").after["total"] == "24.5"


def test_score_above_max_is_refused_in_chinese(other_unit, leader):
    with pytest.raises(ValidationError) as exc:
        save_assessment(period="2026H1", unit=other_unit, actor=leader,
                        lines=[Line("新闻发言人培训", "10", "12")])  # fmt: skip
    assert exc.value.messages == ["第 1 项“新闻发言人培训”：得分 12.0 高于分值 10.0。"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("period", "unit", "message"),
    [
        ("2026H3", "zjj", "无法识别的考核周期：2026H3（例如 2026H1 表示2026年上半年）。"),
        ("2026H1", "nowhere", "未知单位：nowhere"),
    ],
)
def test_unknown_period_or_unit(other_unit, period, unit, message):
    with pytest.raises(ValidationError) as exc:
        save_assessment(period=period, unit=unit, lines=LINES)
    assert exc.value.messages == [message]


def test_one_per_unit_per_period_and_the_second_editor_is_told(other_unit, leader):
    a = save_assessment(period="2026H1", unit=other_unit, lines=LINES, actor=leader)
    with pytest.raises(ValidationError) as exc:
        save_assessment(period="2026H1", unit=other_unit, lines=LINES)
    assert "已有考核" in exc.value.messages[0]
    save_assessment(period="2026H1", unit="zjj", lines=LINES[:1], expected_version=a.version)
    with pytest.raises(ValidationError) as exc:
        save_assessment(period="2026H1", unit="zjj", lines=LINES, expected_version=a.version)
    assert exc.value.messages == ["该考核已被他人修改，请刷新页面后重新操作。"]
    assert Assessment.objects.get().lines.count() == 1


def test_confirmed_assessment_cannot_be_edited(other_unit, leader):
    a = save_assessment(period="2026", unit=other_unit, lines=LINES, actor=leader)
    a = confirm_assessment(a, expected_version=a.version, actor=leader)
    assert a.confirmed_at is not None and a.confirmed_by == leader
    with pytest.raises(ValidationError) as exc:
        save_assessment(period="2026", unit=other_unit, lines=LINES, expected_version=a.version)
    assert exc.value.messages == ["市住建局 2026年度的考核已确认，不能再修改。"]
    with pytest.raises(ValidationError):
        confirm_assessment(a)


def test_suggested_lines_come_from_the_list(head_seat, other_unit, office):
    make_task(head_seat, other_unit, created=date(2026, 3, 1), deadline=date(2026, 5, 31))
    make_task(head_seat, office, created=date(2026, 3, 1), deadline=date(2026, 9, 30),
              title="下半年的任务", co_units=[other_unit])  # fmt: skip
    period = parse_period("2026H1")
    assert period is not None
    assert [x.criterion for x in suggested_lines(other_unit, period)] == [
        "加装电梯政策解读材料发布"
    ]
