from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "huiying.ledger"
    label = "ledger"
    verbose_name = "责任制台账"
