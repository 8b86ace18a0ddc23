from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "huiying.complaints"
    label = "complaints"
    verbose_name = "诉求"
