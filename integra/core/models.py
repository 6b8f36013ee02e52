"""Shared base models: the tenancy scope and the change history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.roles import Acting
from integra.core.templatetags.integra import format_date


class ScopedQuerySet(models.QuerySet):
    """Rows of one centre. `for_membership` is the single scoping entry point."""

    def for_membership(self, membership: Acting | None) -> ScopedQuerySet:
        """Rows of the centre the acting membership belongs to; nothing without one."""
        if membership is None:
            return self.none()
        return self.filter(institution_id=membership.institution_id)

    def for_institution(self, institution_id: int) -> ScopedQuerySet:
        """Rows of one centre (CLI and services that act for a centre)."""
        return self.filter(institution_id=institution_id)

    def get_for(self, membership: Acting | None, **lookup: Any):
        """One row of the acting centre, or 404 (another centre's rows do not exist for us)."""
        try:
            return self.for_membership(membership).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


OTHER_CENTRE = _("This record belongs to another centre.")


def ensure_same_centre(actor: Any, *objs: Any, message: Any = OTHER_CENTRE, **params: Any) -> None:
    """Refuse (ValidationError, code `other_centre`) when any object given is of another centre than `actor`'s.
    `None`s are skipped: an optional reference that is not set is not a foreign one. Every service checks the
    objects a caller hands it with this one function."""
    for obj in objs:
        if obj is not None and obj.institution_id != actor.institution_id:
            raise ValidationError(message, code="other_centre", params=params or None)


def centre_field(*, db_index: bool = True) -> models.ForeignKey:
    """The centre a scoped row belongs to. `db_index=False` where an index of the model already starts with
    `institution_id` (a composite or unique one serves every lookup by centre, and the foreign key's check when
    a centre is deleted): one index entry less per row written (issue 26, point 6)."""
    return models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
        db_index=db_index,
    )


class ScopedModel(models.Model):
    """A personal or operational row; `institution_id` is the isolation boundary."""

    institution = centre_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True) -> None:
        """As Django's; inside `generated_rows()` without the checks that ask the database (a related row
        exists, unique values, constraints): those the database enforces anyway when the row is written."""
        if _GENERATED.get():
            related = {f.name for f in self._meta.concrete_fields if f.is_relation}
            exclude, validate_unique, validate_constraints = {*(exclude or ()), *related}, False, False
        super().full_clean(exclude, validate_unique, validate_constraints)


_GENERATED: ContextVar[bool] = ContextVar("integra_generated_rows", default=False)


@contextmanager
def generated_rows() -> Iterator[None]:
    """Rows written by a generator the project owns (the demo): the services still validate every value, but
    not by a query per foreign key and constraint — cProfile of `integra demo-data` found those queries to be
    ~40 % of its CPU time (issue 26, point 7). Never around what a person or a file sends."""
    token = _GENERATED.set(True)
    try:
        yield
    finally:
        _GENERATED.reset(token)


class VersionedModel(models.Model):
    """Optimistic locking: a save must name the version it was edited from."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class HistoryEntry(models.Model):
    """Who changed what and when; append-only (domain: history of every change)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        STATUS = "status", _("status changed")

    # Its own index although history_object_idx starts with it: the planner reads a centre's rows through the
    # narrow one (bench/RESULTS.md, "Issue 26: start-up, import and indexes").
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    actor = models.ForeignKey(  # history_actor_idx: none for what the system or a command line did
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    comment = models.CharField(max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["institution", "content_type", "object_id", "-at"], name="history_object_idx"),
            models.Index(fields=["actor"], condition=models.Q(actor__isnull=False), name="history_actor_idx"),
        ]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id} @ {format_date(self.at)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("History entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        raise ValueError("History entries are append-only")


class AccessLogEntry(models.Model):
    """Who viewed or exported personal data, when and from where; append-only (RODO accountability)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("viewed a participant's page")
        DOCUMENT = "document", _("downloaded a document (PDF)")
        EXPORT = "export", _("exported a file (XLSX/CSV)")
        API = "api", _("API response")
        SUBJECT_ACCESS = "subject_access", _("data-subject access package")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject_type = models.CharField(max_length=50, blank=True)  # e.g. "people.participant"
    subject_id = models.BigIntegerField(null=True, blank=True)
    what = models.CharField(max_length=200, blank=True)  # export or document name, never personal data
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["institution", "subject_type", "subject_id"], name="accesslog_subject_idx")]
        verbose_name = _("access-log entry")
        verbose_name_plural = pgettext_lazy("personal data", "access log")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}:{self.subject_id} {self.what} @ {format_date(self.at)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Access-log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        raise ValueError("Access-log entries are append-only")
