from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "integra.support"
    label = "support"
