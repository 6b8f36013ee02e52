from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "integra.core"
    label = "core"
    verbose_name = "Integra core"

    def ready(self) -> None:
        from integra.core.collation import register_sqlite

        connection_created.connect(register_sqlite, dispatch_uid="integra_polish_collation")
        from integra.core import replica

        if replica.configured():  # a frozen reporting replica must not hang a report
            connection_created.connect(replica.guard, dispatch_uid="integra_replica_watchdog")
