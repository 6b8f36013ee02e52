"""The job flow on the embedded queue: start, run, progress, result, failure, double submit, stale jobs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from integra.institutions.models import Membership, ServiceAccount
from integra.institutions.services import actor_for, create_service_account
from integra.jobs import services, storage
from integra.jobs.models import Job, JobStatus
from integra.jobs.queries import my_jobs
from integra.jobs.runner import MSG_UNEXPECTED, run_job
from integra.jobs.services import MSG_WORKER_LOST

pytestmark = [pytest.mark.django_db, pytest.mark.jobs]  # .ci/run runs the `jobs` tests again on Redis


def test_started_job_is_queued_once_the_transaction_commits_and_a_worker_runs_it(
    coordinator, test_kinds, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 3})
        assert job.status == JobStatus.QUEUED and job.enqueued_at is None and queue.task_ids() == []
    job.refresh_from_db()
    assert job.enqueued_at is not None and queue.task_ids() == [job.task_id]
    assert (job.owner, job.institution, job.membership) == (
        coordinator.user,
        coordinator.institution,
        coordinator.membership,
    )
    queue.drain()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result["counted"]) == (JobStatus.DONE, 3, 3, 3)
    assert queue.task_ids() == []


def test_job_runs_to_done_with_progress_result_and_file(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 250})
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 250, 250, 100)
    assert job.result == {"counted": 250, "centre": coordinator.institution.pk}
    assert job.result_filename == "liczba.csv"
    with storage.job_storage().open(job.result_file) as handle:
        assert handle.read() == b"250\n"
    assert job.finished_at is not None and job.lease_until is None and job.error == ""


def test_a_job_runs_once_even_if_the_queue_delivers_it_twice(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 2})
    assert run_job(job.pk) == JobStatus.DONE
    first = Job.objects.get(pk=job.pk)
    assert run_job(job.pk) == "skipped"
    assert Job.objects.get(pk=job.pk).finished_at == first.finished_at


def test_double_submit_with_the_same_key_starts_one_job(
    coordinator, test_kinds, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.start_job(
            actor=coordinator.membership, kind="tests.count", params={"n": 1}, idempotency_key="abc"
        )
        second = services.start_job(
            actor=coordinator.membership, kind="tests.count", params={"n": 1}, idempotency_key="abc"
        )
    assert first.pk == second.pk
    assert Job.objects.count() == 1
    assert len(queue.task_ids()) == 1


def test_the_same_key_from_another_person_is_another_job(coordinator, social_worker, test_kinds):
    first = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1}, idempotency_key="abc")
    second = services.start_job(
        actor=social_worker.membership, kind="tests.count", params={"n": 1}, idempotency_key="abc"
    )
    assert first.pk != second.pk


def test_failed_job_keeps_its_polish_message_and_no_half_written_file(coordinator, test_kinds, job_files):
    job = services.start_job(actor=coordinator.membership, kind="tests.refuse", params={})
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == "Parametry zadania są nieprawidłowe."
    assert job.result == {"problems": [[7, ["PESEL: zła cyfra kontrolna"]]]}
    assert job.result_file == ""
    assert not list((job_files / "out").glob("*")) if (job_files / "out").exists() else True


def test_unexpected_error_is_reported_without_its_details(coordinator, test_kinds, job_files):
    job = services.start_job(actor=coordinator.membership, kind="tests.crash", params={})
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error == str(MSG_UNEXPECTED)
    assert "85031412345" not in job.error and job.result_file == ""
    assert list((job_files / "out").glob("*")) == []


def test_start_refuses_an_unknown_kind(coordinator, test_kinds):
    with pytest.raises(ValidationError):
        services.start_job(actor=coordinator.membership, kind="tests.nothing", params={})
    assert Job.objects.count() == 0


def test_start_refuses_a_role_that_may_not(coordinator, test_kinds):
    coordinator.membership.role = "dpo"
    with pytest.raises(PermissionDenied):
        services.start_job(actor=coordinator.membership, kind="tests.projects", params={"n": 1})
    assert Job.objects.count() == 0


def test_the_worker_rechecks_the_right_with_the_stored_membership(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.projects", params={"n": 1})
    coordinator.membership.role = "dpo"
    coordinator.membership.save()
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error.startswith("Nie możesz już tego zrobić") and job.result == {}


def test_the_worker_refuses_a_job_of_an_ended_membership(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    coordinator.membership.is_active = False
    coordinator.membership.save()
    assert run_job(job.pk) == JobStatus.FAILED


def test_a_running_job_whose_lease_ran_out_is_marked_failed(coordinator, test_kinds):
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, lease_until=now + timezone.timedelta(seconds=30), worker="elsewhere:1"
    )
    assert services.fail_stale_jobs(now=now) == 0
    assert services.fail_stale_jobs(now=now + timezone.timedelta(seconds=31)) == 1
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, str(MSG_WORKER_LOST))
    assert run_job(job.pk) == "skipped"


def test_a_job_the_queue_never_got_is_queued_again(
    coordinator, test_kinds, queue, django_capture_on_commit_callbacks, monkeypatch
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr("integra.jobs.services.run_job_task", QueueDown())
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    job.refresh_from_db()
    assert (job.status, job.enqueued_at, job.enqueue_attempts) == (JobStatus.QUEUED, None, 1)
    assert queue.task_ids() == []
    monkeypatch.undo()
    assert services.enqueue_waiting() == 1
    job.refresh_from_db()
    assert job.enqueued_at is not None and queue.task_ids() == [job.task_id]
    assert services.enqueue_waiting() == 0
    queue.drain()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def _token_actor(centre, role="coordinator"):
    account, _token = create_service_account(
        actor=Membership(institution=centre, role="administrator"), name=f"PUP {role}", role=role
    )
    return account, actor_for(account)


def test_a_token_starts_a_job_of_its_account_and_the_worker_acts_as_the_token(coordinator, test_kinds):
    staff = Membership.objects.count()
    account, actor = _token_actor(coordinator.institution)
    job = services.start_job(actor=actor, kind="tests.count", params={"n": 2}, idempotency_key="k1")
    assert (job.membership, job.service_account, job.owner) == (None, account, account.user)
    assert services.start_job(actor=actor, kind="tests.count", params={"n": 2}, idempotency_key="k1").pk == job.pk
    assert Membership.objects.count() == staff  # a token is never among the centre's staff
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result == {"counted": 2, "centre": coordinator.institution.pk}
    assert list(my_jobs(actor)) == [job] and list(my_jobs(coordinator.membership)) == []


def test_an_unsaved_membership_that_is_no_token_cannot_start_a_job(coordinator, test_kinds):
    with pytest.raises(PermissionDenied):
        services.start_job(
            actor=Membership(user=coordinator.user, institution=coordinator.institution, role="coordinator"),
            kind="tests.count",
            params={"n": 1},
        )
    assert Job.objects.count() == 0


def test_the_worker_refuses_a_job_of_a_revoked_or_expired_token(coordinator, test_kinds):
    account, actor = _token_actor(coordinator.institution)
    revoked = services.start_job(actor=actor, kind="tests.count", params={"n": 1})
    expired = services.start_job(actor=actor, kind="tests.count", params={"n": 1})
    ServiceAccount.objects.filter(pk=account.pk).update(revoked_at=timezone.now())
    assert run_job(revoked.pk) == JobStatus.FAILED
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    ServiceAccount.objects.filter(pk=account.pk).update(revoked_at=None, expires_on=yesterday)
    assert run_job(expired.pk) == JobStatus.FAILED
    for job in (revoked, expired):
        job.refresh_from_db()
        assert job.error.startswith("Token API, który uruchomił to zadanie, został od tego czasu odwołany albo wygasł")
        assert job.result == {} and job.done == 0


def test_the_worker_rechecks_the_right_of_the_tokens_role(coordinator, test_kinds):
    account, actor = _token_actor(coordinator.institution)
    job = services.start_job(actor=actor, kind="tests.projects", params={"n": 1})
    ServiceAccount.objects.filter(pk=account.pk).update(role="dpo")
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error.startswith("Nie możesz już tego zrobić")


def test_a_job_belongs_to_a_membership_or_to_a_token_never_both_nor_neither(coordinator, test_kinds):
    account, _actor = _token_actor(coordinator.institution)
    job = services.start_job(actor=coordinator.membership, kind="tests.count", params={"n": 1})
    for membership, service_account in ((coordinator.membership, account), (None, None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Job.objects.filter(pk=job.pk).update(membership=membership, service_account=service_account)
