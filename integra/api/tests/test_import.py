"""The participant-sheet import over the API: checked at once, run as a job (202), polled, then its
row-by-row report read — the same importer and the same job kind as the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.models import AccessLogEntry
from integra.core.pesel import generate
from integra.core.testing.otp import verified_login
from integra.institutions.models import ServiceAccount
from integra.institutions.tests.factories import InstitutionFactory
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job
from integra.outcomes.models import SheetImport
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.people.models import Participant
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/participant-sheet/"


def _upload(client, project, content: bytes, dry_run: bool, name: str = "arkusz.csv", **extra):
    return client.post(
        URL,
        {
            "project": project.pk,
            "dry_run": "true" if dry_run else "false",
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
        **extra,
    )


def _run(client, accepted) -> dict:
    """The worker's turn (in this process, as the jobs app's tests run it), then the poll."""
    assert accepted.status_code == 202, accepted.content
    job = accepted.json()
    assert job["status"] == "queued" and job["sheet_import"] is None and job["finished"] is None
    assert accepted["Location"] == job["url"] and job["url"].endswith(f"/api/v1/jobs/{job['id']}/")
    run_job(job["id"])
    polled = client.get(job["url"])
    assert polled.status_code == 200, polled.content
    return polled.json()


def _project(centre):
    return ProjectFactory(
        institution=centre, code="LEZ-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


def test_import_runs_as_a_job_and_its_report_lists_each_row(centre_a):
    project = _project(centre_a)
    good = row(c4="Kowalczyk", c5=generate(dt.date(1985, 3, 14), "F", 11))
    bad = row(c4="Błędna", c5="85031400000")
    client = TokenClient(token_for(centre_a, "coordinator", name="Import PUP"))

    checked = _run(client, _upload(client, project, csv_file([good, bad]), dry_run=True))
    assert (checked["kind"], checked["status"], checked["error"]) == ("outcomes.sheet_import", "done", "")
    assert checked["progress"] == {"done": 2, "total": 2, "percent": 100} and checked["finished"]
    report = client.get(f"{URL}{checked['sheet_import']}/").json()
    assert (report["read"], report["created"], report["rejected"], report["dry_run"]) == (2, 1, 1, True)
    assert [p["row"] for p in report["problems"]] == [3]
    assert any("PESEL" in reason for reason in report["problems"][0]["reasons"])
    assert not Participant.objects.exists()
    assert AccessLogEntry.objects.filter(what__contains="(token: Import PUP)", subject_id=report["id"]).exists()

    # A real import is all or nothing: one refused row and the job fails, listing it; nothing is saved.
    refused = _run(client, _upload(client, project, csv_file([good, bad]), dry_run=False))
    assert refused["status"] == "failed" and refused["sheet_import"] is None
    assert refused["error"] and [p["row"] for p in refused["problems"]] == [3]
    assert not Participant.objects.exists()

    done = _run(client, _upload(client, project, csv_file([good]), dry_run=False))
    assert done["status"] == "done" and done["problems"] == []
    report = client.get(f"{URL}{done['sheet_import']}/").json()
    assert (report["read"], report["created"], report["rejected"], report["dry_run"]) == (1, 1, 0, False)
    assert list(Participant.objects.values_list("last_name", flat=True)) == ["Kowalczyk"]
    assert SheetImport.objects.get(pk=done["sheet_import"]).user == ServiceAccount.objects.get(name="Import PUP").user
    listed = client.get("/api/v1/jobs/?status=done").json()["results"]
    assert {job["id"] for job in listed} == {checked["id"], done["id"]}


def test_the_same_idempotency_key_answers_the_same_job(centre_a):
    project = _project(centre_a)
    client = TokenClient(token_for(centre_a, "administrator"))
    first = _upload(client, project, csv_file([row()]), dry_run=True, HTTP_IDEMPOTENCY_KEY="pup-2011-03-01")
    again = _upload(client, project, csv_file([row()]), dry_run=True, HTTP_IDEMPOTENCY_KEY="pup-2011-03-01")
    other = _upload(
        client,
        project,
        csv_file([row()]),
        dry_run=True,
        name="arkusz",  # no extension: read by content
        HTTP_IDEMPOTENCY_KEY="pup-2011-03-02",
    )
    assert (first.status_code, again.status_code, other.status_code) == (202, 202, 202)
    assert first.json()["id"] == again.json()["id"] != other.json()["id"]
    assert Job.objects.count() == 2
    too_long = _upload(client, project, csv_file([row()]), dry_run=True, HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert too_long.status_code == 400 and too_long.json()["field"] == "Idempotency-Key"
    assert Job.objects.count() == 2


def test_what_can_be_checked_at_once_is_refused_before_a_job_is_queued(centre_a, settings):
    project = _project(centre_a)
    elsewhere = ProjectFactory(institution=InstitutionFactory(slug="inna"))
    client = TokenClient(token_for(centre_a, "administrator"))
    missing = client.post(URL, {"project": project.pk}).json()
    assert (missing["code"], missing["field"]) == ("required", "file")
    for other in (elsewhere, ProjectFactory.build(pk=999_999)):
        refused = _upload(client, other, csv_file([row()]), dry_run=True)
        assert refused.status_code == 400 and refused.json()["field"] == "project", refused.content
    wrong = _upload(client, project, b"%PDF-1.4", dry_run=True, name="arkusz.pdf")
    assert wrong.status_code == 400 and wrong.json()["field"] == "file"
    assert wrong.json()["message"]["pl"] == "Wybierz plik XLSX lub CSV."
    settings.INTEGRA_MAX_UPLOAD_BYTES = 10
    large = _upload(client, project, csv_file([row()]), dry_run=True)
    assert large.status_code == 413 and large.json()["code"] == "too_large"
    assert not Job.objects.exists() and not Participant.objects.exists()


def test_import_is_for_managers(centre_a):
    project = _project(centre_a)
    refused = TokenClient(token_for(centre_a, "social_worker"))
    assert _upload(refused, project, csv_file([row()]), dry_run=True).status_code == 403
    assert not Job.objects.exists()


def test_jobs_are_the_callers_own_in_the_callers_centre(centre_a, coordinator):
    project = _project(centre_a)
    mine = TokenClient(token_for(centre_a, "coordinator", name="mine"))
    job = _upload(mine, project, csv_file([row()]), dry_run=True).json()
    other_token = TokenClient(token_for(centre_a, "coordinator", name="other"))
    assert other_token.get(f"/api/v1/jobs/{job['id']}/").status_code == 404
    assert other_token.get("/api/v1/jobs/").json()["results"] == []
    elsewhere = TokenClient(token_for(InstitutionFactory(slug="obca"), "administrator"))
    assert elsewhere.get(f"/api/v1/jobs/{job['id']}/").status_code == 404
    staff = Client()
    verified_login(staff, coordinator.user)
    assert staff.get(f"/api/v1/jobs/{job['id']}/").status_code == 404
    assert mine.get(f"/api/v1/jobs/{job['id']}/").status_code == 200


def test_a_staff_member_in_the_browser_gets_the_same_job(centre_a, coordinator):
    project = _project(centre_a)
    staff = Client()
    verified_login(staff, coordinator.user)
    done = _run(staff, _upload(staff, project, csv_file([row()]), dry_run=True))
    assert done["status"] == "done"
    job = Job.objects.get(pk=done["id"])
    assert (job.membership, job.service_account) == (coordinator.membership, None)
    assert staff.get(f"{URL}{done['sheet_import']}/").json()["read"] == 1


def test_a_token_revoked_before_the_worker_runs_fails_the_job(centre_a):
    project = _project(centre_a)
    client = TokenClient(token_for(centre_a, "coordinator", name="Odwołany"))
    accepted = _upload(client, project, csv_file([row()]), dry_run=False)
    assert accepted.status_code == 202
    ServiceAccount.objects.filter(name="Odwołany").update(revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert run_job(accepted.json()["id"]) == JobStatus.FAILED
    job = Job.objects.get(pk=accepted.json()["id"])
    assert job.error.startswith("Token API, który uruchomił to zadanie, został od tego czasu odwołany")
    assert not Participant.objects.exists() and not SheetImport.objects.exists()
