"""Read-only admin: events change only through the pages (services write the audit log
and keep every process's grouping in step)."""

from django.contrib import admin

from huiying.events.models import Event, EventCorrection
from huiying.web.readonly_admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "item_count", "source_count", "heat", "last_seen")
    search_fields = ("title",)


@admin.register(EventCorrection)
class EventCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "event", "actor", "at", "after_item_id")
    list_select_related = ("event", "actor")
