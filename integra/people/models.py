"""Participants, their households and consents (participant sheet: formats/participants.md)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core import phone
from integra.core.collation import polish
from integra.core.models import ScopedModel, ScopedQuerySet, VersionedModel, centre_field
from integra.institutions.models import postal_code_validator


class Sex(models.TextChoices):
    FEMALE = "F", _("woman")
    MALE = "M", _("man")
    NON_BINARY = "X", _("non-binary")


class Education(models.TextChoices):
    ISCED0 = "isced0", _("below primary (ISCED 0)")
    ISCED1 = "isced1", _("primary (ISCED 1)")
    ISCED2 = "isced2", _("lower secondary (ISCED 2)")
    ISCED3 = "isced3", _("upper secondary (ISCED 3)")
    ISCED4 = "isced4", _("post-secondary (ISCED 4)")
    ISCED5_8 = "isced5_8", _("tertiary (ISCED 5–8)")


class LabourStatus(models.TextChoices):
    REGISTERED_UNEMPLOYED = "registered_unemployed", _("unemployed, registered with the labour office")
    UNREGISTERED_UNEMPLOYED = "unregistered_unemployed", _("unemployed, not registered")
    INACTIVE = "inactive", _("economically inactive")
    EMPLOYED = "employed", _("employed")


UNEMPLOYED_STATUSES = (LabourStatus.REGISTERED_UNEMPLOYED, LabourStatus.UNREGISTERED_UNEMPLOYED)


class Answer(models.TextChoices):
    """Tak / Nie / Odmowa podania informacji, or nothing recorded yet (brak danych).

    A special-category answer is never assumed: a new person starts with no answer, which
    counts in the total of participants and in no indicator (docs/reports.md).
    """

    NOT_GIVEN = "", _("no data")
    YES = "yes", _("yes")
    NO = "no", _("no")
    REFUSED = "refused", _("refused to answer")


def _answer_field(label) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Answer.choices, blank=True, default=Answer.NOT_GIVEN)


# A person's address lines, phone, e-mail and household: what only the roles that work with the person read
# (integra.core.permissions.can_view_contact_details) on screens, in history and in the API.
CONTACT_FIELDS = ("street", "building_no", "flat_no", "phone", "email", "household")

# Parts of a search (ParticipantQuerySet.search): „nr 1184” is one part, so is „#1184”.
SEARCH_TOKEN = re.compile(r"(?:nr\.?\s*|#)\d+|[^\s,;]+", re.IGNORECASE)
BIRTH_YEAR = re.compile(r"(?:19|20)\d\d")
INTERNAL_NO = re.compile(r"(?:nr\.?\s*|#)?(\d{1,10})", re.IGNORECASE)

BORN_IN = _("born %(year)s")
PESEL_ENDING = _("PESEL …%(end)s")
WITHOUT_PESEL = _("no PESEL")
INTERNAL_NUMBER = _("no. %(number)s")


class Degurba(models.IntegerChoices):
    CITIES = 1, _("1 – cities")
    TOWNS = 2, _("2 – towns and suburbs")
    RURAL = 3, _("3 – rural areas")


class EligibilityGroup(models.TextChoices):
    """KIS eligibility groups, art. 1 ust. 2 of the act on social employment (domain.md §2)."""

    HOMELESS = "homeless", _("homeless, leaving homelessness under an individual programme")
    ALCOHOL = "alcohol", _("alcohol-dependent")
    DRUGS = "drugs", _("drug-dependent")
    MENTAL = "mental", _("person with mental disorders")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    PRISON = "prison", _("released from prison")
    REFUGEE = "refugee", _("refugee under an integration programme")
    DISABLED = "disabled", _("disabled person")


class Household(ScopedModel, VersionedModel):
    """Rodzina / gospodarstwo domowe: a family; projects count families (seed 001: 117)."""

    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. the family's surname"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[postal_code_validator])
    locality = models.CharField(_("town"), max_length=100, blank=True)
    in_social_work = models.BooleanField(_("in social work"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class ParticipantQuerySet(ScopedQuerySet):
    def search(self, text: str) -> ParticipantQuerySet:
        """What staff type to find someone, every part narrowing: an 11-digit PESEL (exactly), a birth year (four
        digits, 1900–2099), an internal number („nr 1184”, „#1184” or other digits), the beginning of the surname
        and of the first name in either order („beridze nino”, „Nino Beridze”), any case."""
        words: list[str] = []
        found = self
        for token in SEARCH_TOKEN.findall(text or ""):
            if token.isdigit() and len(token) == 11:
                found = found.filter(pesel=token)
            elif BIRTH_YEAR.fullmatch(token):
                found = found.filter(birth_date__year=int(token))
            elif number := INTERNAL_NO.fullmatch(token):
                found = found.filter(pk=int(number.group(1)))
            else:
                words.append(token)
        if len(words) == 1:
            found = found.filter(last_name_key__startswith=surname_key(words[0]))
        elif words:
            first, rest = words[0], " ".join(words[1:])
            found = found.filter(
                Q(last_name_key__startswith=surname_key(" ".join(words)))
                | (Q(last_name_key__startswith=surname_key(first)) & _first_name_starts(rest))
                | (Q(last_name_key__startswith=surname_key(rest)) & _first_name_starts(first))
            )
        return found

    def with_groups(self) -> ParticipantQuerySet:
        """Prefetch eligibility groups."""
        return self.prefetch_related("groups")


def _first_name_starts(text: str) -> Q:
    """A first name's beginning in any case; SQLite folds the case of ASCII letters only, hence „Łucja” spelled out."""
    return Q(first_name__istartswith=text) | Q(first_name__startswith=text[:1].upper() + text[1:].lower())


def surname_key(text: str) -> str:
    """Lower-cased search key for surname prefix search (indexable on every database)."""
    return (text or "").strip().lower()


class Participant(ScopedModel, VersionedModel):
    """Uczestnik / beneficjent: a person supported by the centre."""

    # No index of its own on the centre: the search, order and PESEL indexes start with it. With one, the planner
    # sorted a centre's people for each list page (12 ms at 10,000 people) instead of walking the Polish-order
    # index (1 ms); the project page finds its people through the participations' project index (9 ms).
    institution = centre_field(db_index=False)
    country = models.CharField(_("country"), max_length=60, default="Polska")
    participant_kind = models.CharField(_("kind of participant"), max_length=30, default="Indywidualny")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("surname"), max_length=100)
    last_name_key = models.CharField(max_length=100, editable=False, db_index=False)
    pesel = models.CharField(_("PESEL"), max_length=11, null=True, blank=True)
    no_pesel = models.BooleanField(_("no PESEL"), default=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    voivodeship = models.CharField(_("voivodeship"), max_length=60, blank=True)
    powiat = models.CharField(_("powiat"), max_length=60, blank=True)
    gmina = models.CharField(_("gmina"), max_length=60, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    building_no = models.CharField(_("building no."), max_length=20, blank=True)
    flat_no = models.CharField(_("flat no."), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[postal_code_validator])
    degurba = models.PositiveSmallIntegerField(_("DEGURBA"), choices=Degurba.choices, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    labour_status = models.CharField(_("labour-market status"), max_length=30, choices=LabourStatus.choices, blank=True)
    long_term_unemployed = models.BooleanField(_("long-term unemployed"), default=False)
    self_employed = models.BooleanField(
        _("self-employed"), default=False, help_text=_("runs their own business (only with the status employed)")
    )
    in_education = models.BooleanField(
        _("in education or training"),
        default=False,
        help_text=_("a pupil, student or trainee when joining the project (EU indicators of 2007–2013 and 2014–2020)"),
    )
    disability = _answer_field(_("person with disabilities"))
    severe_disability = models.BooleanField(
        _("severe degree of disability"),
        default=False,
        help_text=_("znaczny stopień niepełnosprawności: a lower employment-effectiveness threshold applies"),
    )
    foreign_background = _answer_field(_("foreign background"))
    minority = _answer_field(_("national or ethnic minority"))
    third_country_national = models.BooleanField(_("third-country national"), default=False)
    homeless = _answer_field(_("homeless or excluded from housing"))
    other_disadvantage = _answer_field(_("other disadvantaged social situation"))
    social_assistance_since = models.DateField(_("social-assistance client since"), null=True, blank=True)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("household"),
        db_index=False,  # participant_household_idx: only the people who have one
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = [polish("last_name").asc(), polish("first_name").asc(), "id"]  # Ł after L, as every list
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "pesel"],
                condition=Q(pesel__isnull=False),
                name="participant_pesel_unique_per_centre",
            ),
            models.CheckConstraint(
                condition=Q(severe_disability=False) | Q(disability="yes"), name="participant_severe_only_if_disabled"
            ),
            models.CheckConstraint(
                condition=Q(no_pesel=True) | Q(pesel__isnull=False) | Q(anonymised_at__isnull=False),
                name="participant_pesel_or_flag",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "last_name_key", "first_name"], name="participant_surname_idx"),
            # Looked up only by equality (a household's people, the key's check when one is deleted): a person
            # without a household (most of them, every one a sheet creates) has no entry.
            models.Index(fields=["household"], condition=Q(household__isnull=False), name="participant_household_idx"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_lines(self) -> list[str]:
        """The address as it is written on an envelope, without the parts that are missing."""
        number = self.building_no + (f"/{self.flat_no}" if self.flat_no else "")
        street = " ".join(part for part in (self.street, number) if part)
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        area = ", ".join(part for part in (self.gmina, self.powiat, self.voivodeship) if part)
        return [line for line in (", ".join(p for p in (street, town) if p), area) if line]

    @property
    def residence_lines(self) -> list[str]:
        """Where the person lives without the street, building and flat: what eligibility checks need."""
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        area = ", ".join(part for part in (self.gmina, self.powiat, self.voivodeship) if part)
        return [line for line in (town, area) if line]

    def save(self, *args, **kwargs) -> None:
        # A derived, denormalised key: keeps prefix search indexable on SQLite and PostgreSQL alike.
        self.last_name_key = surname_key(self.last_name)
        if kwargs.get("update_fields") is not None and "last_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "last_name_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def distinguishing_detail(self) -> str:
        """What tells two people of one name apart without showing their PESEL: the birth year, the PESEL's last
        three digits and the internal number („ur. 1988 · PESEL …906 · nr 1184”)."""
        parts = [str(BORN_IN) % {"year": self.birth_date.year}] if self.birth_date else []
        parts.append(str(PESEL_ENDING) % {"end": self.pesel[-3:]} if self.pesel else str(WITHOUT_PESEL))
        parts.append(self.number_label)
        return " · ".join(parts)

    @property
    def number_label(self) -> str:
        """The internal number as every screen writes it: „nr 1321”."""
        return str(INTERNAL_NUMBER) % {"number": self.pk}

    @property
    def phone_needs_check(self) -> bool:
        """A number kept as it was typed before numbers were normalised (data migration 0009): staff check it;
        no text message goes to it."""
        return bool(self.phone) and not phone.is_normalised(self.phone)

    def age_on(self, day: dt.date) -> int:
        """Whole years on a day (a 29 February birthday turns a year older on 1 March)."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def group_codes(self) -> list[str]:
        return [g.group for g in self.groups.all()]


class ParticipantGroup(ScopedModel):
    """One KIS eligibility group that applies to a participant (several may)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="groups", verbose_name=_("person")
    )
    group = models.CharField(_("eligibility group"), max_length=30, choices=EligibilityGroup.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "group"], name="participant_group_unique")]
        indexes = [models.Index(fields=["institution", "group"], name="participant_group_idx")]


