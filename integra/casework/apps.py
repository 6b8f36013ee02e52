from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "integra.casework"
    label = "casework"
