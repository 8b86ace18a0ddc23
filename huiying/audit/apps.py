from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "huiying.audit"
    label = "audit"
    verbose_name = "审计"
