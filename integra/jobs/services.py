"""Starting, queueing and supervising jobs. The job row is the source of truth; the queue (the database
queue or RQ on Redis) only carries the job's id, so a queue that was down or lost its contents is refilled
from the rows (`enqueue_waiting`) and a job can never run twice (the worker claims the row first).

Public API (stable; the HTTP API and other apps build on it):
    start_job(*, actor, kind, params, upload=None, idempotency_key=None) -> Job
    enqueue_waiting() -> int;  fail_stale_jobs(*, now=None) -> int;  refresh(job) -> None
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

from integra.api.models import ServiceAccount
from integra.jobs import registry, storage
from integra.jobs.models import Job, JobStatus
from integra.jobs.tasks import run_job_task

logger = logging.getLogger(__name__)

MSG_UNKNOWN_KIND = _("This kind of job is not known.")
MSG_BAD_PARAMS = _("The job's parameters are not valid.")
MSG_WORKER_LOST = _(
    "The worker running this job stopped before it finished (it was restarted or the server went down). "
    "Nothing of it was saved. Start the job again."
)
MSG_KEY_TOO_LONG = _("The idempotency key may have at most 64 characters.")


def start_job(
    *, actor: Any, kind: str, params: dict[str, Any], upload: Any = None, idempotency_key: str | None = None
) -> Job:
    """Record a job for `actor` and queue it once the surrounding transaction commits.

    `actor` is a saved Membership (a person) or the unsaved Membership a service-account token acts as
    (`integra.api.services.actor_for`): the job then belongs to the token's account, not to a membership.

    `upload` (bytes, or a file with `.read()` and `.name`) is kept in the job file storage for the worker;
    `params` must be JSON. The same `idempotency_key` from the same person returns the first job instead of
    starting a second one (a double click runs once). Raises PermissionDenied when the actor may not start
    this kind of job, ValidationError for an unknown kind or bad parameters.
    """
    spec = registry.get(kind)
    if spec is None:
        raise ValidationError(MSG_UNKNOWN_KIND)
    if not spec.predicate(actor):
        raise PermissionDenied
    key = (idempotency_key or "").strip()
    if len(key) > 64:
        raise ValidationError(MSG_KEY_TOO_LONG)
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValidationError(MSG_BAD_PARAMS) from exc
    membership, account = _principal(actor)
    if key and (existing := Job.objects.filter(owner_id=actor.user_id, idempotency_key=key).first()):
        return existing
    job = Job(institution_id=actor.institution_id, owner_id=actor.user_id, membership=membership,
              service_account=account, kind=kind, params=params, idempotency_key=key)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:  # the same key from a second request that won the race
        existing = Job.objects.filter(owner_id=actor.user_id, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    if upload is not None:
        data = upload if isinstance(upload, bytes) else upload.read()
        name = getattr(upload, "name", "") or job.params.get("filename", "")
        job.input_file = storage.save_bytes(storage.new_name("in", job.pk, name), data)
        job.save(update_fields=["input_file", "updated_at"])
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def _principal(actor: Any) -> tuple[Any, ServiceAccount | None]:
    """Whom a job belongs to: the actor's membership row, or the service account of a token's actor."""
    if getattr(actor, "pk", None) is not None:
        return actor, None
    account = ServiceAccount.objects.filter(user_id=getattr(actor, "user_id", None),
                                            institution_id=actor.institution_id).first()
    if account is None:  # an unsaved membership that is no token's: nobody the worker could act as
        raise PermissionDenied
    return None, account


def enqueue(job_id: int) -> bool:
    """Hand a queued job to the task backend; False (the job stays waiting) when the queue is unreachable."""
    try:
        result = run_job_task.enqueue(job_id)
    except Exception:  # Redis down, a refused connection: the row keeps the job; enqueue_waiting retries
        logger.warning("job %s could not be queued; it stays waiting", job_id, exc_info=True)
        Job.objects.filter(pk=job_id).update(enqueue_attempts=F("enqueue_attempts") + 1, updated_at=timezone.now())
        return False
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        task_id=str(result.id)[:64], enqueued_at=timezone.now(), enqueue_attempts=F("enqueue_attempts") + 1
    )
    return True


RETRY_QUEUE_AFTER = timezone.timedelta(seconds=5)


def refresh(job: Job) -> None:
    """A job that waits for a queue that was down, or whose worker died, is put right when looked at (the
    job page and the API's job resource poll it)."""
    if job.status == JobStatus.RUNNING and job.lease_until and job.lease_until < timezone.now():
        fail_stale_jobs()
        job.refresh_from_db()
    elif job.status == JobStatus.QUEUED and job.enqueued_at is None and (
        not job.enqueue_attempts or job.updated_at < timezone.now() - RETRY_QUEUE_AFTER
    ):  # pollers ask every second; an unreachable queue is tried again at most every few seconds
        enqueue(job.pk)
        job.refresh_from_db()


def _lost_by_queue(job: Job) -> bool:
    """The queue no longer knows a job it was given (e.g. Redis restarted without its data)."""
    backend = task_backends["default"]
    if not job.task_id or not backend.supports_get_result:
        return False
    try:
        backend.get_result(job.task_id)
    except TaskResultDoesNotExist:
        return True
    except Exception:  # the queue is unreachable: nothing can be said now
        return False
    return False


def enqueue_waiting(*, owner: Any = None, recheck_after_seconds: int = 60) -> int:
    """Queue again every waiting job the queue does not hold: never queued (the queue was down) or queued
    more than `recheck_after_seconds` ago and unknown to the queue now. Returns how many were queued."""
    waiting = Job.objects.filter(status=JobStatus.QUEUED)
    if owner is not None:
        waiting = waiting.owned_by(owner)
    queued = 0
    before = timezone.now() - timezone.timedelta(seconds=recheck_after_seconds)
    for job in waiting.order_by("id")[:500]:
        if job.enqueued_at is None or (job.enqueued_at < before and _lost_by_queue(job)):
            queued += enqueue(job.pk)
    return queued


def fail_stale_jobs(*, now: Any = None) -> int:
    """Mark failed every running job whose worker stopped renewing its lease (killed, machine down).

    The work of a job runs in one transaction (or writes its file only at the end), so a dead worker has
    left nothing behind; the person sees why and can start it again."""
    now = now or timezone.now()
    stale = Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=now)
    names = list(stale.exclude(result_file="").values_list("result_file", flat=True))
    count = stale.update(status=JobStatus.FAILED, error=str(MSG_WORKER_LOST), finished_at=now, lease_until=None,
                         result_file="")
    for name in names:
        storage.delete(name)
    if count:
        logger.warning("%s job(s) marked failed: their worker stopped", count)
    return count


def lease_seconds() -> int:
    return settings.INTEGRA_JOB_LEASE_SECONDS
