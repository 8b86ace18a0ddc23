from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "huiying.items"
    label = "items"
    verbose_name = "信息"
