"""DOCX and PDF read back: Chinese headings intact, figures equal to the database's."""

from __future__ import annotations

import re

import pytest

from huiying.reports.figures.period import half_year, parse
from huiying.reports.services import generate_report, render, save_narrative
from tests.reports.expected import expected
from tests.reports.readback import docx_text, pdf_text
from tests.reports.world import at

pytestmark = pytest.mark.django_db

HALF_YEAR_HEADINGS = ["一、总体情况", "二、监测情况", "三、处置与回应", "四、诉求办理"]


def _strip_marks(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)


def test_half_year_docx_and_pdf_show_the_database_figures(world):
    report = generate_report("half-year", half_year(2026, 1), None, actor=world.user)
    want = expected(at(2026, 1, 1), at(2026, 7, 1))
    headings, text = docx_text(render(report, "docx"))
    assert headings[:4] == HALF_YEAR_HEADINGS
    assert "分单位情况" in "".join(headings)
    plain = _strip_marks(text)
    assert f"本期共采集信息{want['items']}，新发现事件{want['events.total']}" in plain
    assert f"首次公开回应用时中位数{want['cases.median_hours']}" in plain
    assert f"第90百分位{want['cases.p90_hours']}" in plain
    assert f"办结率{want['complaints.closure_rate']}" in plain
    assert f"重新打开率{want['complaints.reopen_rate']}" in plain
    assert "注：" in text  # every figure is footnoted with what it counted
    pdf = _strip_marks(pdf_text(render(report, "pdf")))
    for heading in HALF_YEAR_HEADINGS:
        assert heading in pdf
    assert f"受理诉求{want['complaints.received']}，已答复{want['complaints.replied']}" in pdf
    assert f"按时回应率{want['cases.within']}" in pdf


def test_daily_brief_files_and_narrative(world):
    report = generate_report("daily", parse("daily", "2026-06-15"), None, actor=world.user)
    report = save_narrative(
        report,
        {"analysis": "<p>污水处理厂异味问题<script>alert(1)</script>需持续关注。</p>"},
        version=report.version,
        actor=world.user,
    )
    assert "script" not in report.narrative["analysis"]
    want = expected(at(2026, 6, 15), at(2026, 6, 16))
    headings, text = docx_text(render(report, "docx"))
    assert headings == [
        "一、总体情况",
        "二、新发和升级事件",
        "三、在办案件与时限",
        "四、待答复诉求",
        "五、研判意见",
    ]
    assert f"采集信息{want['items']}" in _strip_marks(text)
    assert "城东污水处理厂异味扰民" in text
    assert "需持续关注" in text
    pdf = pdf_text(render(report, "pdf"))
    assert "二、新发和升级事件" in pdf and "五、研判意见" in pdf


def test_special_report_on_one_event(world):
    from huiying.cases.models import CaseStep, Statement

    event = world.events[0]
    case = world.cases[4]
    case.event = event
    case.save(update_fields=["event"])
    CaseStep.objects.create(case=case, step="flash", at=at(2026, 6, 15, 10, 30), note="已报送快报")
    Statement.objects.create(
        case=case,
        text="经核查，城东污水处理厂除臭设备检修期间出现异味，现已恢复运行。",
        drafted_at=at(2026, 6, 15, 11),
        approved_at=at(2026, 6, 15, 12),
    )
    report = generate_report("special", None, None, event=event, actor=world.user)
    headings, text = docx_text(render(report, "docx"))
    assert "二、传播态势" in headings and "三、级别变化" in headings
    assert "城东污水处理厂异味扰民" in report.title
    assert "较大" in text  # the tier history
    assert "四、处置过程" in headings
    assert "已报送快报" in text
    assert "通稿：经核查，城东污水处理厂除臭设备检修期间出现异味" in text
    html = render(report, "html").decode()
    assert "城东污水处理厂异味扰民" in html
