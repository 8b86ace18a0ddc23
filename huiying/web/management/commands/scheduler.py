from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from huiying.sources.scheduler import enqueue_due


class Command(BaseCommand):
    help = "调度器：定时把到期的信息源刷新任务加入队列（Scheduler: queue due source refreshes）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--tick", type=float, default=5.0, help="检查间隔秒数 (seconds between checks)"
        )
        parser.add_argument(
            "--once", action="store_true", help="只检查一次后退出 (check once and exit)"
        )

    def handle(self, *args: Any, tick: float, once: bool, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write("调度器已启动 (scheduler started)")
        while not stop.is_set():
            try:
                enqueue_due()
            except Exception as exc:  # keep ticking: a DB hiccup must not stop scheduling
                self.stderr.write(f"调度出错：{exc}")
            if once:
                break
            stop.wait(tick)
        self.stdout.write("调度器已停止 (scheduler stopped)")
