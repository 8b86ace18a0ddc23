from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from huiying.items.search import search_items

_MARK = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = '搜索信息：词语全部出现；"引号" 表示短语；-词 表示排除（Search items）。'

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", nargs="+")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument(
            "--source", type=int, action="append", help="只搜索该信息源编号（可重复）"
        )

    def handle(
        self, *args: Any, query: list[str], limit: int, source: list[int] | None, **opts: Any
    ) -> None:
        result = search_items(" ".join(query), limit=limit, source_ids=source)
        for hit in result.hits:
            when = timezone.localtime(hit.item.when).strftime("%Y-%m-%d %H:%M")
            title = _MARK.sub("", hit.title_html).replace("&quot;", '"')
            self.stdout.write(f"[{hit.item.pk}] {when} {hit.item.source.name} | {title}")
        self.stdout.write(f"共 {len(result.hits)} 条{'（还有更多）' if result.more else ''}")
