from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from huiying.api.models import ApiToken, Scope
from huiying.api.tokens import create_token, revoke_token
from huiying.org.models import Unit


class Command(BaseCommand):
    help = "管理接口令牌：create 创建 / list 列出 / revoke 吊销（Manage API tokens）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建令牌并显示一次 (create; prints the token once)")
        create.add_argument("name", help="名称，如“12345平台”")
        create.add_argument("--unit", required=True, help="所属单位代码 (unit code)")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="权限范围，可重复 (repeat for several)",
        )
        sub.add_parser("list", help="列出令牌 (list tokens; never their secrets)")
        revoke = sub.add_parser("revoke", help="吊销令牌 (revoke)")
        revoke.add_argument("name", help="令牌名称")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        getattr(self, f"do_{action}")(**opts)

    def do_create(self, *, name: str, unit: str, scope: list[str], **_: Any) -> None:
        owner = Unit.objects.filter(code=unit).first()
        if owner is None:
            raise CommandError(f"未知单位代码：{unit}")
        try:
            token, secret = create_token(name=name, unit=owner, scopes=scope)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stderr.write(
            f"已创建令牌“{token.name}”（{owner.name}，{'、'.join(token.scopes)}）。"
            "令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(secret)

    def do_list(self, **_: Any) -> None:
        for token in ApiToken.objects.select_related("unit").order_by("name"):
            state = "有效" if token.active else "已吊销"
            used = (
                timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M")
                if token.last_used_at
                else "—"
            )
            self.stdout.write(
                f"{token.name}\t{token.unit.code}\t{','.join(token.scopes)}\t"
                f"{token.prefix}…\t最近使用 {used}\t{state}"
            )

    def do_revoke(self, *, name: str, **_: Any) -> None:
        token = ApiToken.objects.filter(name=name).first()
        if token is None:
            raise CommandError(f"没有名为“{name}”的令牌。")
        try:
            revoke_token(token)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已吊销令牌“{name}”。"))
