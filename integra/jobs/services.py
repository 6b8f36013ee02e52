"""Starting, queueing and supervising jobs. The job row is the source of truth; the queue (the database
queue or RQ on Redis) only carries the job's id, so a queue that was down or lost its contents is refilled
from the rows (`enqueue_waiting`) and a job can never run twice (the worker claims the row first).

Public API (stable; the HTTP API and other apps build on it):
    start_job(*, actor, kind, params, upload=None, idempotency_key=None) -> Job
    enqueue_waiting() -> int;  fail_stale_jobs(*, now=None) -> int;  refresh(job) -> None
"""

from __future__ import annotations

import hashlib
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

from integra.institutions.models import ServiceAccount
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
MSG_ABANDONED = _(
    "No worker took this job in time, so it was abandoned and its uploaded file deleted. Start the job again."
)
MSG_KEY_TOO_LONG = _("The idempotency key may have at most 64 characters.")
MSG_KEY_REUSED = _(
    "This form was already sent once with other content (another file or other options). "
    "Reload the page and send it again."
)
# A key answers its first job for this long; after it, the same key starts new work.
IDEMPOTENCY_TTL = timezone.timedelta(hours=24)


def request_fingerprint(kind: str, params: dict[str, Any], data: bytes | None) -> str:
    """SHA-256 of a job's request: its kind, its parameters (the form's fields) and the uploaded file's bytes."""
    digest = hashlib.sha256()
    for part in (kind, json.dumps(params, sort_keys=True, separators=(",", ":"))):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(hashlib.sha256(data).digest() if data is not None else b"-")
    return digest.hexdigest()


def _same_request(existing: Job, fingerprint: str) -> Job:
    """The job a repeated key names — only when the key comes with what it was first sent with."""
    if existing.request_hash and existing.request_hash != fingerprint:
        raise ValidationError(MSG_KEY_REUSED, code="idempotency_key_reused")
    return existing


def start_job(
    *, actor: Any, kind: str, params: dict[str, Any], upload: Any = None, idempotency_key: str | None = None
) -> Job:
    """Record a job for `actor` and queue it once the surrounding transaction commits.

    `actor` is a saved Membership (a person) or the unsaved Membership a service-account token acts as
    (`integra.institutions.services.actor_for`): the job then belongs to the token's account, not to a membership.

    `upload` (bytes, or a file with `.read()` and `.name`) is kept in the job file storage for the worker;
    `params` must be JSON. The same `idempotency_key` from the same person within `IDEMPOTENCY_TTL` returns the
    first job instead of starting a second one (a double click runs once) — if it comes with the same kind,
    parameters and file; with anything else it is refused (`idempotency_key_reused`), never answered with
    the earlier job (a dry run's key reused for the real import must not silently skip the import). Raises
    PermissionDenied when the actor may not start this kind of job, ValidationError for an unknown kind, bad
    parameters or a reused key.
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
    data = None if upload is None else upload if isinstance(upload, bytes) else upload.read()
    fingerprint = request_fingerprint(kind, params, data) if key else ""
    if key and (existing := Job.objects.filter(owner_id=actor.user_id, idempotency_key=key).first()):
        if existing.created_at >= timezone.now() - IDEMPOTENCY_TTL:
            return _same_request(existing, fingerprint)
        Job.objects.filter(pk=existing.pk, idempotency_key=key).update(idempotency_key="")  # expired: free it
    job = Job(
        institution_id=actor.institution_id,
        owner_id=actor.user_id,
        membership=membership,
        service_account=account,
        kind=kind,
        params=params,
        idempotency_key=key,
        request_hash=fingerprint,
    )
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:  # the same key from a second request that won the race
        existing = Job.objects.filter(owner_id=actor.user_id, idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return _same_request(existing, fingerprint)
    if data is not None:
        name = getattr(upload, "name", "") or job.params.get("filename", "")
        job.input_file = storage.save_bytes(storage.new_name("in", job.pk, name), data)
        job.save(update_fields=["input_file", "updated_at"])
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def _principal(actor: Any) -> tuple[Any, ServiceAccount | None]:
    """Whom a job belongs to: the actor's membership row, or the service account of a token's actor."""
    if getattr(actor, "pk", None) is not None:
        return actor, None
    account = ServiceAccount.objects.filter(
        user_id=getattr(actor, "user_id", None), institution_id=actor.institution_id
    ).first()
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
    elif (
        job.status == JobStatus.QUEUED
        and job.enqueued_at is None
        and (not job.enqueue_attempts or job.updated_at < timezone.now() - RETRY_QUEUE_AFTER)
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
    count = _fail(Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=now), MSG_WORKER_LOST, now)
    if count:
        logger.warning("%s job(s) marked failed: their worker stopped", count)
    return count


def fail_interrupted(worker: str, *, now: Any = None) -> int:
    """Mark failed the running jobs of `worker`, whose database connection ended under them (PostgreSQL
    restarted): their transaction was rolled back, so nothing of them was saved; they are not left running
    until their lease runs out."""
    now = now or timezone.now()
    count = _fail(Job.objects.filter(status=JobStatus.RUNNING, worker=worker), MSG_WORKER_LOST, now)
    if count:
        logger.warning("%s job(s) marked failed: the database connection ended under them", count)
    return count


def _fail(jobs: Any, message: Any, now: Any) -> int:
    """Mark `jobs` failed with `message` and delete their files: the uploaded input (a sheet of personal data
    must not outlive its job) and any half-written result."""
    names = [name for pair in jobs.values_list("input_file", "result_file") for name in pair if name]
    count = jobs.update(
        status=JobStatus.FAILED,
        error=str(message),
        finished_at=now,
        lease_until=None,
        input_file="",
        result_file="",
    )
    for name in names:
        storage.delete(name)
    return count


def sweep_files(*, now: Any = None) -> dict[str, int]:
    """The periodic sweep (`jobs.sweep_files`, every INTEGRA_JOB_SWEEP_EVERY_SECONDS): what a job's own end did
    not remove. A job still waiting for a worker after INTEGRA_JOB_LEFTOVER_HOURS is abandoned (failed, its
    uploaded sheet deleted); a file in the job storage that no waiting, running or finished job names (a worker
    killed while writing it, a request that rolled back after saving the upload) is deleted once it is older
    than that age. Idempotent: a second run finds nothing."""
    now = now or timezone.now()
    age = timezone.timedelta(hours=settings.INTEGRA_JOB_LEFTOVER_HOURS)
    fail_stale_jobs(now=now)
    abandoned = _fail(Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - age), MSG_ABANDONED, now)
    known = {
        name
        for pair in Job.objects.exclude(input_file="", result_file="").values_list("input_file", "result_file")
        for name in pair
        if name
    }
    removed = 0
    for name in storage.names_older_than(("in", "out"), now - age):
        if name not in known:
            storage.delete(name)
            removed += 1
    if abandoned or removed:
        logger.warning("job sweep: %s abandoned job(s) failed, %s leftover file(s) deleted", abandoned, removed)
    return {"abandoned": abandoned, "files": removed}


def lease_seconds() -> int:
    return settings.INTEGRA_JOB_LEASE_SECONDS
