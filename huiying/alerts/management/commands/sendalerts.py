"""`huiying sendalerts`: send the alert deliveries that are due. Run by the scheduler
about every 30 seconds; idempotent and safe to run from two processes at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from huiying.alerts.delivery import send_due


class Command(BaseCommand):
    help = "发送到期的预警通知（可重复运行，可多进程同时运行）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=200, help="本次最多处理的条数")
        parser.add_argument("--timeout", type=float, default=10.0, help="每次发送的超时秒数")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due(limit=options["limit"], timeout=options["timeout"])
        self.stdout.write(f"已发送 {report.sent}，待重试 {report.retrying}，失败 {report.failed}")
