"""`huiying report …` writes a file whose figures are the database's."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from huiying.cli import main
from huiying.reports.models import Report
from tests.reports.expected import expected
from tests.reports.readback import docx_text, pdf_text
from tests.reports.world import at

pytestmark = pytest.mark.django_db


def test_huiying_report_reaches_the_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--help"])
    assert exit_.value.code == 0
    assert "生成报告（舆情日报、周报、半年总结、年度总结、专报）" in capsys.readouterr().out


def test_cli_writes_docx_pdf_and_html(world, tmp_path):
    # call_command runs the same command as `huiying report` without closing the
    # test's database connection as a real process exit would.
    docx = tmp_path / "h1.docx"
    call_command(
        "report", "half-year", "--period", "2026-H1", "--format", "docx", "--output", str(docx)
    )
    pdf = tmp_path / "day.pdf"
    call_command(
        "report", "daily", "--period", "2026-06-15", "--format", "pdf", "--output", str(pdf)
    )
    html = tmp_path / "unit.html"
    call_command(
        "report",
        "weekly",
        "--period",
        "2026-W25",
        "--unit",
        "zjj",
        "--format",
        "html",
        "--output",
        str(html),
    )
    want = expected(at(2026, 1, 1), at(2026, 7, 1))
    headings, text = docx_text(docx.read_bytes())
    assert headings[0] == "一、总体情况"
    assert f"本期共采集信息{want['items']}" in text.replace("[1]", "")
    assert "一、总体情况" in pdf_text(pdf.read_bytes())
    assert "市住建局" in html.read_text(encoding="utf-8")
    assert Report.objects.count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["monthly", "--period", "2026-11"], "未知的报告类型"),
        (["weekly", "--period", "2026-11-24"], "该类报告的期间应为周"),
        (["daily", "--period", "2026-13-01"], "不是有效的日期"),
        (["daily", "--period", "2026-06-15", "--unit", "nope"], "找不到代码为“nope”的单位"),
        (["daily", "--period", "2026-06-15", "--format", "odt"], "不支持的格式"),
        (["special"], "专报需要用 --event 指定事件编号"),
    ],
)
def test_bad_input_is_refused_in_chinese(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)
