"""Planning data: the staffing rule, caseload norms, households in social work, and the needs form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel
from integra.core.roles import NeedKind, Specialty


class StaffingRuleQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> StaffingRuleQuerySet:
        """Rules whose validity period includes the day (latest start first)."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by(
            "-valid_from"
        )


class StaffingRule(models.Model):
    """Standard zatrudnienia pracowników socjalnych (art. 110 ust. 11): the rule as data with validity dates.

    Kept by administrators (Django admin); the default row is loaded by a data migration.
    """

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(pgettext_lazy("staffing rule", "valid until"), null=True, blank=True)
    inhabitants_per_worker = models.PositiveIntegerField(
        _("inhabitants per full-time social worker"), default=2000, validators=[MinValueValidator(1)]
    )
    households_per_worker = models.PositiveIntegerField(
        _("families and households in social work per full-time social worker"),
        default=50,
        validators=[MinValueValidator(1)],
    )
    minimum_workers = models.PositiveSmallIntegerField(_("minimum full-time social workers"), default=3)
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, default="art. 110 ust. 11 ustawy o pomocy społecznej"
    )

    objects = StaffingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="staffing_rule_period",
            ),
        ]
        verbose_name = _("staffing rule")
        verbose_name_plural = _("staffing rules")

    def __str__(self) -> str:
        return (
            f"{self.legal_basis} ({self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y})"
            if self.valid_to
            else (f"{self.legal_basis} ({self.valid_from:%d.%m.%Y}–)")
        )


class HouseholdsInSocialWork(models.Model):
    """Families and single households in social work in a year, as the centre reports them (art. 110 ust. 11).

    When a year has no row, the registry's current count (`Household.in_social_work`) is used.
    """

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)])
    households = models.PositiveIntegerField(_("families and households in social work"))

    class Meta:
        ordering = ["institution", "year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="households_in_social_work_year")]
        verbose_name = _("households in social work (year)")
        verbose_name_plural = _("households in social work (years)")

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.households}"


class CaseloadNorm(models.Model):
    """Norma obciążenia: people one full-time specialist can support (configurable; opening diagnosis)."""

    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices, unique=True)
    people_per_fte = models.PositiveIntegerField(_("people per full-time post"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["specialty"]
        verbose_name = _("caseload norm")
        verbose_name_plural = _("caseload norms")

    def __str__(self) -> str:
        return f"{self.specialty}: {self.people_per_fte}"


DEFAULT_CASELOAD_NORMS = {
    Specialty.SOCIAL_WORKER: 50,
    Specialty.PSYCHOLOGIST: 60,
    Specialty.CAREER_ADVISOR: 80,
    Specialty.LAWYER: 120,
    Specialty.THERAPIST: 40,
    Specialty.FAMILY_ASSISTANT: 15,
    Specialty.FINANCIAL_ADVISOR: 100,
}


class ParticipantNeed(ScopedModel):
    """Formularz potrzeb: a need of a person noted outside recruitment (one row per need and date)."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="planning_needs", verbose_name=_("participant")
    )
    need = models.CharField(_("need"), max_length=30, choices=NeedKind.choices)
    recorded_on = models.DateField(_("recorded on"))
    note = models.CharField(pgettext_lazy("need", "note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("need", "recorded by"),
    )

    class Meta:
        ordering = ["participant", "need", "recorded_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "need", "recorded_on"], name="participant_need_once_a_day")
        ]
        indexes = [models.Index(fields=["institution", "need", "recorded_on"], name="planning_need_kind_idx")]
        verbose_name = _("participant need")
        verbose_name_plural = _("participant needs")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.need} {self.recorded_on:%d.%m.%Y}"


class Setting(models.Model):
    """Planning settings an administrator may change (one row): the 'received support' threshold."""

    received_share = models.DecimalField(
        _("share of planned hours attended that counts as receiving an instrument"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )

    class Meta:
        verbose_name = _("planning setting")
        verbose_name_plural = _("planning settings")

    def __str__(self) -> str:
        return f"{self.received_share}"

    @classmethod
    def current(cls) -> Setting:
        return cls.objects.order_by("pk").first() or cls()
