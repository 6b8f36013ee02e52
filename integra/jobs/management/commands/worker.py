"""`integra worker`: run a job worker for the configured queue (the database, or RQ with INTEGRA_REDIS_URL).

Beside the queue's own worker loop a supervisor thread, every few seconds, marks failed the jobs whose
worker died (their lease ran out), queues again the jobs the queue does not hold (it was down when they
were started, or lost them) and queues the periodic work whose turn has come (`integra.jobs.periodic`, e.g.
sending the reminders that are due, integra.outreach). Start-up stays light: the job kinds are imported when the first job runs.

The database queue's worker (django-tasks-db's `db_worker`) ends on the first database error; when the
database restarts under it, `integra worker` reconnects instead (waiting a little longer each try), marks
failed the job it held (its transaction was rolled back) and the queue's own record of it, and goes on.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, connection, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger("integra.jobs")
# Seconds between tries to reach the database again after it went away (the last one repeats).
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)
DATABASE_GONE = (DatabaseError, InterfaceError)


class Supervisor(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="jobs-supervisor", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        from integra.jobs import periodic, services

        try:
            while True:
                try:
                    services.fail_stale_jobs()
                    services.enqueue_waiting()
                    periodic.enqueue_due()
                except DATABASE_GONE:
                    logger.warning("job supervisor pass failed; trying again", exc_info=True)
                    with contextlib.suppress(*DATABASE_GONE):
                        connection.close()  # a connection the server ended: the next pass opens a new one
                if self.stopped.wait(self.interval):
                    return
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run a job worker (the database queue by default, RQ on Redis when INTEGRA_REDIS_URL is set)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--burst", action="store_true", help="run the jobs waiting now, then exit")
        parser.add_argument("--max-jobs", type=int, default=None, help="exit after this many jobs")
        parser.add_argument(
            "--supervise-every",
            type=float,
            default=10.0,
            help="seconds between passes that fail dead jobs and re-queue waiting ones (default 10)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        supervisor = Supervisor(options["supervise_every"])
        supervisor.start()
        try:
            if settings.INTEGRA_REDIS_URL:
                self._rq(options)
            else:
                self._database(options)
        finally:
            supervisor.stopped.set()

    def _database(self, options: dict[str, Any]) -> None:
        worker_id = get_random_string(32)  # the queue's record of a task this worker ran names it
        argv = ["--queue-name", "default", "--interval", "0.5", "--no-startup-delay", "--no-reload"]
        argv += ["--worker-id", worker_id]
        if options["burst"]:
            argv.append("--batch")
        if options["max_jobs"]:
            argv += ["--max-tasks", str(options["max_jobs"])]
        while True:
            try:
                call_command("db_worker", *argv, verbosity=options["verbosity"])
                return
            except DATABASE_GONE:
                logger.warning("the database connection ended; the worker reconnects", exc_info=True)
                _recover(worker_id)

    def _rq(self, options: dict[str, Any]) -> None:
        argv = ["default", "--job-class", "django_tasks_rq.Job"]
        if options["burst"]:
            argv.append("--burst")
        if options["max_jobs"]:
            argv += ["--max-jobs", str(options["max_jobs"])]
        call_command("rqworker", *argv, verbosity=options["verbosity"])


def _recover(worker_id: str) -> None:
    """Wait for the database, then fail what this worker held when it went away: the Job (never left
    running) and the queue's record of the task."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from integra.jobs import services
    from integra.jobs.runner import worker_name

    for attempt in itertools.count():
        with contextlib.suppress(*DATABASE_GONE):
            connections.close_all()
        time.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
        try:
            services.fail_interrupted(worker_name())
            held = [
                task.pk
                for task in DBTaskResult.objects.running().only("pk", "worker_ids")
                if worker_id in (task.worker_ids or [])
            ]
            DBTaskResult.objects.filter(pk__in=held).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
        except DATABASE_GONE:
            continue
        logger.warning("the database answers again; the worker goes on")
        return
