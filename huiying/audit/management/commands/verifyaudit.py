from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huiying.audit.services import verify_chain


class Command(BaseCommand):
    help = "校验审计日志的哈希链是否完整（Verify the audit log's hash chain）。"

    def handle(self, *args: Any, **options: Any) -> None:
        ok, _count, message = verify_chain()
        if not ok:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))
