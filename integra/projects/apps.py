from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "integra.projects"
    label = "projects"
