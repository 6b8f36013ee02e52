from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "integra.planning"
    label = "planning"
