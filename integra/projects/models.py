"""EU-funded projects, their editions, partners, targets, and participations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from integra.core.models import ScopedModel, ScopedQuerySet


class ProgrammePeriod(models.TextChoices):
    """Okres programowania: the EU programming periods Integra has an indicator set for (reports.indicators).

    Values are stable keys (JSON, API, CLI: `2021-2027` with a hyphen); labels are typeset with an en dash.
    """

    P2007_2013 = "2007-2013", "2007–2013"
    P2014_2020 = "2014-2020", "2014–2020"
    P2021_2027 = "2021-2027", "2021–2027"


UNKNOWN_PROGRAMME_PERIOD = _("“%(value)s” is not a programming period Integra knows. Choose one of: %(periods)s.")


def known_periods() -> str:
    """The periods a project may have, for messages: „2007-2013, 2014-2020, 2021-2027”."""
    return ", ".join(ProgrammePeriod.values)


class Project(ScopedModel):
    """Projekt (systemowy / konkursowy / własny): an EU-funded or own project of a centre."""

    class Kind(models.TextChoices):
        SYSTEMIC = "systemic", _("systemic (systemowy)")
        COMPETITIVE = "competitive", _("competitive (konkursowy)")
        OWN = "own", _("own")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project status", "planned")
        RUNNING = "running", pgettext_lazy("project status", "running")
        CLOSED = "closed", pgettext_lazy("project status", "closed")

    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SYSTEMIC)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    programme = models.CharField(
        _("funding programme"), max_length=50, blank=True, help_text=_("e.g. POKL, FEO 2021-2027")
    )
    priority = models.CharField(_("priority"), max_length=20, blank=True)
    measure = models.CharField(_("measure"), max_length=20, blank=True)
    sub_measure = models.CharField(_("sub-measure"), max_length=20, blank=True)
    programme_period = models.CharField(
        _("programming period"),
        max_length=10,
        choices=ProgrammePeriod.choices,
        default=ProgrammePeriod.P2021_2027,
        help_text=_("selects the set of EU indicators the project reports"),
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    club = models.ForeignKey(
        "institutions.Club",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("club"),
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
        _("employment effectiveness threshold for people with a severe disability (%)"),
        max_digits=5,
        decimal_places=2,
        default=12,
    )
    retention_until = models.DateField(_("keep personal data until"), null=True, blank=True)

    class Meta:
        ordering = ["-start_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="project_code_unique_per_centre"),
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="project_end_after_start"),
            models.CheckConstraint(
                condition=Q(programme_period__in=ProgrammePeriod.values), name="project_programme_period_known"
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def programme_codes(self) -> str:
        """e.g. "POKL VII 7.1.1" (the command line's output)."""
        return " ".join(p for p in (self.programme, self.priority, self.sub_measure or self.measure) if p)

    @property
    def programme_label(self) -> str:
        """The codes as screens show them, each named: „FEPK 2021-2027 · priorytet 7 · działanie 7.15” (bare, the
        priority and measure read as stray numbers: „FEPK 2021-2027 7 7.15”)."""
        parts = [self.programme] if self.programme else []
        if self.priority:
            parts.append(pgettext("funding", "priority %(code)s") % {"code": self.priority})
        if self.sub_measure:
            parts.append(pgettext("funding", "sub-measure %(code)s") % {"code": self.sub_measure})
        elif self.measure:
            parts.append(pgettext("funding", "measure %(code)s") % {"code": self.measure})
        return " · ".join(parts)


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
    def running_between(self, start, end) -> ParticipationQuerySet:
        """Participations running on some day from `start` to `end`: begun by `end` and not ended before `start`.

        The end is the participation's (the exit sets it), else its project's: support given in a project that
        ended in 2013 is never counted in 2018 or 2026, however long ago its participants were left without an
        exit recorded (domain.md §6: the exit date, else the end of participation).
        """
        return self.filter(start_on__lte=end).filter(
            Q(end_on__gte=start) | Q(end_on__isnull=True, project__end_on__gte=start)
        )

    def active_on(self, day) -> ParticipationQuerySet:
        """Participations running on a day (an open one at most until its project's end)."""
        return self.running_between(day, day)


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

    # Centre and project keep their own indexes although participation_project_idx and
    # participation_once_per_project start with them: the planner reads a project's participations through the
    # narrow ones; through the wide ones it chose parallel scans of every row (bench/RESULTS.md, "Issue 26: start-up, import and indexes").
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="participations", verbose_name=_("project")
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
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
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="participation_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["institution", "project", "start_on"], name="participation_project_idx")]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")


