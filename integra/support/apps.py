from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "integra.support"
    label = "support"

    def ready(self) -> None:
        try:
            from integra.people.timeline import register_section
        except ImportError:  # the participant page without contributed sections: support/_participant_support.html
            return
        from integra.support.timeline import support_section

        register_section(support_section, order=50)
