"""Project money: budget versions and lines, expenses, own contribution from benefits, caps.

Amounts are `Decimal` with two places (grosze) everywhere; nothing here is ever a float.
Expenses and benefits are an append-only ledger: a mistake is corrected by a new entry that
references the corrected one, never by editing or deleting it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.formats import format_money
from integra.core.models import ScopedModel, ScopedQuerySet, VersionedModel
from integra.support.models import InstrumentGroup

ZERO = Decimal("0.00")
AMOUNT = {"max_digits": 14, "decimal_places": 2}


def new_lineage() -> str:
    return uuid.uuid4().hex


class FundingSource(models.TextChoices):
    """Źródło finansowania: EU co-financing, state budget, own contribution (wkład własny)."""

    EU = "eu", _("EU (ESF)")
    STATE = "state", _("state budget")
    OWN = "own", _("own contribution")


class CostCategory(models.TextChoices):
    """Kategoria kosztu: what caps are set on (domain.md §8)."""

    STAFF = "staff", _("staff")
    PARTICIPANT_SUPPORT = "participant_support", _("support for participants")
    BENEFITS = "benefits", _("benefits for participants")
    OFFICE_ADAPTATION = "office_adaptation", _("office adaptation")
    FIXED_ASSETS = "fixed_assets", _("fixed assets")
    CROSS_FINANCING = "cross_financing", _("cross-financing")
    PROMOTION = "promotion", _("promotion")
    MANAGEMENT = "management", _("project management")
    OTHER = "other", _("other")


class BudgetVersion(ScopedModel):
    """Wersja budżetu: the approved budget or a later amendment (aneks), each dated and kept.

    Lines belong to a version; an amendment starts as a copy of the current version. The current
    version of a project is its latest approved one; approved versions are never changed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="budget_versions", verbose_name=_("project")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("based on")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="budget_version_number_unique",
                violation_error_message=_("This project already has a budget version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False), name="budget_version_approved_has_date"
            ),
        ]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")

    def __str__(self) -> str:
        return f"{self.project.code} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_amendment(self) -> bool:
        return self.based_on_id is not None


