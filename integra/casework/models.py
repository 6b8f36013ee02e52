"""Social contracts, individual plans (IPD), local activity programmes (PAL) and case notes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.models import ScopedModel, ScopedQuerySet, VersionedModel
from integra.core.permissions import can_view_case_notes
from integra.core.roles import Role, Specialty


class AppendOnly(models.Model):
    """A row that records a fact of the past: never updated, never deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        raise ValueError(f"{type(self).__name__} rows are append-only")


class SocialContractQuerySet(ScopedQuerySet):
    def active(self) -> SocialContractQuerySet:
        """Contracts in force (signed, not yet finished)."""
        return self.filter(status=SocialContract.Status.ACTIVE)

    def caseload(self, membership) -> SocialContractQuerySet:
        """The contracts a membership's lists show (README „Caseload”): a social worker's own, any other role's the
        whole centre's. Only lists narrow: reading one contract, the timeline and the API stay with the centre's
        (`for_membership`), so a social worker standing in for a colleague opens and the API lists every one."""
        rows = self.for_membership(membership)
        if membership is not None and membership.role == Role.SOCIAL_WORKER:
            rows = rows.filter(social_worker=membership)
        return rows


class SocialContract(ScopedModel, VersionedModel):
    """Kontrakt socjalny (art. 108 of the social assistance act; 2010 template, variants A and B)."""

    class Variant(models.TextChoices):
        A = "A", _("A – person or family solving a difficult life situation")
        B = "B", _("B – strengthening activity and independence, countering exclusion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        BROKEN = "broken", _("broken")
        TERMINATED = "terminated", _("terminated")

    number = models.CharField(_("number"), max_length=50)
    variant = models.CharField(_("variant"), max_length=1, choices=Variant.choices, default=Variant.B)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_contracts",
        verbose_name=_("project"),
    )
    social_worker = models.ForeignKey(
        "institutions.Membership",
        on_delete=models.PROTECT,
        related_name="social_contracts",
        verbose_name=_("social worker"),
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="social_contracts", verbose_name=_("person")
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_contracts",
        verbose_name=_("family"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    assessment = models.TextField(_("assessment of the situation"), blank=True)
    causes = models.TextField(_("causes of the difficult situation"), blank=True)
    resources = models.TextField(_("resources and abilities"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    main_goal = models.TextField(_("main goal"), blank=True)
    evaluation_method = models.TextField(_("how it will be evaluated"), blank=True)
    final_evaluation = models.TextField(_("final evaluation"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)

    objects = SocialContractQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="contract_number_unique_per_centre"),
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="contract_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["institution", "social_worker", "status"], name="contract_worker_idx"),
            models.Index(fields=["institution", "project"], name="contract_project_idx"),
        ]
        verbose_name = _("social contract")
        verbose_name_plural = _("social contracts")

    def __str__(self) -> str:
        return f"{self.number}"


class ContractMember(ScopedModel):
    """A family member who is a party to a variant-A contract."""

    contract = models.ForeignKey(
        SocialContract, on_delete=models.CASCADE, related_name="members", verbose_name=_("social contract")
    )
    household_member = models.ForeignKey(
        "people.HouseholdMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract_roles",
        verbose_name=_("family member"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household_member__isnull=False) | ~Q(name=""), name="contract_member_named"
            )
        ]

    @property
    def display_name(self) -> str:
        return self.household_member.display_name if self.household_member_id else self.name


class ContractStage(ScopedModel):
    """A stage of the contract with its specific goal."""

    contract = models.ForeignKey(
        SocialContract, on_delete=models.CASCADE, related_name="stages", verbose_name=_("social contract")
    )
    order = models.PositiveSmallIntegerField(_("no."), default=1)
    goal = models.TextField(_("specific goal"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["contract", "order", "id"]
        verbose_name = _("contract stage")


class ContractObligation(ScopedModel):
    """An action one party commits to in a stage, with a deadline."""

    class Party(models.TextChoices):
        PARTICIPANT = "participant", _("person / family")
        CENTRE = "centre", _("social-welfare centre")

    contract = models.ForeignKey(
        SocialContract, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("social contract")
    )
    stage = models.ForeignKey(
        ContractStage, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("stage")
    )
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    action = models.TextField(_("action"))
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["stage", "deadline", "id"]
        verbose_name = _("obligation")


class ContractModification(ScopedModel, AppendOnly):
    """A dated change of a contract with its reason (kept as history)."""

    contract = models.ForeignKey(
        SocialContract, on_delete=models.PROTECT, related_name="modifications", verbose_name=_("social contract")
    )
    modified_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changed values"))  # {field: [old, new]}
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["modified_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="contract_modification_has_reason")]

    def __str__(self) -> str:
        return f"{self.contract_id} @ {self.modified_on:%d.%m.%Y}"


class ContractStatusChange(ScopedModel, AppendOnly):
    """A status transition with date and reason; a breach is recorded and never deleted."""

    contract = models.ForeignKey(
        SocialContract, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("social contract")
    )
    changed_on = models.DateField(_("date"))
    from_status = models.CharField(
        max_length=12, choices=SocialContract.Status.choices, verbose_name=_("previous status")
    )
    to_status = models.CharField(max_length=12, choices=SocialContract.Status.choices, verbose_name=_("new status"))
    reason = models.TextField(_("reason"), blank=True)
    decision = models.TextField(_("decision taken"), blank=True, help_text=_("e.g. benefits suspended"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.from_status} → {self.to_status} @ {self.changed_on:%d.%m.%Y}"


class IndividualPlan(ScopedModel, VersionedModel):
    """Indywidualny Plan Działania (IPD): the career advisor's plan with the person."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="individual_plans", verbose_name=_("person")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="individual_plans",
        verbose_name=_("project"),
    )
    career_advisor = models.ForeignKey(
        "institutions.Membership",
        on_delete=models.PROTECT,
        related_name="individual_plans",
        verbose_name=_("career advisor"),
    )
    drawn_up_on = models.DateField(_("drawn up on"))
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    goals = models.TextField(_("goals"))
    # Codes of the support catalogue (support.Instrument.code); kept as codes so the plan survives catalogue edits.
    planned_instruments = models.JSONField(_("planned instruments"), default=list, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["-drawn_up_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="plan_end_after_start")
        ]
        indexes = [models.Index(fields=["institution", "project"], name="plan_project_idx")]
        verbose_name = _("individual action plan (IPD)")
        verbose_name_plural = _("individual action plans (IPD)")

    def __str__(self) -> str:
        return f"IPD {self.participant_id} {self.drawn_up_on:%d.%m.%Y}"


class PlanReview(ScopedModel):
    """A dated review of an individual plan (what was done, what changes)."""

    plan = models.ForeignKey(
        IndividualPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("individual action plan (IPD)")
    )
    reviewed_on = models.DateField(_("review date"))
    notes = models.TextField(_("review notes"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["reviewed_on", "id"]


class LocalActivityProgramme(ScopedModel):
    """Program Aktywności Lokalnej (PAL): a group of participants with goals and a period."""

    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_programmes",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=300)
    goals = models.TextField(_("goals"))
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    coordinator = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("led by"),
    )
    participants = models.ManyToManyField(
        "people.Participant", through="ProgrammeParticipant", related_name="local_programmes"
    )

    class Meta:
        ordering = ["-start_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="pal_end_after_start")
        ]
        indexes = [models.Index(fields=["institution", "project"], name="pal_project_idx")]
        verbose_name = _("local activity programme (PAL)")
        verbose_name_plural = _("local activity programmes (PAL)")

    def __str__(self) -> str:
        return self.title


class ProgrammeParticipant(ScopedModel):
    """A participant of a PAL."""

    programme = models.ForeignKey(
        LocalActivityProgramme,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("local activity programme (PAL)"),
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        related_name="programme_memberships",
        verbose_name=_("person"),
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["programme", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "participant"], name="pal_participant_once")]


class CaseNoteQuerySet(ScopedQuerySet):
    def visible_to(self, membership) -> CaseNoteQuerySet:
        """Notes the membership may read (integra.core.permissions.can_view_case_notes, as a filter)."""
        if not can_view_case_notes(membership):
            return self.none()
        qs = self.for_membership(membership)
        if membership.role == "specialist":
            qs = qs.filter(specialty=membership.specialty)
        return qs


class CaseNote(ScopedModel):
    """Notatka z pracy z osobą: a dated note with an author, visible to social workers and its specialty."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="case_notes", verbose_name=_("person")
    )
    author = models.ForeignKey(
        "institutions.Membership", on_delete=models.PROTECT, related_name="case_notes", verbose_name=_("author")
    )
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices)
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-id"]
        indexes = [models.Index(fields=["institution", "participant", "specialty"], name="casenote_participant_idx")]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
