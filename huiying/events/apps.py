from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "huiying.events"
    label = "events"
    verbose_name = "事件"
