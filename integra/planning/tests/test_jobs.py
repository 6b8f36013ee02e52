"""Centre- and region-wide „what works” above a size run as jobs; the PDF and the figures wait in „Moje zadania”."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from integra.core.roles import Role
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.jobs import storage
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job
from integra.outcomes.models import Exit, Result
from integra.people.tests.factories import ParticipantFactory
from integra.planning import whatworks
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    settings.INTEGRA_JOB_WHATWORKS_PARTICIPATIONS = 5


def _people(centre, n=12):
    project = ProjectFactory(institution=centre, code=f"R-{centre.slug}")
    for i in range(n):
        person = ParticipantFactory(institution=centre, last_name=f"Ukryty{i}")
        part = Participation.objects.create(
            institution=centre, project=project, participant=person, start_on=project.start_on
        )
        Exit.objects.create(institution=centre, participation=part, exit_on=dt.date(2011, 6, 30), reason="completed")
        if i < 4:
            Result.objects.create(
                institution=centre, participation=part, kind="employment_contract", achieved_on=dt.date(2011, 7, 10)
            )


def _pdf_text(job) -> str:
    with storage.job_storage().open(job.result_file) as handle:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_region_wide_what_works_runs_as_a_job_and_names_nobody(client):
    office = InstitutionFactory(slug="muw-mazowsze", name="Mazowiecki Urząd Wojewódzki", kind="REGIONAL")
    one = InstitutionFactory(slug="mops-jeden", name="MOPS Jeden", supervisor=office)
    _people(one)
    _people(InstitutionFactory(slug="mops-obcy", name="MOPS Niepodległy"), 3)
    supervisor = MembershipFactory(institution=office, role=Role.REGIONAL_SUPERVISOR)
    client.force_login(supervisor.user)
    response = client.get(reverse("planning:regional-what-works"), {"outcome": "job_28d"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert (job.kind, job.params) == (
        "planning.regional_what_works",
        {"outcome": "job_28d", "date_from": None, "date_to": None},
    )
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    expected = whatworks.analyse(whatworks.Scope("region", office.slug, [one.pk]), "job_28d").as_json()
    assert job.result == expected and job.result["participants"] == 12
    assert not job.result_personal and job.result_filename == "co-dziala-region-muw-mazowsze.pdf"
    text = _pdf_text(job)
    assert "Co działa" in text and "Ukryty" not in text


def test_centre_wide_what_works_pdf_is_a_job_of_its_owner(coordinator, outsider):
    _people(coordinator.institution)
    response = coordinator.client.get(
        reverse("planning:what-works-pdf"), {"outcome": "job_28d", "date_from": "2011-01-01"}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    scope = whatworks.Scope(
        "centre", coordinator.institution.slug, [coordinator.institution.pk], date_from=dt.date(2011, 1, 1)
    )
    assert job.result == whatworks.analyse(scope, "job_28d").as_json()
    assert job.result_personal and outsider.client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404


def test_a_small_centre_is_still_analysed_inside_the_request(coordinator, settings):
    settings.INTEGRA_JOB_WHATWORKS_PARTICIPATIONS = 100
    _people(coordinator.institution)
    response = coordinator.client.get(reverse("planning:what-works"), {"outcome": "job_28d"})
    assert response.status_code == 200 and Job.objects.count() == 0


def test_the_project_choice_lists_every_project_of_the_centre(coordinator):
    """No silent cap: a centre with 60 projects can choose the oldest too (it was cut at 50)."""
    for n in range(60):
        ProjectFactory(institution=coordinator.institution, code=f"WW-{n:02d}", start_on=dt.date(2010, 1, 1 + n % 28))
    page = coordinator.client.get(reverse("planning:what-works")).content.decode()
    assert all(f"WW-{n:02d}" in page for n in range(60))
