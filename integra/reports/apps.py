from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "integra.reports"
    label = "reports"
