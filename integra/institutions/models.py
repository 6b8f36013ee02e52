"""Centres (the tenants), their clubs, partners, and every principal a request or job acts as: staff memberships
and API service accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel, ScopedQuerySet
from integra.core.roles import Role, Specialty

postal_code_validator = RegexValidator(r"^\d{2}-\d{3}$", _("Enter a postal code in the form NN-NNN."))


class Institution(models.Model):
    """Ośrodek Pomocy Społecznej (MOPS/GOPS/MOPR): a centre, the tenant of every row."""

    class Kind(models.TextChoices):
        MOPS = "MOPS", "MOPS"
        GOPS = "GOPS", "GOPS"
        MOPR = "MOPR", "MOPR"
        REGIONAL = "REGIONAL", _("regional body")
        OTHER = "OTHER", pgettext_lazy("institution kind", "other")

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    gmina = models.CharField(_("gmina"), max_length=100, blank=True)
    powiat = models.CharField(_("powiat"), max_length=100, blank=True)
    voivodeship = models.CharField(_("voivodeship"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[postal_code_validator])
    city = models.CharField(_("town"), max_length=100, blank=True)
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised",
        verbose_name=_("supervising regional body"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name

    @property
    def institution_id(self) -> int:
        """An institution is its own scope (lets generic helpers treat it like a scoped row)."""
        return self.pk


class PopulationYear(models.Model):
    """Inhabitants of the centre's gmina in a year (staffing standard, art. 110)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="population_years")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="population_year_unique")]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.population}"


class Club(ScopedModel):
    """Klub Integracji Społecznej (KIS) with its entry in the voivode's register (domain.md §3)."""

    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[postal_code_validator])
    city = models.CharField(_("town"), max_length=100, blank=True)
    operator_name = models.CharField(_("operator"), max_length=200, blank=True)
    operator_contact = models.CharField(_("operator contacts"), max_length=200, blank=True)
    krs_number = models.CharField(_("KRS number"), max_length=10, blank=True)
    created_on = models.DateField(_("creation date"), null=True, blank=True)
    activity_start_on = models.DateField(_("start of activity"), null=True, blank=True)
    manager_name = models.CharField(_("manager"), max_length=200, blank=True)
    founding_act = models.CharField(_("founding act"), max_length=300, blank=True)
    register_voivodeship = models.CharField(_("register of the voivode"), max_length=100, blank=True)
    register_number = models.CharField(_("register entry number"), max_length=50, blank=True)
    registered_on = models.DateField(_("entered in the register on"), null=True, blank=True)
    notified_on = models.DateField(_("notified to the voivode on"), null=True, blank=True)
    annual_report_due = models.CharField(
        _("annual report due (day.month)"),
        max_length=5,
        default="31.03",
        validators=[RegexValidator(r"^\d{2}\.\d{2}$", _("Use the form DD.MM."))],
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="club_code_unique_per_centre")]
        verbose_name = _("club (KIS)")
        verbose_name_plural = _("clubs (KIS)")

    def __str__(self) -> str:
        return self.name


class Partner(ScopedModel):
    """A partner of the centre: labour office (PUP), CIS, NGO, employer, public unit, school."""

    class Kind(models.TextChoices):
        LABOUR_OFFICE = "labour_office", _("county labour office (PUP)")
        CIS = "cis", _("social integration centre (CIS)")
        NGO = "ngo", _("NGO")
        EMPLOYER = "employer", _("employer")
        PUBLIC_UNIT = "public_unit", _("public unit")
        SCHOOL = "school", _("school / training provider")
        OTHER = "other", pgettext_lazy("partner kind", "other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    nip = models.CharField(_("NIP"), max_length=13, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[postal_code_validator])
    city = models.CharField(_("town"), max_length=100, blank=True)
    contact = models.CharField(_("contact person / phone"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        """Memberships in force on a day."""
        return self.filter(Q(start_on__isnull=True) | Q(start_on__lte=day), Q(end_on__isnull=True) | Q(end_on__gte=day))

    def for_membership(self, membership: Membership | None) -> MembershipQuerySet:
        """Staff of the acting centre."""
        if membership is None:
            return self.none()
        return self.filter(institution_id=membership.institution_id)


class Membership(models.Model):
    """A user's role in one centre (a person can work in two centres with different roles)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("membership", "active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(role="specialist") | ~Q(specialty=""), name="membership_specialist_has_specialty"
            ),
        ]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()} — {self.get_role_display()} ({self.institution})"
        )

    @property
    def role_label(self) -> str:
        """The role as screens name it: a specialist with the specialty, „specjalista (doradca zawodowy)”."""
        if self.role == Role.SPECIALIST and self.specialty:
            return f"{self.get_role_display()} ({self.get_specialty_display()})"
        return str(self.get_role_display())

    @property
    def effective_specialty(self) -> str:
        """Social workers are the social_worker specialty even without the field set."""
        return self.specialty or (Specialty.SOCIAL_WORKER if self.role == Role.SOCIAL_WORKER else "")


class ServiceAccountQuerySet(ScopedQuerySet):
    def usable_on(self, day: dt.date) -> ServiceAccountQuerySet:
        """Accounts not revoked and not expired on the day."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
        )


class ServiceAccount(ScopedModel):
    """Konto usługowe API: another system's access to one centre, with the rights of one role.

    Like a `Membership`, it is a principal a request or a job acts as (`actor_for` in services.py gives the
    unsaved membership it acts as), so it lives here, below both the jobs and the API.

    The token itself is shown once and never stored: only its SHA-256 (a token has 256 random bits,
    so a slow hash adds nothing) and its first characters, to tell tokens apart on the screen.
    `user` is the account's own inactive user, so history and the access log name the token.
    """

    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account")
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(_("token begins with"), max_length=12)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ServiceAccountQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="service_account_name_unique_per_centre"),
            models.CheckConstraint(
                condition=~models.Q(role="specialist") | ~models.Q(specialty=""),
                name="service_account_specialist_has_specialty",
            ),
        ]
        # The table keeps the name it had when the model lived in integra.api (moved without copying a row).
        db_table = "api_serviceaccount"
        verbose_name = _("API service account")
        verbose_name_plural = _("API service accounts")

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today: dt.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())
