from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from huiying.org.models import Role, Unit
from huiying.org.services import create_staff_user, create_unit


class Command(BaseCommand):
    help = "创建第一个管理员账号（Create the first administrator）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", help="不提供时交互输入 (prompted when omitted)")
        parser.add_argument("--display-name", default="系统管理员")

    def handle(
        self, *args: Any, username: str, password: str | None, display_name: str, **options: Any
    ) -> None:
        if password is None:
            password = getpass.getpass("密码 (password): ")
            if password != getpass.getpass("再次输入 (again): "):
                raise CommandError("两次输入的密码不一致。")
        if len(password) < 8:
            raise CommandError("密码至少需要 8 个字符。")
        try:
            with transaction.atomic():
                office = Unit.objects.filter(is_office=True).first() or create_unit(
                    code="office", name="新闻宣传办公室", is_office=True
                )
                create_staff_user(
                    username=username,
                    password=password,
                    role=Role.ADMIN,
                    units=[office],
                    display_name=display_name,
                )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"已创建管理员 {username}。"))
