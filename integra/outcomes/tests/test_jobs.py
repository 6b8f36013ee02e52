"""A large participant sheet is imported (and exported) as a job: progress, result, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integra.core.models import AccessLogEntry
from integra.core.pesel import generate
from integra.jobs import storage
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import build_project, row, xlsx_file, xlsx_values
from integra.people.models import Participant
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


@pytest.fixture(autouse=True)
def small_thresholds(settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    settings.INTEGRA_JOB_IMPORT_BYTES = 100  # every test sheet is "large"
    settings.INTEGRA_JOB_EXPORT_ROWS = 2


def _project(persona):
    return ProjectFactory(institution=persona.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))


def _rows(n):
    return [row(c3=f"Anna{i}", c5=generate(dt.date(1985, 3, 14), "F", 200 + i)) for i in range(n)]


def _upload(persona, project, data, key="k1", dry_run=False):
    payload = {"file": SimpleUploadedFile("lista.xlsx", data), "job_key": key}
    if dry_run:
        payload["dry_run"] = "on"
    return persona.client.post(reverse("outcomes:sheet-import", args=[project.pk]), payload)


def _file_bytes(job):
    with storage.job_storage().open(job.result_file) as handle:
        return handle.read()


def test_large_sheet_import_runs_as_a_job_with_progress_and_report(coordinator, django_capture_on_commit_callbacks):
    project = _project(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(coordinator, project, xlsx_file(_rows(3)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert (job.kind, job.params, job.status) == (
        "outcomes.sheet_import",
        {"project": project.pk, "filename": "lista.xlsx", "dry_run": False},
        JobStatus.QUEUED,
    )
    assert job.enqueued_at is not None and Participant.objects.count() == 0  # nothing done inside the request
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    record = SheetImport.objects.get()
    assert (job.done, job.total) == (3, 3)
    assert job.result == {
        "sheet_import": record.pk,
        "read": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "dry_run": False,
    }
    assert Participant.objects.count() == 3 and record.user == coordinator.user and job.input_file == ""
    page = coordinator.client.get(response["Location"]).content.decode()
    assert reverse("outcomes:sheet-import-report", args=[record.pk]) in page and 'id="job-report"' in page


def test_double_submit_of_the_same_form_imports_once(coordinator, django_capture_on_commit_callbacks):
    project = _project(coordinator)
    data = xlsx_file(_rows(2))
    with django_capture_on_commit_callbacks(execute=True):
        first = _upload(coordinator, project, data, key="same")
        second = _upload(coordinator, project, data, key="same")
    assert first["Location"] == second["Location"] and Job.objects.count() == 1
    job = Job.objects.get()
    assert run_job(job.pk) == JobStatus.DONE and run_job(job.pk) == "skipped"
    assert Participant.objects.count() == 2 and SheetImport.objects.count() == 1


def test_a_sheet_with_a_bad_row_writes_nothing_and_fails_in_polish(coordinator):
    project = _project(coordinator)
    before = (Participant.objects.count(), Participation.objects.count(), SheetImport.objects.count())
    rows = [*_rows(2), row(c3="Jan", c4="Zły", c5="85031412346")]
    _upload(coordinator, project, xlsx_file(rows))
    job = Job.objects.get()
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert (Participant.objects.count(), Participation.objects.count(), SheetImport.objects.count()) == before
    assert job.error.startswith("1 wiersz z 3 zawiera błędy, więc niczego nie zaimportowano.")
    assert job.result["problems"] == [[4, ["PESEL: 85031412346 ma błędną cyfrę kontrolną"]]]
    values = xlsx_values(_file_bytes(job))
    assert values[1][3] == "Zły" and values[1][-1] == "PESEL: 85031412346 ma błędną cyfrę kontrolną"
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "1 wiersz z 3 zawiera błędy" in page and "wiersz 4: PESEL: 85031412346 ma błędną cyfrę kontrolną" in page


def test_a_dry_run_job_saves_nothing_and_its_apply_is_a_job_too(coordinator):
    project = _project(coordinator)
    _upload(coordinator, project, xlsx_file(_rows(2)), dry_run=True)
    dry_job = Job.objects.get()
    assert run_job(dry_job.pk) == JobStatus.DONE
    dry = SheetImport.objects.get()
    assert Participant.objects.count() == 0 and dry.dry_run
    response = coordinator.client.post(reverse("outcomes:sheet-import-apply", args=[dry.pk]))
    again = coordinator.client.post(reverse("outcomes:sheet-import-apply", args=[dry.pk]))
    apply_job = Job.objects.exclude(pk=dry_job.pk).get()
    assert response["Location"] == again["Location"] == reverse("jobs:job-detail", args=[apply_job.pk])
    assert run_job(apply_job.pk) == JobStatus.DONE
    assert Participant.objects.count() == 2 and SheetImport.objects.get(pk=dry.pk).applied


def test_another_user_cannot_read_the_import_job_or_its_file(coordinator, administrator, outsider):
    project = _project(coordinator)
    _upload(coordinator, project, xlsx_file([row(c5="85031412346")]))
    job = Job.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result_file
    response = coordinator.client.get(reverse("jobs:job-file", args=[job.pk]))
    assert response.status_code == 200 and xlsx_values(b"".join(response.streaming_content))[1][-1].startswith("PESEL")
    for other in (administrator, outsider):
        assert other.client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
        assert other.client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    assert list(AccessLogEntry.objects.values_list("user__username", flat=True)) == [coordinator.user.username]


def test_the_worker_refuses_an_import_into_another_centres_project(coordinator, outsider):
    theirs = _project(outsider)
    job = Job.objects.create(
        institution=coordinator.institution,
        owner=coordinator.user,
        membership=coordinator.membership,
        kind="outcomes.sheet_import",
        params={"project": theirs.pk, "filename": "a.xlsx"},
    )
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == "Projekt nie istnieje już w Twoim ośrodku." and Participant.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_large_export_is_a_job_whose_file_holds_the_sheet(coordinator, fmt):
    project, _ = build_project(coordinator.institution)
    url = reverse(f"outcomes:sheet-export-{fmt}", args=[project.pk])
    response = coordinator.client.get(url)
    assert coordinator.client.get(url)["Location"] == response["Location"]  # a double click: one job
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.done, job.total, job.result) == (5, 5, {"rows": 5, "format": fmt})
    assert job.result_filename == f"uczestnicy-{project.code}.{fmt}"
    data = _file_bytes(job)
    surnames = (
        [r[3] for r in xlsx_values(data)[1:]]
        if fmt == "xlsx"
        else [line.split(";")[3] for line in data.decode("utf-8-sig").splitlines()[1:]]
    )
    assert surnames == ["Lis", "Lis", "Łęcka", "Szewczenko", "Śliwa"]
