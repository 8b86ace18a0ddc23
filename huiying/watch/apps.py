from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "huiying.watch"
    label = "watch"
    verbose_name = "监测专题"
