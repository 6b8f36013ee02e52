"""A dry run of a large sheet as a job on SQLite (issue 24): 50,000 rows failed with „database is locked”.

The dry run read inside the job's transaction and wrote its record at the end; on SQLite (WAL) a transaction
that has read cannot start writing once another connection has committed since its first read — and the
job's heartbeat commits the progress every two seconds on its own connection — so SQLite refused the write at
once, whatever its busy timeout. A dry run now reads in a transaction of its own and writes its record after it.

Here the other connection commits deterministically, from the progress callback, after the import has read
(more rows than one chunk, so the people lookup has run). The test needs a database file or a server; on
PostgreSQL it proves the same flow there."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connections

from integra.core.pesel import generate
from integra.jobs import services as job_services
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import JobContext, run_job
from integra.outcomes.importer import CHUNK
from integra.outcomes.jobs import IMPORT
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.projects.tests.factories import ProjectFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.jobs,
    pytest.mark.skipif(
        "sqlite" in django_settings.DATABASES["default"]["ENGINE"]
        and not django_settings.DATABASES["default"].get("TEST", {}).get("NAME"),
        reason="needs a database file or server (the in-memory test database locks whole tables)",
    ),
]


def _commit_elsewhere(job_id: int, done: int) -> None:
    """What the heartbeat does: write the job's progress on another connection, and commit."""

    def write() -> None:
        try:
            Job.objects.filter(pk=job_id).update(done=done)
        finally:
            connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def test_a_dry_run_job_finishes_while_another_connection_commits(coordinator, monkeypatch, settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    size = CHUNK + 500
    data = csv_file([row(c3=f"Anna{i}", c5=generate(dt.date(1985, 3, 14), "F", i)) for i in range(size)])
    job = job_services.start_job(
        actor=coordinator.membership,
        kind=IMPORT,
        params={"project": project.pk, "filename": "lista.csv", "dry_run": True},
        upload=data,
    )
    progress = JobContext.progress
    commits = []

    def progress_and_commit(ctx, done, total=None):
        progress(ctx, done, total)
        if done > CHUNK and not commits:  # the import has read the people of its first chunk
            _commit_elsewhere(ctx.job.pk, done)
            commits.append(done)

    monkeypatch.setattr(JobContext, "progress", progress_and_commit)
    assert run_job(job.pk) == JobStatus.DONE, Job.objects.get(pk=job.pk).error
    assert commits
    job.refresh_from_db()
    assert job.result["dry_run"] is True and job.result["read"] == size and job.result["created"] == size
    assert SheetImport.objects.get(pk=job.result["sheet_import"]).dry_run
