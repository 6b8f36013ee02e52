from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "integra.projects"
    label = "projects"

    def ready(self) -> None:
        from integra.people.timeline import register_section
        from integra.projects.timeline import projects_section

        register_section(projects_section, order=20)
