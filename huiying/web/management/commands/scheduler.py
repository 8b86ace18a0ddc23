from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from huiying.alerts.delivery import send_due
from huiying.cases.clocks import run_clocks
from huiying.sources.scheduler import enqueue_due


def _periodic_jobs() -> list[tuple[str, float, Callable[[], object]]]:
    """(name, every seconds, job). Each job is idempotent and safe from several processes.

    Besides the core jobs, any installed huiying app may offer its own in a `periodic`
    module with a `jobs()` function returning the same triples.
    """
    jobs: list[tuple[str, float, Callable[[], object]]] = [
        ("sources", 5.0, enqueue_due),
        ("case clocks", 60.0, run_clocks),
        ("alert deliveries", 30.0, send_due),
    ]
    for config in apps.get_app_configs():
        if config.name.startswith("huiying.") and module_has_submodule(config.module, "periodic"):
            jobs.extend(import_module(f"{config.name}.periodic").jobs())
    return jobs


class Command(BaseCommand):
    help = "调度器：定时把到期的信息源刷新加入队列，检查处置时限（Scheduler: queue due refreshes, check case clocks）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--tick", type=float, default=5.0, help="检查间隔秒数 (seconds between checks)"
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="每项任务只运行一次后退出 (run each job once, then exit)",
        )

    def handle(self, *args: Any, tick: float, once: bool, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        jobs = _periodic_jobs()
        last_run = {name: float("-inf") for name, _, _ in jobs}
        self.stdout.write("调度器已启动 (scheduler started)")
        while not stop.is_set():
            for name, every, job in jobs:
                if once or time.monotonic() - last_run[name] >= every:
                    last_run[name] = time.monotonic()
                    try:
                        job()
                    except Exception as exc:  # keep ticking: a DB hiccup must not stop scheduling
                        self.stderr.write(f"调度任务 {name} 出错：{exc}")
            if once:
                break
            stop.wait(tick)
        self.stdout.write("调度器已停止 (scheduler stopped)")
