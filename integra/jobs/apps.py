from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "integra.jobs"
    label = "jobs"
