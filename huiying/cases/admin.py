"""Read-only admin views: cases change only through huiying.cases.services."""

from __future__ import annotations

from django.contrib import admin

from huiying.cases.models import Case, CaseClock, CaseNotice
from huiying.web.readonly_admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("title", "tier", "step", "unit", "owner", "opened_at", "closed_at")
    list_filter = ("step", "tier", "unit")
    search_fields = ("title", "event_title")


@admin.register(CaseClock)
class CaseClockAdmin(ReadOnlyAdmin):
    list_display = ("case", "step", "mode", "deadline", "warned_at", "escalated_at", "done_at")


@admin.register(CaseNotice)
class CaseNoticeAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "to", "at", "read_at")
