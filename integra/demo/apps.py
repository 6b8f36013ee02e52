from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "integra.demo"
    label = "demo"
