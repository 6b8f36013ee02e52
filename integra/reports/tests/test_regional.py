import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from integra.core.roles import Role
from integra.core.testing.factories import UserFactory
from integra.core.testing.xlsx import read_report
from integra.institutions.models import Institution
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.reports.queries import regional_summary, suppress
from integra.reports.tests.edge_project import build_edge_project
from integra.reports.tests.summary_world import build_summary_world

try:
    from integra.core.testing.otp import verified_login
except ImportError:  # pragma: no cover

    def verified_login(client, user):
        client.force_login(user)


pytestmark = pytest.mark.django_db


@pytest.fixture
def region(centre_a, centre_b):
    region = InstitutionFactory(slug="wojewoda", name="Urząd Wojewódzki", kind=Institution.Kind.REGIONAL)
    centre_a.supervisor = region
    centre_a.save()
    build_summary_world(centre_a)  # 5 people served in 2014, 4 women
    build_edge_project(centre_b, code="B-EDGE")  # centre B is not supervised: never counted
    return region


@pytest.fixture
def supervisor(region):
    user = UserFactory(username="nadzor")
    MembershipFactory(user=user, institution=region, role=Role.REGIONAL_SUPERVISOR)
    client = Client()
    verified_login(client, user)
    return client


def test_suppression_rule():
    assert [suppress(n) for n in (0, 1, 2, 3, 17)] == ["<3", "<3", "<3", 3, 17]


def test_regional_summary_counts_only_supervised_centres_and_suppresses_small_counts(region, centre_a):
    data = regional_summary(region, 2014)
    assert data["centres"] == [
        {
            "centre": centre_a.name,
            "people_served": 5,
            "women": 4,
            "socially_useful_work": 3,
            "social_contracts": 3,
            "jobs": "<3",
        }
    ]
    assert data["totals"] == {
        "people_served": 5,
        "women": 4,
        "socially_useful_work": 3,
        "social_contracts": 3,
        "jobs": "<3",
    }
    values = [v for row in data["indicators"] for v in (row["total"], row["women"], row["men"], row["non_binary"])]
    assert all(v in ("<3", "#") or v >= 3 for v in values)


def test_regional_screen_shows_no_personal_data(supervisor, region):
    page = supervisor.get(reverse("reports:regional"), {"year": 2014}).content.decode()
    page = page.split("<main", 1)[1].split("</main>", 1)[0]  # the report, not the shared menu
    assert "MOPS Leżajsk" in page and "&lt;3" in page
    for name in ("Anna", "Beata", "Cezary", "Danuta", "Ewelina", "Nowak", "Testowa"):
        assert name not in page
    assert "<a " not in page.split('id="centres"', 1)[1]  # no drill-down links at all


def test_regional_pdf_and_xlsx_have_no_names(supervisor, region):
    url = reverse("reports:regional")
    pdf = b"".join(supervisor.get(url, {"year": 2014, "format": "pdf"}).streaming_content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Podsumowanie regionalne" in text and "<3" in text and "Anna" not in text
    sheet = read_report(supervisor.get(url, {"year": 2014, "format": "xlsx"}).content)
    assert sheet.table.rows[0] == ("MOPS Leżajsk", 5, 4, 3, 3, "<3")
    assert (sheet.about["Organ regionalny"], sheet.about["Rok sprawozdawczy"]) == ("Urząd Wojewódzki", "2014")


def test_supervisor_cannot_open_centre_reports(supervisor, region, centre_a):
    assert supervisor.get(reverse("reports:index")).status_code == 403
    assert supervisor.get(reverse("reports:centre-annual")).status_code == 403


def test_a_centre_that_is_not_regional_supervises_nobody(centre_a):
    assert regional_summary(centre_a, 2014)["centres"] == []


def test_regional_cli(region):
    out = io.StringIO()
    call_command("report", "regional", "--region", "wojewoda", "--year", "2014", stdout=out)
    assert json.loads(out.getvalue())["totals"]["people_served"] == 5


@pytest.mark.jobs
def test_a_large_regions_xlsx_is_built_by_a_job_with_the_same_figures(supervisor, region, settings, tmp_path):
    from integra.jobs import storage
    from integra.jobs.models import Job, JobStatus
    from integra.jobs.runner import run_job

    settings.INTEGRA_JOB_REGIONAL_PARTICIPATIONS, settings.INTEGRA_JOB_FILES_DIR = 1, tmp_path / "jobs"
    response = supervisor.get(reverse("reports:regional"), {"year": 2014, "format": "xlsx"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk]) and job.kind == "reports.regional"
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result == regional_summary(region, 2014) and not job.result_personal
    with storage.job_storage().open(job.result_file) as handle:
        rows = read_report(handle.read()).table.rows
    assert rows[0] == ("MOPS Leżajsk", 5, 4, 3, 3, "<3") and job.result_filename == "region-2014.xlsx"
    page = supervisor.get(reverse("reports:regional"), {"year": 2014})
    assert page.status_code == 200 and Job.objects.count() == 1  # the page itself stays in the request
