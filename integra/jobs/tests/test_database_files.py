"""Job files kept in the database (INTEGRA_FILES_URL=database:, PostgreSQL's default): a sheet uploaded on one
host is read by a worker on another, in chunks; it is deleted with its job and swept like a file in the folder
(issue 26, point 8). The folder store's own tests are test_files.py."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from django.utils import timezone

from integra.core.permissions import can_view_own_jobs
from integra.jobs import registry, services, storage
from integra.jobs.models import Job, JobFileChunk, JobStatus
from integra.jobs.runner import run_job

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]

SHEET = "PESEL;Imię\n85031412345;Anna\n".encode()


@pytest.fixture(autouse=True)
def in_database(settings, job_files):
    settings.INTEGRA_FILES_URL = "database:"
    yield
    assert not job_files.exists() or not any(job_files.rglob("*.*"))  # nothing was written to the folder


def _names(folder: str = "in") -> list[str]:
    return sorted(set(JobFileChunk.objects.filter(name__startswith=f"{folder}/").values_list("name", flat=True)))


def _large_kind(ctx) -> None:
    with ctx.result_path("duzy.csv", "text/csv") as path, open(path, "wb") as handle:
        handle.write(ctx.input_bytes() * 3)


@pytest.fixture
def large_kind():
    kind = registry.JobKind("tests.large", "Large", can_view_own_jobs, _large_kind)
    registry.register(kind)
    yield kind
    registry._KINDS.pop(kind.name, None)


def test_a_large_sheet_is_kept_in_chunks_read_back_whole_and_its_result_downloaded(
    coordinator, large_kind, monkeypatch
):
    monkeypatch.setattr(storage, "CHUNK_BYTES", 1000)
    sheet = SHEET + b"".join(f"850314{i:05d};Ewa\n".encode() for i in range(400))  # 6,430 bytes: 7 chunks
    job = services.start_job(actor=coordinator.membership, kind="tests.large", params={}, upload=sheet)
    chunks = JobFileChunk.objects.filter(name=job.input_file)
    assert list(chunks.order_by("seq").values_list("seq", flat=True)) == list(range(7))
    assert storage.job_storage().size(job.input_file) == len(sheet)
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.input_file, _names("in")) == (JobStatus.DONE, "", [])  # the sheet went with its end
    assert _names("out") == [job.result_file] and JobFileChunk.objects.filter(name=job.result_file).count() == 20
    response = coordinator.client.get(reverse("jobs:job-file", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == sheet * 3


@pytest.mark.parametrize("kind", ["tests.count", "tests.refuse", "tests.crash"])
def test_a_job_that_ends_in_any_way_deletes_its_uploaded_chunks(coordinator, test_kinds, kind):
    job = services.start_job(actor=coordinator.membership, kind=kind, params={"n": 2}, upload=SHEET)
    assert _names() == [job.input_file]
    with storage.job_storage().open(job.input_file) as handle:
        assert handle.read() == SHEET
    run_job(job.pk)
    job.refresh_from_db()
    assert job.input_file == "" and _names() == []
    assert _names("out") == ([job.result_file] if kind == "tests.count" else [])  # no half-written result


def test_an_empty_file_exists_and_a_missing_one_is_not_found():
    name = storage.save_bytes("in/1-empty.csv", b"")
    with storage.job_storage().open(name) as handle:
        assert handle.read() == b""
    storage.delete(name)
    with pytest.raises(FileNotFoundError):
        storage.job_storage().open(name)


def test_the_sweep_fails_stale_jobs_and_deletes_chunks_no_job_names(coordinator, test_kinds, settings):
    settings.INTEGRA_JOB_LEFTOVER_HOURS = 24
    old = timezone.now() - timezone.timedelta(hours=25)
    waiting = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, upload=SHEET)
    abandoned = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, upload=SHEET)
    Job.objects.filter(pk=abandoned.pk).update(created_at=old)
    for name in ("in/9-orphan-old.csv", "in/9-orphan-new.csv", "out/9-half-written.xlsx"):
        storage.save_bytes(name, SHEET)
    JobFileChunk.objects.filter(name__in=["in/9-orphan-old.csv", "out/9-half-written.xlsx", waiting.input_file]).update(
        created_at=old
    )
    assert services.sweep_files() == {"abandoned": 1, "files": 2}
    assert _names() == sorted(["in/9-orphan-new.csv", waiting.input_file]) and _names("out") == []
    assert services.sweep_files() == {"abandoned": 0, "files": 0}


def test_the_folder_is_the_embedded_default_and_the_database_postgresqls():
    from django.db import connection

    from integra import settings as project_settings

    default = project_settings.INTEGRA_FILES_URL  # as the environment left it, not as the fixture set it
    assert "INTEGRA_FILES_URL" in os.environ or default == (
        "database:" if connection.vendor == "postgresql" else "file:"
    )
