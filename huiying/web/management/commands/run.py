from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "一键运行：迁移数据库、载入演示单位、启动演示订阅源服务器、调度器、工作进程和网页界面；"
        "Ctrl-C 全部停止（Run everything on the embedded default; Ctrl-C stops all）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo", action="store_true", help="不载入演示数据、不启动演示订阅源"
        )
        parser.add_argument("--listen", default=settings.HUIYING_LISTEN, help="网页监听地址")
        parser.add_argument("--feed-port", type=int, default=8765, help="演示订阅源服务器端口")

    def handle(
        self, *args: Any, no_demo: bool, listen: str, feed_port: int, **options: Any
    ) -> None:
        self.stdout.write("正在准备数据库…")
        call_command("migrate", interactive=False, verbosity=0)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        feed_server = None
        if not no_demo:
            feed_server = self._start_demo(feed_port)
            # The demo feeds live on loopback, which the SSRF guard refuses by default.
            env["HUIYING_FETCH_ALLOW_NETWORKS"] = "127.0.0.0/8"
        base = [sys.executable, "-m", "huiying.cli"]
        # Two workers: a slow source (up to its fetch deadline) never holds up the others.
        children = [
            subprocess.Popen([*base, "worker"], env=env),
            subprocess.Popen([*base, "worker"], env=env),
            subprocess.Popen([*base, "scheduler"], env=env),
            subprocess.Popen([*base, "web", "--listen", listen], env=env),
        ]
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(self.style.SUCCESS(f"\n回应 huiying 已启动：http://{listen}/"))
        if not no_demo:
            from huiying.demo.office import DEMO_PASSWORD

            self.stdout.write(
                f"演示登录 (demo login)：用户名 admin / monitor / leader，密码 {DEMO_PASSWORD}"
            )
        self.stdout.write("按 Ctrl-C 停止 (press Ctrl-C to stop)\n")
        while not stop.is_set():
            if any(child.poll() is not None for child in children):
                self.stderr.write("有子进程意外退出，正在停止全部进程。")
                break
            stop.wait(1.0)
        self.stdout.write("正在停止…")
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if feed_server is not None:
            feed_server.stop()
        self.stdout.write(f"已停止。数据保存在 {settings.DATA_DIR}")

    def _start_demo(self, port: int) -> Any:
        from huiying.demo.feedserver import DemoFeedServer
        from huiying.web.demo import load_demo, write_user_dictionary

        write_user_dictionary()
        server = DemoFeedServer(port=port, feed_interval_s=45.0)
        server.start()
        if load_demo(server.base_url):
            self.stdout.write("已载入演示单位、账号和信息源。")
        self.stdout.write(f"演示订阅源服务器：{server.base_url}")
        return server
