"""A job's uploaded file (a sheet of personal data) does not outlive the job: it is deleted when the job ends,
however it ends, and the periodic sweep deletes what an end that never came left behind (issue 24)."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone

from integra.jobs import periodic, registry, services
from integra.jobs.jobs import SWEEP_FILES
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]

SHEET = "PESEL;Imię\n85031412345;Anna\n".encode()


def _files(root, folder="in") -> list[str]:
    path = root / folder
    return sorted(p.name for p in path.iterdir()) if path.exists() else []


def _age(root, name: str, hours: float) -> None:
    moment = (timezone.now() - timezone.timedelta(hours=hours)).timestamp()
    os.utime(root / name, (moment, moment))


@pytest.mark.parametrize("kind", ["tests.count", "tests.refuse", "tests.crash"])
def test_a_job_that_ends_in_any_way_deletes_its_uploaded_file(coordinator, test_kinds, job_files, kind):
    job = services.start_job(actor=coordinator.membership, kind=kind, params={"n": 2}, upload=SHEET)
    assert job.input_file and (job_files / job.input_file).exists()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.input_file == "" and _files(job_files) == []


def test_a_job_whose_worker_was_killed_loses_its_uploaded_file_with_its_lease(coordinator, test_kinds, job_files):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, upload=SHEET)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, lease_until=now, worker="killed:1")
    assert _files(job_files) != []
    assert services.fail_stale_jobs(now=now + timezone.timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert (job.status, job.input_file) == (JobStatus.FAILED, "")
    assert _files(job_files) == []


def test_the_sweep_abandons_a_job_no_worker_took_and_deletes_its_file(coordinator, test_kinds, job_files, settings):
    settings.INTEGRA_JOB_LEFTOVER_HOURS = 24
    old = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, upload=SHEET)
    fresh = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 2}, upload=SHEET)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(hours=25))
    assert services.sweep_files() == {"abandoned": 1, "files": 0}
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.input_file) == (JobStatus.FAILED, "")
    assert old.error.startswith("Żaden proces roboczy nie podjął tego zadania")
    assert fresh.status == JobStatus.QUEUED and (job_files / fresh.input_file).exists()  # still waiting: kept
    assert _files(job_files) == [fresh.input_file.split("/")[1]]
    assert run_job(old.pk) == "skipped"  # an abandoned job never runs later without its file


def test_the_sweep_deletes_files_no_job_names_once_they_are_old(coordinator, test_kinds, job_files, settings):
    settings.INTEGRA_JOB_LEFTOVER_HOURS = 24
    waiting = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, upload=SHEET)
    done = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 3})
    run_job(done.pk)
    done.refresh_from_db()
    (job_files / "in").mkdir(exist_ok=True)
    for name in ("in/9-orphan-old.csv", "in/9-orphan-new.csv", "out/9-half-written.xlsx"):
        (job_files / name).write_bytes(SHEET)
    for name in ("in/9-orphan-old.csv", "out/9-half-written.xlsx", waiting.input_file, done.result_file):
        _age(job_files, name, 25)
    assert services.sweep_files() == {"abandoned": 0, "files": 2}
    assert _files(job_files) == sorted(["9-orphan-new.csv", waiting.input_file.split("/")[1]])
    assert _files(job_files, "out") == [done.result_file.split("/")[1]]  # a finished job's result stays
    assert services.sweep_files() == {"abandoned": 0, "files": 0}  # a second turn finds nothing


def test_the_sweep_is_periodic_work_of_the_worker(coordinator, test_kinds, job_files, settings, queue):
    settings.INTEGRA_JOB_SWEEP_EVERY_SECONDS = 3600
    work = registry.periodic()[SWEEP_FILES]
    assert work.interval() == 3600
    (job_files / "in").mkdir(parents=True, exist_ok=True)
    (job_files / "in/5-orphan.csv").write_bytes(SHEET)
    _age(job_files, "in/5-orphan.csv", settings.INTEGRA_JOB_LEFTOVER_HOURS + 1)
    assert SWEEP_FILES in periodic.enqueue_due()
    queue.drain()
    assert _files(job_files) == []
