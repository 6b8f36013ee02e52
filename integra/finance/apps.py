from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "integra.finance"
    label = "finance"
