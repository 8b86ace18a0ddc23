"""`huiying report KIND --period … [--unit CODE] [--event ID] --format docx|pdf|html
[--output FILE]`: generate a report, save it, and write it in the chosen format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huiying.events.models import Event
from huiying.org.models import Unit
from huiying.reports.figures import period as periods
from huiying.reports.services import FORMATS, filename, generate_report, render

KINDS = ("daily", "weekly", "half-year", "annual", "special")


class Command(BaseCommand):
    help = "生成报告（舆情日报、周报、半年总结、年度总结、专报）并输出为 DOCX、PDF 或 HTML。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="daily、weekly、half-year、annual 或 special")
        parser.add_argument(
            "--period",
            default="",
            help="2026-11-24（日）、2026-W47（周）、2026-H1（半年）或 2026（年）；"
            "省略时为上一期；专报省略时为事件的全程",
        )
        parser.add_argument("--unit", default="", help="单位代码；省略时为全办")
        parser.add_argument("--event", type=int, default=None, help="专报的事件编号")
        parser.add_argument("--format", default="docx", help="docx、pdf 或 html")
        parser.add_argument("--output", default="", help="输出文件；省略时写入当前目录")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"].strip().lower()
        if kind not in KINDS:
            raise CommandError(f"未知的报告类型“{kind}”：应为 {'、'.join(KINDS)}")
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise CommandError(f"不支持的格式“{fmt}”：应为 docx、pdf 或 html")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"找不到代码为“{options['unit']}”的单位")
        event = None
        if kind == "special":
            if options["event"] is None:
                raise CommandError("专报需要用 --event 指定事件编号")
            event = Event.objects.filter(pk=options["event"]).first()
            if event is None:
                raise CommandError(f"找不到编号为 {options['event']} 的事件")
        try:
            if options["period"]:
                period = (
                    periods.parse_any(options["period"])
                    if kind == "special"
                    else periods.parse(kind, options["period"])
                )
            elif kind == "special":
                period = None
            else:
                from django.utils import timezone

                period = periods.default_for(kind, timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            report = generate_report(kind, period, unit, event=event)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        data = render(report, fmt)
        target = options["output"] or filename(report, fmt)
        if target == "-":
            sys.stdout.buffer.write(data)
            return
        Path(target).write_bytes(data)
        self.stderr.write(f"已生成报告 #{report.pk}：{report.title} → {target}")
