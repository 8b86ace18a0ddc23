from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "huiying.reports"
    label = "reports"
    verbose_name = "报告"
