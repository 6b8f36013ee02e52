"""A job: long work (an import, an export, a report) that runs in a worker, not inside a web request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.models import ScopedModel, ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class JobQuerySet(ScopedQuerySet):
    def owned_by(self, user) -> JobQuerySet:
        """A user's own jobs (a job is readable only by the person who started it)."""
        return self.filter(owner=user) if getattr(user, "pk", None) else self.none()

    def unfinished(self) -> JobQuerySet:
        """Jobs still waiting or running."""
        return self.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))


class Job(ScopedModel):
    """Zadanie w tle: one piece of long work started by a person, run by a worker under that person's
    membership (role and centre); the row is the source of truth for the screens of every app server.

    A job started over the HTTP API with a token belongs to the token's service account instead: the token
    has no Membership row (it must not appear among the centre's staff), so exactly one of `membership` and
    `service_account` is set, and the worker acts as the token (`integra.institutions.services.actor_for`)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "institutions.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service_account = models.ForeignKey(
        "institutions.ServiceAccount", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)  # Polish, shown on the job page
    error = models.TextField(blank=True)  # Polish, for the person; never a traceback
    result = models.JSONField(default=dict, blank=True)
    input_file = models.CharField(max_length=255, blank=True)  # name in the job file storage
    result_file = models.CharField(max_length=255, blank=True)
    result_filename = models.CharField(max_length=255, blank=True)  # offered to the browser
    result_content_type = models.CharField(max_length=100, blank=True)
    result_personal = models.BooleanField(default=True)  # downloads are access-logged
    idempotency_key = models.CharField(max_length=64, blank=True)
    # SHA-256 of what the key was first sent with (kind, parameters, uploaded bytes): the same key with other
    # content is refused instead of answering the first job (jobs.services.request_fingerprint).
    request_hash = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the queue's id, empty while not yet enqueued
    enqueued_at = models.DateTimeField(null=True, blank=True)
    enqueue_attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)  # a running job's worker renews it
    worker = models.CharField(max_length=120, blank=True)  # host:pid of the process running it

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"], condition=~Q(idempotency_key=""), name="job_owner_idempotency_key"
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=models.F("total")), name="job_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(membership__isnull=False, service_account__isnull=True)
                | Q(membership__isnull=True, service_account__isnull=False),
                name="job_membership_xor_service_account",
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent_idx")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Progress 0–100, or None while the size of the work is unknown."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class PeriodicTurn(models.Model):
    """When a periodic piece of work (`registry.PeriodicWork`) is next due; the row is how many workers agree that
    only one of them queues each turn (an UPDATE … WHERE next_at <= now claims it)."""

    name = models.CharField(max_length=60, unique=True)
    next_at = models.DateTimeField()
    last_queued_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.name} next {self.next_at:%Y-%m-%d %H:%M}"


class JobFileChunk(models.Model):
    """One piece of a job file kept in the database (INTEGRA_FILES_URL=database:, PostgreSQL's default): every
    app server and worker reach the database, so a sheet uploaded on one host is read by a worker on another.
    A file is its chunks in `seq` order under one storage name; it is deleted with its job like a file in the
    folder (`integra.jobs.storage`)."""

    name = models.CharField(max_length=255)
    seq = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "seq"], name="jobfilechunk_name_seq")]
        indexes = [models.Index(fields=["created_at"], name="jobfilechunk_created_idx")]

    def __str__(self) -> str:
        return f"{self.name} [{self.seq}]"
