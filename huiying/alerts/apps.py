from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "huiying.alerts"
    label = "alerts"
    verbose_name = "预警"
