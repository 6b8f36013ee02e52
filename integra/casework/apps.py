from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "integra.casework"
    label = "casework"

    def ready(self) -> None:
        from integra.casework.timeline import casework_section
        from integra.people.timeline import register_section

        register_section(casework_section, order=30)