class HouseholdMember(ScopedModel):
    """A member of a household: a registered participant or a relative (e.g. a child)."""

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse / partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_memberships",
        verbose_name=_("person"),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("surname"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    relation = models.CharField(_("relation to the head"), max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["household", "relation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(relation="head"), name="household_single_head"),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(first_name=""), name="household_member_named"
            ),
        ]
        verbose_name = _("household member")

    @property
    def display_name(self) -> str:
        if self.participant_id:
            return self.participant.full_name
        return f"{self.first_name} {self.last_name}".strip()


class Consent(ScopedModel):
    """Consent to data processing: purpose/scope, given on, valid until (when it was given for a period),
    withdrawn on."""

    class Purpose(models.TextChoices):
        PROCESSING = "processing", _("processing personal data for the project")
        SPECIAL_CATEGORY = "special_category", _("processing special-category data (health, disability)")
        IMAGE = "image", _("use of image (photos)")
        CONTACT = "contact", _("contact by phone / e-mail")
        MONITORING = "monitoring", _("EU monitoring (SL/CST)")
        # Reminders and follow-up questions sent by Integra (integra.outreach), one consent per channel.
        SMS = "sms", _("text messages (SMS): reminders and follow-up questions")
        EMAIL = "email", _("e-mail: reminders and follow-up questions")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    # The document the person signed (e.g. "deklaracja uczestnictwa, pkt 7") or how the consent was given.
    given_via = models.CharField(_("on what form"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # A consent given for a period (e.g. for the project's duration) ends on this day; empty: until withdrawn.
    valid_until = models.DateField(pgettext_lazy("consent", "valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
            ),
        ]
        verbose_name = _("consent")

    @property
    def is_active(self) -> bool:
        """Not withdrawn and not past its end date."""
        return self.withdrawn_on is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class TimelineStamp(models.Model):
    """The version of what a person's page shows, raised by triggers (integra.people.stamps); no personal data."""

    participant_id = models.BigIntegerField(primary_key=True)  # no foreign key: a deleted person's row may stay
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("version of a person's timeline")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.version}"


class CentreTimelineStamp(models.Model):
    """The version of what many people's pages of one centre name (projects, activities, partners, roles)."""

    institution_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("version of a centre's timelines")

    def __str__(self) -> str:
        return f"{self.institution_id}: {self.version}"
