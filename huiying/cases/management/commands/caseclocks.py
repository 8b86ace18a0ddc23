"""huiying caseclocks: warn owners of case clocks about to run out and escalate late
ones to the next leader, once each. Safe to run repeatedly and from several processes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from huiying.cases.clocks import run_clocks


class Command(BaseCommand):
    help = "检查案件时限：临近到期提醒负责人，超时升级至上一级领导（每项只发一次）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--now", help="按此时刻评估（ISO 8601，带时区；用于补算或测试），默认当前时间"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("now"):
            now = parse_datetime(options["now"])
            if now is None or timezone.is_naive(now):
                raise CommandError("--now 须为带时区的 ISO 8601 时间，例如 2025-10-09T09:00+08:00")
        notices = run_clocks(now)
        for notice in notices:
            self.stdout.write(
                f"{notice.get_kind_display()}\t{notice.to.get_username()}\t{notice.text}"
            )
        self.stdout.write(f"共发出 {len(notices)} 条提醒。")
