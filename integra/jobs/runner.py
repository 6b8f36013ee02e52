"""Running one job inside a worker: claim the row, renew its lease and write its progress from a
heartbeat thread (its own database connection, so the progress is readable by every app server even while
the job's own transaction is open), run the kind under the stored membership (or as the stored service-account token), record the outcome."""

from __future__ import annotations

import logging
import os
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from integra.institutions.models import Membership, ServiceAccount
from integra.institutions.services import actor_for
from integra.jobs import registry, storage
from integra.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

MSG_NOT_ALLOWED = _("You may no longer do this (your role or centre has changed since the job was started).")
MSG_UNEXPECTED = _("The job stopped on an unexpected error; nothing of it was saved. Please tell the administrator.")
MSG_UNKNOWN_KIND = _("This kind of job is not known.")
MSG_TOKEN_GONE = _("The API token that started this job has been revoked or has expired since; the job was not run.")


def worker_name() -> str:
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


class JobContext:
    """What a job kind's `run(ctx)` sees: the job, the acting membership, progress and result writers."""

    def __init__(self, job: Job):
        self.job = job
        self.membership: Membership | None = job.membership  # set to the acting membership once allowed
        self.params: dict[str, Any] = job.params
        self.done = job.done
        self.total = job.total
        self.message = ""
        self.result: dict[str, Any] = {}
        self._file: tuple[str, str, str, bool] | None = None  # (storage name, filename, content type, personal)

    def progress(self, done: int, total: int | None = None) -> None:
        """Rows (or items) done of total; cheap: the heartbeat writes it to the database."""
        self.done = max(0, int(done))
        if total is not None:
            self.total = max(int(total), self.done)

    def input_bytes(self) -> bytes:
        with storage.job_storage().open(self.job.input_file, "rb") as handle:
            return handle.read()

    def save_file(self, data: bytes, filename: str, content_type: str, *, personal: bool = True) -> None:
        """The job's result file, offered to its owner when the job is done."""
        self._drop_file()
        name = storage.save_bytes(storage.new_name("out", self.job.pk, filename), data)
        self._file = (name, filename, content_type, personal)

    @contextmanager
    def result_path(self, filename: str, content_type: str, *, personal: bool = True):
        """A path to write a large result file to; it is kept only if the block finishes without an error."""
        self._drop_file()
        copy = storage.LocalCopy(storage.new_name("out", self.job.pk, filename))
        try:
            try:
                yield copy.path
            except BaseException:
                copy.discard()
                raise
            self._file = (copy.keep(), filename, content_type, personal)
        finally:
            copy.close()

    def _drop_file(self) -> None:
        if self._file:
            storage.delete(self._file[0])
            self._file = None


class Heartbeat(threading.Thread):
    """Renews the job's lease and writes its progress every INTEGRA_JOB_HEARTBEAT_SECONDS."""

    def __init__(self, job_id: int, worker: str, ctx: JobContext | None = None):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.worker, self.ctx = job_id, worker, ctx
        self.stopped = threading.Event()

    def beat(self) -> None:
        values: dict[str, Any] = {"lease_until": timezone.now() + timedelta(seconds=settings.INTEGRA_JOB_LEASE_SECONDS)}
        if self.ctx is not None:
            values.update(done=self.ctx.done, total=self.ctx.total, message=self.ctx.message[:500])
        Job.objects.filter(pk=self.job_id, worker=self.worker, status=JobStatus.RUNNING).update(**values)

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.INTEGRA_JOB_HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except DatabaseError:  # a locked SQLite file: the next beat tries again
                    logger.debug("heartbeat of job %s skipped", self.job_id, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def _actor(job: Job, kind: registry.JobKind) -> Membership:
    """The membership the job runs under, as it is now; JobFailed when it may no longer do the job."""
    today = timezone.localdate()
    if job.service_account_id is not None:
        account = (
            ServiceAccount.objects.usable_on(today)
            .filter(pk=job.service_account_id)
            .select_related("user", "institution")
            .first()
        )
        if account is None:
            raise registry.JobFailed(MSG_TOKEN_GONE)
        membership = actor_for(account)
        if account.user_id != job.owner_id or account.institution_id != job.institution_id:
            raise registry.JobFailed(MSG_NOT_ALLOWED)
    else:
        membership = (
            Membership.objects.active_on(today)
            .filter(pk=job.membership_id, is_active=True)
            .select_related("user", "institution")
            .first()
        )
        if membership is None or not membership.user.is_active or membership.user_id != job.owner_id:
            raise registry.JobFailed(MSG_NOT_ALLOWED)
    if not kind.predicate(membership):
        raise registry.JobFailed(MSG_NOT_ALLOWED)
    return membership


def run_job(job_id: int) -> str:
    """Run one job (the body of the task). Returns the final status; a job already taken does nothing."""
    worker = worker_name()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        worker=worker,
        lease_until=now + timedelta(seconds=settings.INTEGRA_JOB_LEASE_SECONDS),
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("membership").get(pk=job_id)
    ctx = JobContext(job)
    heartbeat = Heartbeat(job_id, worker, ctx)
    heartbeat.start()
    status, error = JobStatus.DONE, ""
    try:
        kind = registry.get(job.kind)
        with translation.override(settings.LANGUAGE_CODE):
            if kind is None:
                raise registry.JobFailed(MSG_UNKNOWN_KIND)
            ctx.membership = _actor(job, kind)
            kind.run(ctx)
    except registry.JobFailed as exc:
        status, error = JobStatus.FAILED, exc.message
        ctx.result = exc.result
        if exc.file is None:
            ctx._drop_file()
        else:
            ctx.save_file(*exc.file)
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        status, error = JobStatus.FAILED, str(MSG_UNEXPECTED)
        ctx.result = {}
        ctx._drop_file()
    finally:
        heartbeat.stop()
    _finish(job, ctx, worker, status, error)
    return status


def _finish(job: Job, ctx: JobContext, worker: str, status: str, error: str) -> None:
    name, filename, content_type, personal = ctx._file or ("", "", "", True)
    total = ctx.total
    done = (total if total is not None else ctx.done) if status == JobStatus.DONE else ctx.done
    if total is not None:
        done = min(done, total)
    Job.objects.filter(pk=job.pk, worker=worker).update(
        status=status,
        error=error[:5000],
        result=ctx.result,
        done=done,
        total=total,
        message=ctx.message[:500],
        result_file=name,
        result_filename=filename[:255],
        result_content_type=content_type[:100],
        result_personal=personal,
        finished_at=timezone.now(),
        lease_until=None,
    )
    if job.input_file:
        storage.delete(job.input_file)
        Job.objects.filter(pk=job.pk).update(input_file="")