class ProjectCount(models.Model):
    """How many of a project's participations count in one figure of the dashboards (issue 26).

    A summary for the project and centre dashboards: their charts sum these rows instead of reading every
    participation and person (25,000–120,000 rows per chart on the bench set). Figures: participations
    entered, entered and still open, and exited per day (`value` is the ISO date), and per sex, disability
    answer, household, labour-market status and eligibility group of the person (`value` is the code). Kept by
    database triggers on participations, participants and their groups (`integra.projects.counts`) in the same
    transaction as every write, so no write path can leave it behind; a figure of no participation has no row.
    Never written by the application; `integra rebuild-summaries` recounts it.
    """

    class Figure(models.TextChoices):
        ENTRY = "entry", _("entered on the day")
        OPEN = "open", _("entered on the day, not exited")
        EXIT = "exit", _("exited on the day")
        SEX = "sex", _("sex")
        DISABILITY = "disability", _("person with disabilities")
        HOUSEHOLD = "household", _("household")
        LABOUR_STATUS = "labour", _("labour-market status")
        GROUP = "group", _("eligibility group")

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="counts", verbose_name=_("project"))
    figure = models.CharField(_("figure"), max_length=12, choices=Figure.choices)
    value = models.CharField(_("value"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("participations"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "project", "figure", "value"], name="project_count_once")
        ]
        verbose_name = _("dashboard count of a project")
        verbose_name_plural = _("dashboard counts of projects")

    def __str__(self) -> str:
        return f"{self.project_id} {self.figure} {self.value}: {self.count}"


class PersonYear(models.Model):
    """In how many of a centre's projects a person takes part in a calendar year (issue 26).

    The step between participations and `CentreYearCount`: a person counts once in a centre's year however many
    of its projects they take part in. A participation runs in every year from its entry to its exit, else to its
    project's end (Participation.objects.running_between). Kept by database triggers on participations and
    projects (`integra.projects.counts`); a person with no participation in a year has no row.
    """

    # No foreign-key constraints, no index of their own and nothing for Django to delete: a row exists only while
    # the person has a participation in the centre's projects (whose own keys the database checks), the triggers
    # write and delete it in the transaction of that participation's write, and the recount after every test
    # proves it. Checking both keys of each of the ~2.5 rows a participation adds cost an import of 30,000 people
    # 150,000 key checks at commit. The triggers probe person_year_once by centre and person.
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name=_("centre"),
        db_index=False,
        db_constraint=False,
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name=_("person"),
        db_index=False,
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    participations = models.PositiveIntegerField(_("participations"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "participant", "year"], name="person_year_once")]
        verbose_name = _("year of a person in a centre")
        verbose_name_plural = _("years of people in centres")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.year}: {self.participations}"


class CentreYearCount(models.Model):
    """How many people take part in a centre's projects in a year, in total and by figure (issue 26).

    The centre dashboard's figures of people: `person` (everyone), `sex`, `disability` and `labour` (the
    centre's own people, as the dashboard counts them) and `group` (eligibility groups the centre recorded).
    Kept by database triggers on `PersonYear`, participants and their groups (`integra.projects.counts`); a
    figure of nobody has no row. Never written by the application; `integra rebuild-summaries` recounts it.
    """

    class Figure(models.TextChoices):
        PERSON = "person", _("people")
        SEX = "sex", _("sex")
        DISABILITY = "disability", _("person with disabilities")
        LABOUR_STATUS = "labour", _("labour-market status")
        GROUP = "group", _("eligibility group")

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    figure = models.CharField(_("figure"), max_length=12, choices=Figure.choices)
    value = models.CharField(_("value"), max_length=40, blank=True)
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "figure", "value"], name="centre_year_count_once")
        ]
        verbose_name = _("dashboard count of a centre's year")
        verbose_name_plural = _("dashboard counts of centres' years")

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year} {self.figure} {self.value}: {self.people}"


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
    signature = models.CharField(pgettext_lazy("letter", "signed by"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.name


class IssuedLetter(ScopedModel):
    """A letter or certificate issued to one participant of a project (kept as a register of documents)."""

    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="issued", verbose_name=_("letter template")
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="letters", verbose_name=_("participation in the project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterTemplate.Kind.choices)
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
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
