from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "huiying.web"
    label = "web"
    verbose_name = "界面"
