"""A worker killed in the middle of an import: the database is as it was, the job is marked failed.

A real `integra worker` process (the configured queue: the database, or RQ when INTEGRA_REDIS_URL is set)
runs a large import; it is killed (SIGKILL, the worker and every process it started) once the job reports progress. The
import's transaction dies with it; the job's lease runs out and the stale-job pass marks it failed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from integra.core.pesel import generate
from integra.core.testing.postgres import end_other_sessions
from integra.core.testing.processes import kill_tree
from integra.jobs import services
from integra.jobs.models import JobStatus
from integra.outcomes.jobs import IMPORT
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.jobs]

INTEGRA = Path(sys.executable).with_name("integra")


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
        return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    name = str(settings["NAME"])
    if "memory" in name:
        pytest.skip("the worker process needs a database it can open (PostgreSQL, or INTEGRA_TEST_SQLITE=file)")
    return f"sqlite:///{name}"


def _big_sheet(rows: int) -> bytes:
    start = dt.date(1960, 1, 1)
    lines = []
    for i in range(rows):
        born = start + dt.timedelta(days=i % 9000)
        lines.append(row(c3=f"Anna{i}", c5=generate(born, "F", i // 9000 + 1), c8=born.strftime("%d.%m.%Y")))
    return csv_file(lines)


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_failed(coordinator, settings):
    url = _database_url()
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    job = services.start_job(
        actor=coordinator.membership,
        kind=IMPORT,
        upload=_big_sheet(30_000),
        params={"project": project.pk, "filename": "duzy.csv", "dry_run": False},
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "INTEGRA_JOB_FILES_DIR": str(settings.INTEGRA_JOB_FILES_DIR),
        "INTEGRA_JOB_HEARTBEAT_SECONDS": "1",
    }
    worker = subprocess.Popen(
        [str(INTEGRA), "worker", "--supervise-every", "600"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:  # waiting for the import to be under way, not timing it
            job.refresh_from_db()
            if job.status != JobStatus.QUEUED and (job.done > 0 or connection.vendor == "sqlite"):
                break
            time.sleep(0.2)
    finally:
        kill_tree(worker.pid)  # the worker and, under RQ, the work horse it forked into a group of its own
        worker.wait(60)
        end_other_sessions()  # the killed worker's backend may still be mid-statement; see its docstring
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and (job.done > 0 or connection.vendor == "sqlite")  # nobody noticed yet
    assert (Participant.objects.count(), Participation.objects.count(), SheetImport.objects.count()) == (0, 0, 0)

    assert services.fail_stale_jobs(now=job.lease_until + dt.timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith("Proces wykonujący to zadanie zatrzymał się")
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "Uruchom zadanie jeszcze raz." in page
    assert (Participant.objects.count(), Participation.objects.count()) == (0, 0)
