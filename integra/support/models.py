"""Support delivery: the instrument catalogue, activities, sessions, attendance and individual support.

Catalogue design: `Instrument` rows with `institution = NULL` are the shared catalogue loaded by a data
migration (domain.md §5) and maintained by the system operator (Django admin). A centre's administrator
adds the centre's own instruments (`institution` set), renames and retires them; a centre's own code may
not repeat a shared code. Every centre sees the shared rows plus its own (`Instrument.objects.available_to`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.models import ScopedModel, ScopedQuerySet, VersionedModel
from integra.core.roles import Specialty

# A support session (spotkanie), in a context of its own: django.contrib.sessions translates a bare "session" as
# „sesja” first, and its Polish would stand in ours (integra/core/tests/test_catalogues.py).
SESSION = pgettext_lazy("activity", "session")


class InstrumentGroup(models.TextChoices):
    """The four groups of active-integration instruments plus social work (domain.md §5)."""

    SOCIAL = "social", _("social")
    VOCATIONAL = "vocational", _("vocational")
    EDUCATIONAL = "educational", _("educational")
    HEALTH = "health", _("health")
    SOCIAL_WORK = "social_work", _("social work")


class InstrumentQuerySet(models.QuerySet):
    def available_to(self, membership) -> InstrumentQuerySet:
        """The shared catalogue plus the acting centre's own instruments."""
        if membership is None:
            return self.none()
        return self.filter(Q(institution__isnull=True) | Q(institution_id=membership.institution_id))

    def active(self) -> InstrumentQuerySet:
        """Instruments that may be chosen for new activities (not retired)."""
        return self.filter(retired=False)

    def get_for(self, membership, **lookup):
        """One instrument visible to the acting centre, or 404."""
        try:
            return self.available_to(membership).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc


class Instrument(models.Model):
    """Instrument aktywnej integracji: a catalogue entry of a kind of support, in one group."""

    institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
        help_text=_("empty for the shared catalogue"),
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=InstrumentGroup.choices)
    retired = models.BooleanField(_("retired"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(institution__isnull=True), name="instrument_shared_code_unique"
            ),
            models.UniqueConstraint(fields=["institution", "code"], name="instrument_code_unique_per_centre"),
        ]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.institution_id is None


class ActivityKind(models.TextChoices):
    GROUP_WORKSHOP = "group_workshop", _("group workshop")
    INDIVIDUAL_COUNSELLING = "individual_counselling", _("individual counselling")
    VOCATIONAL_COURSE = "vocational_course", _("vocational course")
    INTERNSHIP = "internship", _("internship")
    SOCIALLY_USEFUL_WORK = "socially_useful_work", _("socially useful work")
    PUBLIC_WORKS = "public_works", _("public works")
    REFERRAL = "referral", _("referral")
    EVENT = "event", _("event")


class ActivityQuerySet(ScopedQuerySet):
    def running_on(self, day: dt.date) -> ActivityQuerySet:
        """Activities whose period includes the day."""
        return self.filter(start_on__lte=day, end_on__gte=day)


class Activity(ScopedModel):
    """Zajęcia / warsztaty / kurs / szkolenie: something delivered, once or in sessions."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="activities", verbose_name=_("project")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="activities", verbose_name=_("instrument")
    )
    club = models.ForeignKey(
        "institutions.Club",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("club"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    provider = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provided_activities",
        verbose_name=_("provider (staff member)"),
    )
    provider_name = models.CharField(_("provider (external firm)"), max_length=200, blank=True)
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    cost = models.DecimalField(
        _("cost"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    room = models.CharField(_("room"), max_length=100, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="activity_end_after_start"),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | ~Q(provider_name=""), name="activity_has_provider"
            ),
        ]
        indexes = [models.Index(fields=["institution", "project"], name="activity_project_idx")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def provider_display(self) -> str:
        if self.provider_id:
            user = self.provider.user
            return user.get_full_name() or user.get_username()
        return self.provider_name


class Enrolment(ScopedModel):
    """Zapis uczestnika na zajęcia; courses end with a certificate (number, date) or failed."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", pgettext_lazy("enrolment", "completed")
        DROPPED_OUT = "dropped_out", pgettext_lazy("enrolment", "dropped out")

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("activity")
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("participant")
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    dropout_reason = models.CharField(_("reason for dropping out"), max_length=300, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_on = models.DateField(_("certificate date"), null=True, blank=True)
    failed = models.BooleanField(pgettext_lazy("enrolment", "failed"), default=False)

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="enrolment_once_per_activity"),
            models.CheckConstraint(
                condition=Q(failed=False) | Q(certificate_number=""), name="enrolment_failed_no_certificate"
            ),
            models.CheckConstraint(
                condition=(Q(certificate_number="") & Q(certificate_on__isnull=True))
                | (~Q(certificate_number="") & Q(certificate_on__isnull=False)),
                name="enrolment_certificate_number_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped_out") | ~Q(dropout_reason=""), name="enrolment_dropout_has_reason"
            ),
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.participant_id}"


