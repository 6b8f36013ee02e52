"""EU-funded projects, their editions, partners, targets, and participations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.models import ScopedModel, ScopedQuerySet


class Project(ScopedModel):
    """Projekt (systemowy / konkursowy / własny): an EU-funded or own project of a centre."""

    class Kind(models.TextChoices):
        SYSTEMIC = "systemic", _("systemic (systemowy)")
        COMPETITIVE = "competitive", _("competitive (konkursowy)")
        OWN = "own", _("own")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SYSTEMIC)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    programme = models.CharField(_("funding programme"), max_length=50, blank=True, help_text=_("e.g. POKL, FEO 2021-2027"))
    priority = models.CharField(_("priority"), max_length=20, blank=True)
    measure = models.CharField(_("measure"), max_length=20, blank=True)
    sub_measure = models.CharField(_("sub-measure"), max_length=20, blank=True)
    programme_period = models.CharField(
        _("programming period"), max_length=10, default="2021-2027",
        help_text=_("selects the EU indicator set (2014-2020 or 2021-2027)"),
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    club = models.ForeignKey(
        "institutions.Club", null=True, blank=True, on_delete=models.PROTECT, related_name="projects", verbose_name=_("club")
    )
    target_participants = models.PositiveIntegerField(_("target: participants"), null=True, blank=True)
    target_women = models.PositiveIntegerField(_("target: women"), null=True, blank=True)
    target_disabled = models.PositiveIntegerField(_("target: people with disabilities"), null=True, blank=True)
    target_families = models.PositiveIntegerField(_("target: families"), null=True, blank=True)
    target_jobs = models.PositiveIntegerField(_("target: jobs"), null=True, blank=True)
    social_effectiveness_threshold = models.DecimalField(
        _("social effectiveness threshold (%)"), max_digits=5, decimal_places=2, default=34
    )
    employment_effectiveness_threshold = models.DecimalField(
        _("employment effectiveness threshold (%)"), max_digits=5, decimal_places=2, default=22
    )
    employment_effectiveness_threshold_severe = models.DecimalField(
        _("employment effectiveness threshold for people with a severe disability (%)"), max_digits=5, decimal_places=2,
        default=12,
    )
    retention_until = models.DateField(_("keep personal data until"), null=True, blank=True)

    class Meta:
        ordering = ["-start_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="project_code_unique_per_centre"),
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="project_end_after_start"),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def programme_codes(self) -> str:
        """e.g. "POKL VII 7.1.1"."""
        return " ".join(p for p in (self.programme, self.priority, self.sub_measure or self.measure) if p)


class ProjectEdition(ScopedModel):
    """A yearly edition of a systemic project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(_("year"))
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))

    class Meta:
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="edition_year_unique"),
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="edition_end_after_start"),
        ]


class ProjectPartner(ScopedModel):
    """A partner's role in a project (e.g. PUP as partner)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    partner = models.ForeignKey("institutions.Partner", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField(_("role in the project"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "partner"], name="project_partner_unique")]


class ParticipationQuerySet(ScopedQuerySet):
    def active_on(self, day) -> ParticipationQuerySet:
        """Participations running on a day."""
        return self.filter(Q(start_on__lte=day), Q(end_on__isnull=True) | Q(end_on__gte=day))


class Participation(ScopedModel):
    """A participant's participation in a project; a person counts once per project.

    A re-entrant keeps the one row: `start_on` stays the first entry, `end_on` becomes the last exit
    (EU rule: first entry's data, last exit).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        LEFT = "left", _("left early")
        SUSPENDED = "suspended", _("suspended")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="participations")
    participant = models.ForeignKey("people.Participant", on_delete=models.PROTECT, related_name="participations")
    start_on = models.DateField(_("start of participation"))
    end_on = models.DateField(_("end of participation"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    entries = models.PositiveSmallIntegerField(_("entries"), default=1)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["project", "start_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "participant"], name="participation_once_per_project"),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")), name="participation_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["institution", "project", "start_on"], name="participation_project_idx")]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")


class LetterTemplate(ScopedModel):
    """Wzór pisma: a letter of thanks (podziękowanie) or certificate (zaświadczenie) issued to participants.

    The body may use the placeholders in `PLACEHOLDERS`, e.g. "Szanowna Pani {imie} {nazwisko}, …".
    """

    class Kind(models.TextChoices):
        THANKS = "thanks", _("letter of thanks")
        CERTIFICATE = "certificate", _("certificate of participation")

    PLACEHOLDERS = ("imie", "nazwisko", "projekt", "kod_projektu", "osrodek", "data", "poczatek", "koniec")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THANKS)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("letter title"), max_length=200)
    body = models.TextField(_("text"))
    signature = models.CharField(_("signed by"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.name


class IssuedLetter(ScopedModel):
    """A letter or certificate issued to one participant of a project (kept as a register of documents)."""

    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="issued")
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterTemplate.Kind.choices)
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "institutions.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["issued_on", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "participation"], name="letter_once_per_template"),
            models.UniqueConstraint(fields=["institution", "number"], name="letter_number_unique_per_centre"),
        ]
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")

    def __str__(self) -> str:
        return self.number