class BudgetLine(ScopedModel, VersionedModel):
    """Pozycja budżetu: one line of one budget version, planned amounts split by source.

    `lineage` is the same for a line and its copies in later versions, so expenses recorded
    against an older version's line count for the current one.
    """

    budget = models.ForeignKey(
        BudgetVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget version")
    )
    lineage = models.CharField(max_length=32, default=new_lineage, editable=False)
    number = models.CharField(_("number"), max_length=20, help_text=_("e.g. 1.2"))
    task = models.CharField(_("task"), max_length=200)
    name = models.CharField(_("cost item"), max_length=300)
    category = models.CharField(_("cost category"), max_length=30, choices=CostCategory.choices)
    instrument_group = models.CharField(
        _("instrument group"), max_length=20, choices=InstrumentGroup.choices, blank=True
    )
    eligible = models.BooleanField(_("eligible cost"), default=True)
    planned_eu = models.DecimalField(_("planned: EU"), **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)])
    planned_state = models.DecimalField(
        _("planned: state budget"), **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    planned_own = models.DecimalField(
        _("planned: own contribution"), **AMOUNT, default=ZERO, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["budget", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "number"],
                name="budget_line_number_unique",
                violation_error_message=_("This budget version already has a line with this number."),
            ),
            models.UniqueConstraint(fields=["budget", "lineage"], name="budget_line_lineage_unique"),
            models.CheckConstraint(
                condition=Q(planned_eu__gte=0) & Q(planned_state__gte=0) & Q(planned_own__gte=0),
                name="budget_line_amounts_not_negative",
            ),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def planned_total(self) -> Decimal:
        return self.planned_eu + self.planned_state + self.planned_own

    def planned_for(self, source: str) -> Decimal:
        return {FundingSource.EU: self.planned_eu, FundingSource.STATE: self.planned_state}.get(
            source, self.planned_own
        )


class LedgerQuerySet(ScopedQuerySet):
    def of_project(self, project) -> LedgerQuerySet:
        """Entries of one project."""
        return self.filter(project=project)

    def between(self, start, end) -> LedgerQuerySet:
        """Entries dated within the period (both ends included)."""
        return self.filter(date__gte=start, date__lte=end)


class Expense(ScopedModel):
    """Wydatek: a cost paid from one source and charged to one budget line.

    Append-only; `corrects` points at the expense a correction adjusts (its amount may be negative).
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="expenses", verbose_name=_("project")
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("budget line")
    )
    date = models.DateField(_("date"))
    document_number = models.CharField(_("accounting document number"), max_length=100)
    contractor = models.CharField(_("contractor"), max_length=200)
    description = models.CharField(_("description"), max_length=500)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    source = models.CharField(pgettext_lazy("funding", "source"), max_length=10, choices=FundingSource.choices)
    activity = models.ForeignKey(
        "support.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
        verbose_name=_("activity"),
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("corrects")
    )
    # Why the entry was recorded although it takes its line over the plan (required then, kept for the audit).
    overrun_reason = models.CharField(_("reason for going over the line's plan"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(corrects__isnull=False), name="expense_positive_unless_correction"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="expense_not_zero"),
        ]
        indexes = [models.Index(fields=["institution", "project", "date"], name="expense_project_date_idx")]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")

    def __str__(self) -> str:
        return f"{self.document_number} {format_money(self.amount)}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class Benefit(ScopedModel):
    """Świadczenie z pomocy społecznej paid to a project participant, counted as spent own contribution.

    Append-only like expenses; `corrects` points at the benefit entry a correction adjusts.
    """

    class Kind(models.TextChoices):
        TARGETED = "targeted", _("targeted allowance (zasiłek celowy)")
        PERIODIC = "periodic", _("periodic allowance (zasiłek okresowy)")
        IN_KIND = "in_kind", _("in kind")
        OTHER = "other", _("other")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="benefits", verbose_name=_("project")
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="benefits", verbose_name=_("budget line")
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="project_benefits", verbose_name=_("participant")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    decision_number = models.CharField(_("decision number"), max_length=100)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("corrects")
    )
    # Why the entry was recorded although it takes its line over the plan (required then, kept for the audit).
    overrun_reason = models.CharField(_("reason for going over the line's plan"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = LedgerQuerySet.as_manager()

    source = FundingSource.OWN

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(corrects__isnull=False), name="benefit_positive_unless_correction"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="benefit_not_zero"),
        ]
        indexes = [models.Index(fields=["institution", "project", "date"], name="benefit_project_date_idx")]
        verbose_name = _("own contribution (benefit)")
        verbose_name_plural = _("own contribution (benefits)")

    def __str__(self) -> str:
        return f"{self.decision_number} {format_money(self.amount)}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class CapRule(ScopedModel):
    """Limit: cost categories of a project may not exceed a percentage of the total or eligible costs.

    Seed 003: office adaptation ≤ 15 % of the budget; domain.md §8: fixed assets + cross-financing
    ≤ 10 % of eligible costs. `mode` says whether a breach is refused or only warned about.
    """

    class Base(models.TextChoices):
        TOTAL = "total", _("total budget")
        ELIGIBLE = "eligible", _("eligible costs")

    class Mode(models.TextChoices):
        REFUSE = "refuse", _("refuse")
        WARN = "warn", _("warn")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="cap_rules", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    categories = models.JSONField(_("cost categories"), default=list)
    HISTORY_CHOICES = {"categories": CostCategory.choices}  # the history shows the codes by their names
    limit_percent = models.DecimalField(
        _("limit (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    base = models.CharField(_("share of"), max_length=10, choices=Base.choices, default=Base.TOTAL)
    check_planned = models.BooleanField(_("check planned amounts"), default=True)
    check_spent = models.BooleanField(_("check spent amounts"), default=True)
    mode = models.CharField(_("when broken"), max_length=10, choices=Mode.choices, default=Mode.REFUSE)

    class Meta:
        ordering = ["project", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(limit_percent__gt=0) & Q(limit_percent__lte=100), name="cap_rule_limit_in_range"
            ),
        ]
        verbose_name = _("cap")
        verbose_name_plural = _("caps")

    def __str__(self) -> str:
        return self.name

    @property
    def category_labels(self) -> str:
        labels = dict(CostCategory.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.categories)
