"""Redis gone while jobs are queued: the job rows keep them, the screens say they wait, nothing is lost.

Run against the machine's Redis by .ci/run (INTEGRA_REDIS_URL set); skipped on the embedded queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.jobs import services
from integra.jobs.models import Job, JobStatus
from integra.jobs.tests.conftest import redis_configured

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.jobs,
    pytest.mark.skipif(not redis_configured(), reason="needs INTEGRA_REDIS_URL (the RQ backend)"),
]

NOWHERE = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 60}}


def test_jobs_started_while_redis_is_down_wait_and_run_once_it_is_back(
    coordinator, test_kinds, queue, settings, django_capture_on_commit_callbacks
):
    working = settings.RQ_QUEUES
    settings.RQ_QUEUES = NOWHERE
    with django_capture_on_commit_callbacks(execute=True):
        jobs = [services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": n}) for n in (2, 3)]
    assert [(j.status, j.enqueued_at) for j in Job.objects.order_by("id")] == [(JobStatus.QUEUED, None)] * 2
    page = coordinator.client.get(reverse("jobs:job-detail", args=[jobs[0].pk])).content.decode()
    assert 'id="job-queue-down"' in page and "Twoje zadanie jest zapisane" in page
    listing = coordinator.client.get(reverse("jobs:job-list")).content.decode()
    assert listing.count("oczekuje") == 2

    settings.RQ_QUEUES = working  # Redis is back
    assert services.enqueue_waiting() == 2
    assert sorted(queue.task_ids()) == sorted(Job.objects.values_list("task_id", flat=True))
    queue.drain()
    assert [(j.status, j.result["counted"]) for j in Job.objects.order_by("id")] == [
        (JobStatus.DONE, 2),
        (JobStatus.DONE, 3),
    ]


def test_a_job_redis_lost_on_restart_is_queued_again_and_runs_once(
    coordinator, test_kinds, queue, django_capture_on_commit_callbacks
):
    import django_rq

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    job.refresh_from_db()
    lost_id = job.task_id
    connection = django_rq.get_queue("default").connection
    connection.flushdb()  # Redis restarted without its data
    assert queue.task_ids() == []
    assert services.enqueue_waiting(recheck_after_seconds=0) == 1
    job.refresh_from_db()
    assert job.task_id != lost_id and queue.task_ids() == [job.task_id]
    assert services.enqueue_waiting(recheck_after_seconds=0) == 0  # the queue holds it now
    queue.drain()
    job.refresh_from_db()
    assert (job.status, job.result["counted"]) == (JobStatus.DONE, 1)
