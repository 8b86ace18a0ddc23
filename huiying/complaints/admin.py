"""Read-only admin views: complaints change only through huiying.complaints.services."""

from __future__ import annotations

from django.contrib import admin

from huiying.complaints.models import AssignmentRule, Complaint
from huiying.web.readonly_admin import ReadOnlyAdmin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("channel", "external_id", "title", "category", "unit", "status", "due_at")
    list_filter = ("status", "channel", "unit")
    search_fields = ("external_id", "title")


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "category", "keywords", "priority", "enabled")
