"""In headless chromium: the job page's progress bar follows the worker by HTMX polling and offers the file."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.jobs import storage
from integra.jobs.models import Job, JobStatus

pytestmark = [pytest.mark.browser, pytest.mark.jobs, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("INTEGRA_SCREENSHOTS", "")  # a folder to keep screenshots in, when set


def _shot(page, name: str) -> None:
    if SHOTS:
        for width, height in ((1024, 768), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1024, "height": 768})


def test_the_progress_bar_follows_the_job_and_the_file_is_offered_when_done(browser_page, settings, tmp_path):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    centre = InstitutionFactory(slug="lezajsk-jobs", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.koordynator", first_name="Anna", last_name="Wróbel")
    membership = MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    job = Job.objects.create(
        institution=centre,
        owner=user,
        membership=membership,
        kind="outcomes.sheet_import",
        status=JobStatus.RUNNING,
        params={"project": 1, "filename": "uczestnicy-2026.xlsx"},
        done=2500,
        total=10000,
        worker="w:1",
        enqueued_at=timezone.now(),
        started_at=timezone.now(),
        lease_until=timezone.now() + timezone.timedelta(minutes=10),
    )
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.koordynator")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")

    page.click("#nav-account summary")
    page.click("#nav-jobs")
    expect(page.locator("h1")).to_have_text("Moje zadania")
    expect(page.locator("#jobs tbody")).to_contain_text("Import arkusza uczestników")
    _shot(page, "jobs-list")
    page.click("#jobs tbody a")
    expect(page.locator("#job-progress")).to_have_attribute("value", "2500")
    expect(page.locator("#job-status")).to_contain_text("Wykonano 2500 z 10000 (25 %).")
    _shot(page, "job-running")

    Job.objects.filter(pk=job.pk).update(done=7000)  # the worker's heartbeat writes progress
    expect(page.locator("#job-progress")).to_have_attribute("value", "7000")
    name = storage.save_bytes(storage.new_name("out", job.pk, "bledy.xlsx"), b"x")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        lease_until=None,
        error="1 wiersz z 10000 zawiera błędy, więc niczego nie zaimportowano.",
        result={"problems": [[17, ["PESEL: 85031412346 ma błędną cyfrę kontrolną"]]]},
        result_file=name,
        result_filename="bledy-uczestnicy-2026.xlsx",
    )
    expect(page.locator("#job-error")).to_contain_text("niczego nie zaimportowano")
    expect(page.locator("#job-problems")).to_contain_text("wiersz 17: PESEL: 85031412346 ma błędną cyfrę kontrolną")
    expect(page.locator("#job-file")).to_contain_text("bledy-uczestnicy-2026.xlsx")
    _shot(page, "job-failed")
