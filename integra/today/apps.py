from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "integra.today"
    label = "today"
