"""„Moje zadania” and a job's page: the owner sees progress and result; nobody else sees anything."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from integra.core.models import AccessLogEntry
from integra.jobs import services
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]


def _done_job(persona):
    job = services.start_job(actor=persona.membership, kind="tests.count", params={"n": 3, "filename": "lista.xlsx"})
    run_job(job.pk)
    return job


def test_my_jobs_lists_my_jobs_with_status(coordinator, social_worker, test_kinds):
    mine = _done_job(coordinator)
    services.start_job(actor=social_worker.membership, kind="tests.count", params={"n": 1})
    page = coordinator.client.get(reverse("jobs:job-list")).content.decode()
    assert reverse("jobs:job-detail", args=[mine.pk]) in page
    assert "Counting" in page and "gotowe" in page and "lista.xlsx" in page
    assert page.count('data-status="') == 1


def test_my_jobs_empty_state_says_what_starts_a_job(coordinator):
    page = coordinator.client.get(reverse("jobs:job-list")).content.decode()
    assert 'id="jobs-empty"' in page and "duży arkusz uczestników" in page


def test_a_running_job_shows_its_progress_and_polls(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 3})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        done=40,
        total=160,
        worker="w:1",
        lease_until=timezone.now() + timezone.timedelta(seconds=60),
    )
    response = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk]), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.startswith('<section id="job-status" data-status="running"')
    assert 'hx-trigger="every 1s"' in fragment
    assert 'value="40" max="160"' in fragment and "Wykonano 40 z 160 (25 %)." in fragment


def test_a_done_job_stops_polling_and_offers_its_file_to_its_owner_only(
    coordinator, social_worker, outsider, test_kinds
):
    job = _done_job(coordinator)
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and 'id="job-file"' in page
    response = coordinator.client.get(reverse("jobs:job-file", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"3\n"
    assert response["Content-Disposition"] == 'attachment; filename="liczba.csv"'
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.kind, entry.what, entry.institution_id) == (
        coordinator.user,
        "export",
        "liczba.csv",
        coordinator.institution.pk,
    )
    for other in (social_worker, outsider):
        assert other.client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
        assert other.client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    assert AccessLogEntry.objects.count() == 1


def test_a_failed_job_shows_its_polish_error(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.refuse", params={})
    run_job(job.pk)
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "Zadanie nie powiodło się; nic z niego nie zostało zapisane." in page
    assert "Parametry zadania są nieprawidłowe." in page and "wiersz 7: PESEL: zła cyfra kontrolna" in page
    assert coordinator.client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404


def test_a_job_waiting_for_a_queue_that_is_down_says_so_and_is_queued_when_it_returns(
    coordinator, test_kinds, monkeypatch
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    monkeypatch.setattr("integra.jobs.services.run_job_task", QueueDown())
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert 'id="job-queue-down"' in page and "Twoje zadanie jest zapisane" in page
    monkeypatch.undo()
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert 'id="job-queue-down"' in page  # the page polls every second; the queue is tried again every 5 s
    assert Job.objects.get(pk=job.pk).enqueue_attempts == 1
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=6)):
        page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert 'id="job-queue-down"' not in page and "Zadanie jest w kolejce" in page


def test_a_job_whose_worker_died_is_shown_failed(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker="w:1", lease_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in page and "Uruchom zadanie jeszcze raz." in page


def test_the_account_menu_links_to_my_jobs(coordinator):
    page = coordinator.client.get(reverse("jobs:job-list")).content.decode()
    assert f'href="{reverse("jobs:job-list")}" id="nav-jobs"' in page and "Moje zadania" in page


def test_a_failed_job_says_how_many_refused_rows_are_not_listed(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.refuse", params={})
    run_job(job.pk)
    problems = [[row, ["PESEL: zła cyfra kontrolna"]] for row in range(2, 1002)]  # what an import keeps: 1,000
    Job.objects.filter(pk=job.pk).update(result={"problems": problems, "rejected": 1_502})
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert page.count("<li>wiersz ") == 200 and "wiersz 201:" in page and "wiersz 202:" not in page
    assert "… i jeszcze 1302 wiersze: zobacz plik XLSX." in page


def test_a_failed_job_with_every_row_listed_says_nothing_more(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.refuse", params={})
    run_job(job.pk)
    page = coordinator.client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    assert "wiersz 7:" in page and "i jeszcze" not in page
