from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "integra.api"
    label = "api"
