from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "huiying.org"
    label = "org"
    verbose_name = "组织"
