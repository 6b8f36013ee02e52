from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "integra.outcomes"
    label = "outcomes"
