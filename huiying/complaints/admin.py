"""Read-only admin views: complaints change only through huiying.complaints.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from huiying.complaints.models import AssignmentRule, Complaint


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(_ReadOnly):
    list_display = ("channel", "external_id", "title", "category", "unit", "status", "due_at")
    list_filter = ("status", "channel", "unit")
    search_fields = ("external_id", "title")


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(_ReadOnly):
    list_display = ("name", "unit", "category", "keywords", "priority", "enabled")
