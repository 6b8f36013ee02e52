"""Recruitment calls, criteria, applications, needs assessments and the decision history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel, ScopedQuerySet
from integra.core.roles import NeedKind


class RecruitmentCall(ScopedModel):
    """Rekrutacja (regulamin rekrutacji): a call for participants of a project."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="recruitment_calls", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    reserve_size = models.PositiveIntegerField(_("size of the reserve list"), default=0)
    rules = models.TextField(_("rules of recruitment"), blank=True)
    attachment = models.FileField(_("rules (file)"), upload_to="recruitment/rules/%Y/", blank=True)
    committee = models.TextField(_("recruitment committee"), blank=True, help_text=_("members, one per line"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-opens_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="call_capacity_positive"),
        ]
        verbose_name = _("recruitment call")
        verbose_name_plural = _("recruitment calls")

    def __str__(self) -> str:
        return self.title


class Criterion(ScopedModel):
    """Kryterium rekrutacji: a required condition, points from recorded attributes, or points by hand."""

    class Kind(models.TextChoices):
        REQUIRED = "required", _("required condition")
        ATTRIBUTE = "attribute", _("points from recorded attributes")
        MANUAL = "manual", _("points awarded by the recruiter")

    class Rule(models.TextChoices):
        # required conditions
        LIVES_IN_GMINA = "lives_in_gmina", _("lives in the gmina")
        WORKING_AGE = "working_age", _("is of working age")
        SOCIAL_ASSISTANCE_CLIENT = "social_assistance_client", _("is a social-assistance client")
        # attributes (also usable as required conditions)
        WOMAN = "woman", _("woman")
        DISABILITY = "disability", _("person with disabilities")
        LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
        UNEMPLOYED = "unemployed", _("unemployed")
        ELIGIBILITY_GROUP = "eligibility_group", _("belongs to a KIS eligibility group")
        HOMELESS = "homeless", _("homeless or excluded from housing")
        # manual
        HAND = "hand", _("awarded by hand")

    call = models.ForeignKey(RecruitmentCall, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    label = models.CharField(_("name"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"), default=0, help_text=_("maximum for points awarded by hand"))
    # Rule parameters (configurable): {"min_age": 18, "max_age": 64}, {"gmina": "Leżajsk"}, {"group": "disabled"}.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="manual") | Q(rule="hand"), name="criterion_manual_rule_is_hand"),
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.label


class ApplicationQuerySet(ScopedQuerySet):
    def ranked(self) -> ApplicationQuerySet:
        """Ranking order: points desc, earlier application, then the committee's tie-break."""
        return self.order_by("-points", "applied_on", models.F("tie_break").asc(nulls_last=True), "id")


class Application(ScopedModel):
    """Zgłoszenie: a person's application to a recruitment call."""

    class Source(models.TextChoices):
        OWN = "own", _("own initiative")
        SOCIAL_WORKER = "social_worker", _("social worker")
        LABOUR_OFFICE = "labour_office", _("labour office (PUP)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting decision")
        QUALIFIED = "qualified", _("qualified")
        RESERVE = "reserve", _("reserve list")
        REJECTED = "rejected", pgettext_lazy("application", "rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("application", "withdrawn")

    call = models.ForeignKey(
        RecruitmentCall, on_delete=models.PROTECT, related_name="applications", verbose_name=_("recruitment call")
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="applications", verbose_name=_("person")
    )
    applied_on = models.DateField(_("application date"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OWN)
    home_interview_on = models.DateField(_("home interview (wywiad środowiskowy) on"), null=True, blank=True)
    questionnaire = models.JSONField(_("questionnaire answers"), default=dict, blank=True)
    questionnaire_notes = models.TextField(_("questionnaire notes"), blank=True)
    points = models.IntegerField(_("points"), default=0)
    meets_requirements = models.BooleanField(_("meets the required conditions"), default=True)
    failed_requirements = models.CharField(_("failed conditions"), max_length=500, blank=True)
    tie_break = models.PositiveIntegerField(
        _("committee tie-break"), null=True, blank=True, help_text=_("lower goes first; recorded by the committee")
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    status = models.CharField(_("decision"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    participation = models.ForeignKey(
        "projects.Participation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("participation in the project"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["call", "rank", "applied_on", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "participant"], name="application_once_per_call")]
        indexes = [models.Index(fields=["institution", "call", "status"], name="application_call_idx")]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.call_id}/{self.participant_id}"


class ManualScore(ScopedModel):
    """Points a recruiter awards by hand; the written justification is required."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="manual_scores", verbose_name=_("application")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="manual_scores", verbose_name=_("criterion")
    )
    points = models.PositiveSmallIntegerField(_("points"))
    justification = models.TextField(_("justification"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("awarded by")
    )
    awarded_on = models.DateField(_("date"))

    class Meta:
        ordering = ["application", "criterion", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="manual_score_once"),
            models.CheckConstraint(condition=~Q(justification=""), name="manual_score_justified"),
        ]


class Decision(ScopedModel):
    """One dated, signed change of an application's decision; the history is never updated."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("application")
    )
    decided_on = models.DateField(_("date"))
    from_status = models.CharField(
        pgettext_lazy("status before", "before"), max_length=12, choices=Application.Status.choices
    )
    to_status = models.CharField(_("decision"), max_length=12, choices=Application.Status.choices)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["institution", "application"], name="decision_application_idx")]
        verbose_name = _("decision")
        verbose_name_plural = _("decision history")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Decisions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        raise ValueError("Decisions are append-only")


class NeedsAssessment(ScopedModel):
    """Diagnoza potrzeb: one support need of a person (one row per need), from recruitment or later."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="needs", verbose_name=_("person")
    )
    application = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="needs",
        verbose_name=_("application"),
    )
    need = models.CharField(_("need"), max_length=30, choices=NeedKind.choices)
    recorded_on = models.DateField(pgettext_lazy("needs assessment", "recorded on"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["participant", "need", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "need"], condition=Q(application__isnull=False), name="need_once_per_application"
            )
        ]
        indexes = [models.Index(fields=["institution", "need", "recorded_on"], name="need_kind_idx")]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
