from django.contrib import admin

from huiying.alerts.models import Alert, Channel, Delivery, EventTier, TierPolicy


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "enabled", "unit"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "tier", "dedup_key"]


admin.site.register([TierPolicy, EventTier, Delivery])
