"""Read-only admin: events change only through the pages (services write the audit log
and keep every process's grouping in step)."""

from django.contrib import admin

from huiying.events.models import Event, EventCorrection


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ("id", "title", "item_count", "source_count", "heat", "last_seen")
    search_fields = ("title",)


@admin.register(EventCorrection)
class EventCorrectionAdmin(ReadOnly):
    list_display = ("id", "kind", "event", "actor", "at", "after_item_id")
    list_select_related = ("event", "actor")
