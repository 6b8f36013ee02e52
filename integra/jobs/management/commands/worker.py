"""`integra worker`: run a job worker for the configured queue (the database, or RQ with INTEGRA_REDIS_URL).

Beside the queue's own worker loop a supervisor thread, every few seconds, marks failed the jobs whose
worker died (their lease ran out) and queues again the jobs the queue does not hold (it was down when they
were started, or lost them). Start-up stays light: the job kinds are imported when the first job runs.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

logger = logging.getLogger("integra.jobs")


class Supervisor(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="jobs-supervisor", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        from integra.jobs import services

        try:
            while True:
                try:
                    services.fail_stale_jobs()
                    services.enqueue_waiting()
                except DatabaseError:
                    logger.warning("job supervisor pass failed; trying again", exc_info=True)
                if self.stopped.wait(self.interval):
                    return
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run a job worker (the database queue by default, RQ on Redis when INTEGRA_REDIS_URL is set)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--burst", action="store_true", help="run the jobs waiting now, then exit")
        parser.add_argument("--max-jobs", type=int, default=None, help="exit after this many jobs")
        parser.add_argument("--supervise-every", type=float, default=10.0,
                            help="seconds between passes that fail dead jobs and re-queue waiting ones (default 10)")

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
        argv = ["--queue-name", "default", "--interval", "0.5", "--no-startup-delay", "--no-reload"]
        if options["burst"]:
            argv.append("--batch")
        if options["max_jobs"]:
            argv += ["--max-tasks", str(options["max_jobs"])]
        call_command("db_worker", *argv, verbosity=options["verbosity"])

    def _rq(self, options: dict[str, Any]) -> None:
        argv = ["default", "--job-class", "django_tasks_rq.Job"]
        if options["burst"]:
            argv.append("--burst")
        if options["max_jobs"]:
            argv += ["--max-jobs", str(options["max_jobs"])]
        call_command("rqworker", *argv, verbosity=options["verbosity"])
