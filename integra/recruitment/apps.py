from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "integra.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from integra.people.timeline import register_section
        from integra.recruitment.timeline import applications_section

        register_section(applications_section, order=25)
