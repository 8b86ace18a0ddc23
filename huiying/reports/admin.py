from django.contrib import admin

from huiying.reports.models import Report, ReportDelivery, ReportSchedule
from huiying.web.readonly_admin import ReadOnlyAdmin


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "period_label", "unit", "generated_at")


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ReadOnlyAdmin):
    list_display = ("kind", "unit", "at", "enabled", "last_run_on")


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("report", "recipient", "channel", "status", "at")
