"""Read-only admin views: cases change only through huiying.cases.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from huiying.cases.models import Case, CaseClock, CaseNotice


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(_ReadOnly):
    list_display = ("title", "tier", "step", "unit", "owner", "opened_at", "closed_at")
    list_filter = ("step", "tier", "unit")
    search_fields = ("title", "event_key")


@admin.register(CaseClock)
class CaseClockAdmin(_ReadOnly):
    list_display = ("case", "step", "mode", "deadline", "warned_at", "escalated_at", "done_at")


@admin.register(CaseNotice)
class CaseNoticeAdmin(_ReadOnly):
    list_display = ("case", "kind", "to", "at", "read_at")