class Session(ScopedModel, VersionedModel):
    """Spotkanie / zajęcia w terminie: one dated occurrence of an activity; `version` guards the attendance list."""

    # Changes the history keeps that are not one column, named for the person editing (core.locking.change_label).
    HISTORY_LABELS = {"attendance": _("attendance marks")}

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    staff = models.ForeignKey(
        "institutions.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_sessions",
        verbose_name=_("staff member"),
    )

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="session_positive_duration")]
        indexes = [
            models.Index(fields=["institution", "date"], name="session_date_idx"),
            # The timetable's room filter lists the centre's distinct rooms: an index-only scan of this index
            # instead of every session of the centre (26,000 at region scale: 13 ms → 3 ms, support.queries.rooms_of).
            models.Index(fields=["institution", "room"], name="session_room_idx"),
        ]
        verbose_name = SESSION
        verbose_name_plural = pgettext_lazy("activity", "sessions")

    def __str__(self) -> str:
        return f"{self.activity} {self.date:%d.%m.%Y} {self.start_time:%H:%M}"

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def end_time(self) -> dt.time:
        return self.ends_at.time()

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / Decimal(60)).quantize(Decimal("0.01"))


class Attendance(ScopedModel):
    """Lista obecności: one participant's presence at one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances", verbose_name=SESSION)
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("participant")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="attendance_once_per_session")]
        # The dashboards count each session's marks by status from this index alone (integra.reports.dashboard).
        indexes = [models.Index(fields=["institution", "session", "status"], name="attendance_session_status_idx")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.participant_id}: {self.status}"


class SessionMarks(models.Model):
    """How many marks a session's attendance list holds, and how many of them are „present” (issue 26).

    A summary for the dashboards: the monthly attendance chart sums these rows instead of counting every mark
    (181,497 for the largest project of the bench set). Kept by database triggers on `support_attendance`
    (migration 0005, `integra.support.marks`) in the same transaction as every write of a mark — screens, API,
    imports, jobs, bulk fills and their undo, bulk loads, deletes — so no write path can leave it behind.
    A session without marks has no row. Never written by the application; `integra rebuild-summaries` recounts it.
    """

    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="marks",
        verbose_name=SESSION,
    )
    marks = models.PositiveIntegerField(_("marks on the list"))
    present = models.PositiveIntegerField(pgettext_lazy("attendance count", "present"))

    class Meta:
        verbose_name = _("attendance summary of a session")
        verbose_name_plural = _("attendance summaries of sessions")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.present}/{self.marks}"


# Which instrument group an individual consultation counts in when no instrument is chosen.
SPECIALTY_GROUP = {
    Specialty.SOCIAL_WORKER: InstrumentGroup.SOCIAL_WORK,
    Specialty.PSYCHOLOGIST: InstrumentGroup.SOCIAL,
    Specialty.CAREER_ADVISOR: InstrumentGroup.VOCATIONAL,
    Specialty.LAWYER: InstrumentGroup.SOCIAL,
    Specialty.THERAPIST: InstrumentGroup.HEALTH,
    Specialty.FAMILY_ASSISTANT: InstrumentGroup.SOCIAL,
    Specialty.FINANCIAL_ADVISOR: InstrumentGroup.SOCIAL,
}


class Consultation(ScopedModel):
    """Poradnictwo indywidualne: a counselling session; the confidential note is for the same specialty only."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("project"),
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("activity"),
    )
    instrument = models.ForeignKey(
        Instrument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("instrument"),
    )
    specialist = models.ForeignKey(
        "institutions.Membership", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("specialist")
    )
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    topic = models.CharField(_("topic"), max_length=300)
    confidential_note = models.TextField(_("confidential note"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="consultation_positive_duration")
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.get_specialty_display()} {self.date:%d.%m.%Y}"

    @property
    def group(self) -> str:
        return (
            self.instrument.group if self.instrument_id else SPECIALTY_GROUP.get(self.specialty, InstrumentGroup.SOCIAL)
        )


