"""Read-mostly admin: rules are changed through the pages (services write the audit log)."""

from django.contrib import admin

from huiying.watch.models import RuleMatch, WatchRule


@admin.register(WatchRule)
class WatchRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "enabled", "version", "updated_at")
    list_filter = ("enabled", "unit")
    search_fields = ("name", "query")
    readonly_fields = [f.name for f in WatchRule._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(RuleMatch)
class RuleMatchAdmin(admin.ModelAdmin):
    list_display = ("rule", "item", "item_at", "matched_at")
    list_select_related = ("rule", "item")
    raw_id_fields = ("rule", "item")
    readonly_fields = ("rule", "item", "item_at", "matched_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
