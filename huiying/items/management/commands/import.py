from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huiying.core.entries import ParseError
from huiying.sources.models import Source
from huiying.sources.services import import_file


class Command(BaseCommand):
    help = (
        "导入 CSV/JSONL 文件到导入类信息源（Import a CSV/JSONL file; see docs/import-format.md）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV 或 JSONL 文件")
        parser.add_argument("--source", required=True, help="导入类信息源的名称或编号")

    def handle(self, *args: Any, file: str, source: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        target = Source.objects.filter(pk=int(source)).first() if source.isdigit() else None
        target = target or Source.objects.filter(name=source).first()
        if target is None:
            raise CommandError(f"没有名为 {source} 的信息源。")
        try:
            report = import_file(target, path.read_bytes(), path.name)
        except ParseError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(report.summary())
        for err in report.errors:
            self.stderr.write(f"第 {err.line} 行：{err.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} 行未导入。")
