from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "huiying.sources"
    label = "sources"
    verbose_name = "信息源"
