from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q
from django.utils import timezone

from huiying.org.models import Unit
from huiying.sources.models import Source, SourceKind
from huiying.sources.services import create_source, refresh_source


class Command(BaseCommand):
    help = "管理信息源：add 添加 / list 列出 / refresh 立即刷新（Manage sources）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="添加信息源 (add a source)")
        add.add_argument("name", help="名称")
        add.add_argument("url", help="订阅源/网页地址，或导入文件路径")
        add.add_argument(
            "--kind", choices=SourceKind.values, default=SourceKind.FEED, help="类型，默认 feed"
        )
        add.add_argument("--unit", required=True, help="所属单位代码 (unit code)")
        add.add_argument("--interval", type=int, default=900, help="轮询间隔秒数，默认 900")
        sub.add_parser("list", help="列出信息源及其健康状况 (list sources with health)")
        refresh = sub.add_parser("refresh", help="立即刷新 (refresh now)")
        refresh.add_argument("sources", nargs="*", help="信息源名称或编号；省略则刷新全部已启用的")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        getattr(self, f"do_{action}")(**opts)

    def do_add(self, *, name: str, url: str, kind: str, unit: str, interval: int, **_: Any) -> None:
        try:
            owner = Unit.objects.get(code=unit)
        except Unit.DoesNotExist as exc:
            raise CommandError(f"未知单位代码：{unit}") from exc
        try:
            source = create_source(
                name=name, kind=kind, url=url, unit=owner, poll_interval=interval
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已添加信息源 #{source.pk} {source.name}"))

    def do_list(self, **_: Any) -> None:
        since = timezone.now() - timezone.timedelta(hours=24)
        rows = Source.objects.annotate(
            day=Count("items", filter=Q(items__fetched_at__gte=since))
        ).order_by("id")
        for s in rows:
            state = (
                "正常"
                if not s.consecutive_failures
                else f"失败×{s.consecutive_failures}：{s.last_error}"
            )
            if not s.consecutive_failures and s.last_warning:
                state = f"正常（警告：{s.last_warning}）"
            if not s.enabled:
                state = "已停用"
            last = (
                timezone.localtime(s.last_success_at).strftime("%m-%d %H:%M")
                if s.last_success_at
                else "—"
            )
            self.stdout.write(
                f"#{s.pk}\t{s.name}\t{s.get_kind_display()}\t24小时 {s.day} 条\t最近成功 {last}\t{state}"
            )

    def do_refresh(self, *, sources: list[str], **_: Any) -> None:
        qs = (
            Source.objects.filter(enabled=True)
            if not sources
            else Source.objects.filter(
                Q(name__in=sources) | Q(pk__in=[int(s) for s in sources if s.isdigit()])
            )
        )
        if sources and not qs.exists():
            raise CommandError("没有找到这些信息源：" + "、".join(sources))
        failed = 0
        for source in qs.order_by("id"):
            outcome = refresh_source(source.pk)
            failed += not outcome.ok
            self.stdout.write(f"{source.name}：{outcome.summary()}")
        if failed:
            raise CommandError(f"{failed} 个信息源刷新失败。")
