from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网页界面（Serve the web UI with waitress）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--listen", default=settings.HUIYING_LISTEN, help="监听地址，默认 127.0.0.1:8000"
        )
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, listen: str, threads: int, **options: Any) -> None:
        from waitress import serve

        from huiying.wsgi import application

        self.stdout.write(f"网页界面：http://{listen}/")
        # SIGTERM (from `huiying run` or systemd) stops like Ctrl-C does.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            serve(application, listen=listen, threads=threads, ident="huiying")
        except KeyboardInterrupt:
            self.stdout.write("网页界面已停止 (web stopped)")
