from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "integra.outreach"
    label = "outreach"

    def ready(self) -> None:
        from integra.outreach import services
        from integra.support import changes

        changes.on_moved(services.notify_session_moved)
        changes.on_cancelled(services.notify_session_cancelled)
