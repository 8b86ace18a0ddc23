from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "后台工作进程：执行队列中的任务（Worker: run queued tasks; any number may run at once）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="空闲时轮询队列的间隔秒数")
        parser.add_argument(
            "--batch", action="store_true", help="处理完现有任务后退出 (drain the queue, then exit)"
        )

    def handle(self, *args: Any, interval: float, batch: bool, **options: Any) -> None:
        from django.utils import timezone

        from huiying.events.grouping import warm

        # Rebuild event grouping before taking work, not while holding the writer lock.
        warm(timezone.now())
        extra = ["--batch"] if batch else []
        call_command("db_worker", "--interval", str(interval), "--no-startup-delay", *extra)
