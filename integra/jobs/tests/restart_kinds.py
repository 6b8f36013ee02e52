"""Two job kinds for `test_worker_database_restart.py`, and the commands its processes run.

    python -m integra.jobs.tests.restart_kinds worker        `integra worker` (the database queue) with the kinds
    python -m integra.jobs.tests.restart_kinds start KIND    a coordinator starts a job of KIND; prints its id

`tests.waits` waits in the database (`pg_sleep`) until the database goes away under it; `tests.counts` counts.
"""

from __future__ import annotations

import os
import sys


def _waits(ctx) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(600)")


def _counts(ctx) -> None:
    ctx.progress(3, 3)
    ctx.result = {"counted": 3}


def register() -> None:
    from integra.core.permissions import can_view_own_jobs
    from integra.jobs import registry

    registry.register(registry.JobKind("tests.waits", "Waits in the database", can_view_own_jobs, _waits))
    registry.register(registry.JobKind("tests.counts", "Counts", can_view_own_jobs, _counts))


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
    import django

    django.setup()
    register()
    from django.core.management import call_command

    if argv[0] == "worker":
        call_command("worker", "--supervise-every", "600")
        return
    from integra.institutions.models import Membership
    from integra.institutions.tests.factories import MembershipFactory
    from integra.jobs import services

    membership = Membership.objects.first() or MembershipFactory()
    print(services.start_job(actor=membership, kind=argv[1], params={}).pk)


if __name__ == "__main__":
    main(sys.argv[1:])