class Internship(ScopedModel):
    """Staż zawodowy: an internship at an employer, usually paid by PUP."""

    class PaidBy(models.TextChoices):
        LABOUR_OFFICE = "labour_office", _("county labour office (PUP)")
        PROJECT = "project", _("the project")
        EMPLOYER = "employer", _("the employer")
        OTHER = "other", _("other")

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="internships", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internships",
        verbose_name=_("project"),
    )
    employer = models.ForeignKey(
        "institutions.Partner", on_delete=models.PROTECT, related_name="internships", verbose_name=_("employer")
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    hours_per_month = models.DecimalField(
        _("hours per month"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    paid_by = models.CharField(_("paid by"), max_length=20, choices=PaidBy.choices, default=PaidBy.LABOUR_OFFICE)
    hired_afterwards = models.BooleanField(_("hired afterwards"), default=False)

    class Meta:
        ordering = ["-start_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="internship_end_after_start")
        ]
        verbose_name = _("internship")
        verbose_name_plural = _("internships")

    def __str__(self) -> str:
        return f"{self.employer} {self.start_on:%d.%m.%Y}–{self.end_on:%d.%m.%Y}"

    @property
    def months(self) -> int:
        """Calendar months touched by the internship (hours are declared per month)."""
        return (self.end_on.year - self.start_on.year) * 12 + self.end_on.month - self.start_on.month + 1

    @property
    def total_hours(self) -> Decimal:
        return self.hours_per_month * self.months


class CommunityWork(ScopedModel):
    """Prace społecznie użyteczne (PSU): hours worked in a month at a public unit, on a PUP referral."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="community_work", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_work",
        verbose_name=_("project"),
    )
    unit = models.ForeignKey(
        "institutions.Partner", on_delete=models.PROTECT, related_name="community_work", verbose_name=_("public unit")
    )
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("300"))],
    )
    pup_referral_number = models.CharField(_("PUP referral number"), max_length=100, blank=True)

    class Meta:
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "unit", "month"], name="community_work_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="community_work_month_first_day"),
        ]
        verbose_name = _("socially useful work")
        verbose_name_plural = _("socially useful work")

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m.%Y}"


class Referral(ScopedModel):
    """Skierowanie: a referral to a CIS, the labour office, therapy or elsewhere, and its result."""

    class Destination(models.TextChoices):
        CIS = "cis", _("social integration centre (CIS)")
        PUP = "pup", _("county labour office (PUP)")
        THERAPY = "therapy", _("therapy")
        OTHER = "other", _("other")

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("project"),
    )
    date = models.DateField(_("date"))
    destination_kind = models.CharField(_("destination"), max_length=10, choices=Destination.choices)
    destination = models.ForeignKey(
        "institutions.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("destination partner"),
    )
    result = models.CharField(pgettext_lazy("referral", "result"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.get_destination_kind_display()} {self.date:%d.%m.%Y}"


class FamilyAssistantVisit(ScopedModel):
    """Wizyta asystenta rodziny: a family assistant's visit to a household."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="assistant_visits", verbose_name=_("household")
    )
    assistant = models.ForeignKey(
        "institutions.Membership",
        on_delete=models.PROTECT,
        related_name="assistant_visits",
        verbose_name=_("family assistant"),
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="visit_positive_duration")]
        verbose_name = _("family assistant visit")
        verbose_name_plural = _("family assistant visits")

    def __str__(self) -> str:
        return f"{self.household} {self.date:%d.%m.%Y}"


class Event(ScopedModel):
    """Wydarzenie (festyn, konferencja, wycieczka): named participants plus a count of other guests."""

    class Kind(models.TextChoices):
        FESTYN = "festyn", _("community festival (festyn)")
        CONFERENCE = "conference", _("conference")
        TRIP = "trip", _("trip")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("project"),
    )
    club = models.ForeignKey(
        "institutions.Club",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("club"),
    )
    participants = models.ManyToManyField(
        "people.Participant",
        through="EventParticipant",
        related_name="events",
        blank=True,
        verbose_name=_("participants"),
    )
    other_guests = models.PositiveIntegerField(_("other guests"), default=0)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title


class EventParticipant(ScopedModel):
    """A named participant at an event (scoped through-table)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("event"))
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="event_attendances", verbose_name=_("person")
    )

    class Meta:
        ordering = ["event", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "participant"], name="event_participant_unique")]
        verbose_name = _("event participant")
        verbose_name_plural = _("event participants")

    def __str__(self) -> str:
        return f"{self.event_id}/{self.participant_id}"
