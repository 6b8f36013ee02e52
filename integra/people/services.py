"""Writes of the participant registry: one function per use case, every rule of issue 2 point 7.

Every function takes the acting membership as `actor`, runs in one transaction, records the
change history and raises `ValidationError` (a dict keyed by form field) with messages users
can read. Nothing is written when a rule refuses the input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core import pesel as pesel_mod
from integra.core import phone as phone_mod
from integra.core.history import record, snapshot
from integra.core.locking import STALE_EDIT, bump, lock_for_update
from integra.core.models import HistoryEntry
from integra.core.validators import EMAIL_INVALID, kept_email_address, validate_email_change
from integra.people.models import (
    UNEMPLOYED_STATUSES,
    Answer,
    Consent,
    Degurba,
    Education,
    EligibilityGroup,
    Household,
    HouseholdMember,
    LabourStatus,
    Participant,
    ParticipantGroup,
    Sex,
)

# Messages (tests import these constants).
REQUIRED = _("This field is required.")
PESEL_REQUIRED = _("Enter the PESEL, or tick “no PESEL” for a person who has none.")
PESEL_FORMAT = _("A PESEL has exactly 11 digits.")
PESEL_CHECKSUM = _("This PESEL has a wrong check digit – check the number on the ID card.")
PESEL_DATE = _("This PESEL does not encode a valid date of birth.")
PESEL_WITH_FLAG = _("You ticked “no PESEL” – leave the PESEL field empty.")
PESEL_DUPLICATE = _("A person with this PESEL is already registered in this centre.")
SEX_MISMATCH = _("The sex does not agree with the PESEL (the PESEL says: %(expected)s).")
BIRTH_DATE_MISMATCH = _("The date of birth does not agree with the PESEL (the PESEL says: %(expected)s).")
NO_PESEL_NEEDS_BIRTH_DATE = _("A person without a PESEL needs a date of birth.")
NO_PESEL_NEEDS_SEX = _("A person without a PESEL needs the sex.")
POSTAL_CODE = _("Enter a postal code in the form NN-NNN.")
EMAIL = EMAIL_INVALID
PHONE = _("Enter a phone number: nine digits (e.g. 501 234 567) or, for a foreign number, its country code (+380 …).")
FUTURE_DATE = _("This date is in the future.")
SEVERE_NEEDS_DISABILITY = _("A severe degree of disability can be ticked only for a person with disabilities.")
LONG_TERM_NEEDS_UNEMPLOYED = _("Long-term unemployed can be ticked only for an unemployed person.")
SELF_EMPLOYED_NEEDS_EMPLOYED = _("Self-employed can be ticked only for an employed person.")
UNKNOWN_CHOICE = _("Choose one of the listed values.")
UNKNOWN_GROUP = _("Unknown eligibility group.")
OTHER_CENTRE = _("This record belongs to another centre.")
WITHDRAWN_BEFORE_GIVEN = _("A consent cannot be withdrawn before it was given.")
ENDS_BEFORE_GIVEN = _("A consent cannot end before the day it was given.")
ALREADY_WITHDRAWN = _("This consent has already been withdrawn.")
HOUSEHOLD_NAME = _("Give the household a name, e.g. the family's surname.")
HOUSEHOLD_ONE_HEAD = _("A household has exactly one head.")
HOUSEHOLD_MEMBER_TWICE = _("%(name)s is listed twice.")
HOUSEHOLD_MEMBER_ELSEWHERE = _("%(name)s already belongs to another household (%(household)s).")
HOUSEHOLD_MEMBER_NAMED = _("Choose a participant or type the relative's first name.")

POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")

# Fields a participant form edits (history snapshots and the changed-fields list use them).
PARTICIPANT_FIELDS = (
    "first_name",
    "last_name",
    "pesel",
    "no_pesel",
    "sex",
    "birth_date",
    "education",
    "country",
    "voivodeship",
    "powiat",
    "gmina",
    "locality",
    "street",
    "building_no",
    "flat_no",
    "postal_code",
    "degurba",
    "phone",
    "email",
    "labour_status",
    "long_term_unemployed",
    "self_employed",
    "in_education",
    "disability",
    "severe_disability",
    "foreign_background",
    "minority",
    "third_country_national",
    "homeless",
    "other_disadvantage",
    "social_assistance_since",
)
# Special-category answers (hidden from roles without `can_view_sensitive`, also in the history).
SENSITIVE_FIELDS = frozenset(
    {"disability", "severe_disability", "foreign_background", "minority", "homeless", "other_disadvantage", "groups"}
)
HOUSEHOLD_FIELDS = ("name", "street", "postal_code", "locality", "in_social_work", "notes")
_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "country",
    "voivodeship",
    "powiat",
    "gmina",
    "locality",
    "street",
    "building_no",
    "flat_no",
    "postal_code",
    "phone",
    "email",
)
_CHOICES = {
    "sex": Sex,
    "education": Education,
    "labour_status": LabourStatus,
    "disability": Answer,
    "foreign_background": Answer,
    "minority": Answer,
    "homeless": Answer,
    "other_disadvantage": Answer,
}


class Errors:
    """Collects messages per field; `raise_if_any` raises one ValidationError with all of them."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: Any, code: str = "invalid", **params: Any) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _today() -> dt.date:
    return timezone.localdate()


def _clean_participant(data: Mapping[str, Any], errors: Errors, stored: Participant | None = None) -> dict[str, Any]:
    """Normalise the input and check every rule that needs only the values themselves; a change of `stored` keeps
    its e-mail address as it is when it is sent back unchanged (`validate_email_change`)."""
    values: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        values[name] = str(data.get(name) or "").strip()
    values["country"] = values["country"] or "Polska"
    values["email"] = values["email"].lower()
    if stored is not None and kept_email_address(values["email"], stored.email):
        values["email"] = stored.email  # as stored: nothing is altered behind the user's back
    try:
        values["phone"] = phone_mod.normalise(values["phone"])
    except phone_mod.InvalidPhone:
        errors.add("phone", PHONE)
    for name, choices in _CHOICES.items():
        values[name] = data.get(name) or ""  # an answer never given stays empty (Answer.NOT_GIVEN)
        if values[name] and values[name] not in choices.values:
            errors.add(name, UNKNOWN_CHOICE)
    degurba = data.get("degurba")
    values["degurba"] = int(degurba) if degurba not in (None, "") else None
    if values["degurba"] is not None and values["degurba"] not in Degurba.values:
        errors.add("degurba", UNKNOWN_CHOICE)
    for name in (
        "no_pesel",
        "long_term_unemployed",
        "third_country_national",
        "severe_disability",
        "self_employed",
        "in_education",
    ):
        values[name] = bool(data.get(name))
    values["birth_date"] = data.get("birth_date") or None
    values["social_assistance_since"] = data.get("social_assistance_since") or None

    for name in ("first_name", "last_name"):
        if not values[name]:
            errors.add(name, REQUIRED, code="required")
    _check_pesel(str(data.get("pesel") or "").strip(), values, errors)
    if values["postal_code"] and not POSTAL_CODE_RE.match(values["postal_code"]):
        errors.add("postal_code", POSTAL_CODE)
    try:
        validate_email_change(values["email"], stored.email if stored is not None else "")
    except ValidationError:
        errors.add("email", EMAIL)
    for name in ("birth_date", "social_assistance_since"):
        if values[name] and values[name] > _today() and name not in errors:
            errors.add(name, FUTURE_DATE)
    if values["long_term_unemployed"] and values["labour_status"] not in UNEMPLOYED_STATUSES:
        errors.add("long_term_unemployed", LONG_TERM_NEEDS_UNEMPLOYED)
    if values["self_employed"] and values["labour_status"] != LabourStatus.EMPLOYED:
        errors.add("self_employed", SELF_EMPLOYED_NEEDS_EMPLOYED)
    if values["severe_disability"] and values["disability"] != Answer.YES:
        errors.add("severe_disability", SEVERE_NEEDS_DISABILITY)
    return values


def _check_pesel(number: str, values: dict[str, Any], errors: Errors) -> None:
    """PESEL or the no-PESEL flag; birth date and sex derived, a typed disagreement is an error."""
    if values["no_pesel"]:
        values["pesel"] = None
        if number:
            errors.add("pesel", PESEL_WITH_FLAG)
        if not values["birth_date"]:
            errors.add("birth_date", NO_PESEL_NEEDS_BIRTH_DATE, code="required")
        if not values["sex"]:
            errors.add("sex", NO_PESEL_NEEDS_SEX, code="required")
        return
    values["pesel"] = number or None
    if not number:
        errors.add("pesel", PESEL_REQUIRED, code="required")
        return
    try:
        info = pesel_mod.parse(number)
    except pesel_mod.InvalidPesel as exc:
        message = {"format": PESEL_FORMAT, "checksum": PESEL_CHECKSUM}.get(exc.reason, PESEL_DATE)
        errors.add("pesel", message, code=f"pesel_{exc.reason}")
        return
    if values["birth_date"] and values["birth_date"] != info.birth_date:
        errors.add("birth_date", BIRTH_DATE_MISMATCH, code="mismatch", expected=info.birth_date.strftime("%d.%m.%Y"))
    values["birth_date"] = values["birth_date"] or info.birth_date
    # A non-binary declaration (EU indicators) is not contradicted by the PESEL; F/M must agree.
    if values["sex"] in (Sex.FEMALE, Sex.MALE) and values["sex"] != info.sex:
        errors.add("sex", SEX_MISMATCH, code="mismatch", expected=Sex(info.sex).label)
    values["sex"] = values["sex"] or info.sex


def _clean_groups(groups: Iterable[str] | None, errors: Errors) -> list[str] | None:
    if groups is None:
        return None
    codes = sorted(set(groups))
    if any(code not in EligibilityGroup.values for code in codes):
        errors.add("groups", UNKNOWN_GROUP)
    return codes


def _check_duplicate(institution_id: int, number: str | None, exclude_pk: int | None, errors: Errors) -> None:
    if not number or "pesel" in errors:
        return
    existing = Participant.objects.for_institution(institution_id).filter(pesel=number).exclude(pk=exclude_pk).first()
    if existing is not None:
        errors.add("pesel", PESEL_DUPLICATE, code="duplicate", participant_id=existing.pk)


def participant_snapshot(participant: Participant, groups: Iterable[str] | None = None) -> dict[str, Any]:
    """What the history keeps of a participant: the edited fields and the eligibility groups."""
    data = snapshot(participant, PARTICIPANT_FIELDS)
    data["groups"] = sorted(groups if groups is not None else participant.groups.values_list("group", flat=True))
    return data


def _check_same_centre(actor: Any, obj: Any) -> None:
    if obj.institution_id != actor.institution_id:
        raise ValidationError({NON_FIELD_ERRORS: [ValidationError(OTHER_CENTRE, code="other_centre")]})


def _stale(obj: Any, expected_version: int, labels: Mapping[str, str]) -> ValidationError:
    """The refusal of a stale save, naming the fields changed since the form was shown."""
    entries = HistoryEntry.objects.filter(
        institution_id=obj.institution_id,
        object_id=obj.pk,
        content_type__model=obj._meta.model_name,
        action=HistoryEntry.Action.UPDATE,
    ).order_by("-at", "-id")[: max(1, obj.version - expected_version)]
    names: list[str] = []
    for entry in entries:
        for field in entry.changes:
            label = str(labels.get(field, field))
            if label not in names:
                names.append(label)
    return ValidationError(
        {NON_FIELD_ERRORS: [ValidationError(STALE_EDIT, code="stale", params={"fields": ", ".join(names) or "?"})]}
    )


def field_labels() -> dict[str, str]:
    """Human labels of the participant fields kept in the history."""
    labels = {name: Participant._meta.get_field(name).verbose_name for name in PARTICIPANT_FIELDS}
    labels["groups"] = _("eligibility groups")
    return labels


def _set_groups(participant: Participant, codes: list[str]) -> None:
    current = set(participant.groups.values_list("group", flat=True))
    wanted = set(codes)
    if current - wanted:
        participant.groups.filter(group__in=current - wanted).delete()
    ParticipantGroup.objects.bulk_create(
        ParticipantGroup(institution_id=participant.institution_id, participant=participant, group=code)
        for code in sorted(wanted - current)
    )


@transaction.atomic
def create_participant(*, actor: Any, data: Mapping[str, Any], groups: Iterable[str] = ()) -> Participant:
    """Register a person in the acting centre (uczestnik)."""
    errors = Errors()
    values = _clean_participant(data, errors)
    codes = _clean_groups(groups, errors) or []
    _check_duplicate(actor.institution_id, values["pesel"], None, errors)
    errors.raise_if_any()
    participant = Participant(institution_id=actor.institution_id, **values)
    participant.full_clean()
    participant.save()
    _set_groups(participant, codes)
    record(
        actor=actor, obj=participant, action=HistoryEntry.Action.CREATE, after=participant_snapshot(participant, codes)
    )
    return participant


@transaction.atomic
def update_participant(
    *, actor: Any, participant: Participant, version: int, data: Mapping[str, Any], groups: Iterable[str] | None = None
) -> Participant:
    """Change a person's data; refused if someone else saved it since `version` was shown."""
    _check_same_centre(actor, participant)
    errors = Errors()
    values = _clean_participant(data, errors, stored=participant)
    codes = _clean_groups(groups, errors)
    _check_duplicate(actor.institution_id, values["pesel"], participant.pk, errors)
    errors.raise_if_any()
    current = lock_for_update(Participant, participant.pk, None)
    if current.version != version:
        raise _stale(current, version, field_labels())
    before = participant_snapshot(current)
    for name, value in values.items():
        setattr(current, name, value)
    # An address kept as stored was let in by an older rule; the model field's rule would refuse it again.
    current.full_clean(exclude=["email"] if kept_email_address(values["email"], participant.email) else None)
    if codes is None:
        codes = before["groups"]
    after = participant_snapshot(current, codes)
    if after == before:
        return current
    bump(current)
    current.save()
    _set_groups(current, codes)
    record(actor=actor, obj=current, action=HistoryEntry.Action.UPDATE, before=before, after=after)
    return current


@transaction.atomic
def add_consent(
    *,
    actor: Any,
    participant: Participant,
    purpose: str,
    given_on: dt.date | None,
    scope: str = "",
    valid_until: dt.date | None = None,
    given_via: str = "",
) -> Consent:
    """Record a consent to data processing given by the person, until withdrawn or, when it was given for a
    period, until `valid_until`; `given_via` names the form (document) it was given on."""
    _check_same_centre(actor, participant)
    errors = Errors()
    if purpose not in Consent.Purpose.values:
        errors.add("purpose", UNKNOWN_CHOICE)
    if not given_on:
        errors.add("given_on", REQUIRED, code="required")
    elif given_on > _today():
        errors.add("given_on", FUTURE_DATE)
    elif valid_until is not None and valid_until < given_on:
        errors.add("valid_until", ENDS_BEFORE_GIVEN)
    errors.raise_if_any()
    consent = Consent(
        institution_id=actor.institution_id,
        participant=participant,
        purpose=purpose,
        given_on=given_on,
        scope=(scope or "").strip(),
        given_via=(given_via or "").strip(),
        valid_until=valid_until,
    )
    consent.full_clean()
    consent.save()
    record(actor=actor, obj=consent, action=HistoryEntry.Action.CREATE)
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Any, consent: Consent, withdrawn_on: dt.date | None) -> Consent:
    """Mark a consent withdrawn on a day (the row stays: who agreed to what, and until when)."""
    _check_same_centre(actor, consent)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    errors = Errors()
    if consent.withdrawn_on is not None:
        errors.add(NON_FIELD_ERRORS, ALREADY_WITHDRAWN)
    if not withdrawn_on:
        errors.add("withdrawn_on", REQUIRED, code="required")
    elif withdrawn_on > _today():
        errors.add("withdrawn_on", FUTURE_DATE)
    elif withdrawn_on < consent.given_on:
        errors.add("withdrawn_on", WITHDRAWN_BEFORE_GIVEN)
    errors.raise_if_any()
    before = snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    record(actor=actor, obj=consent, action=HistoryEntry.Action.UPDATE, before=before)
    return consent


@transaction.atomic
def withdraw_by_person(*, participant: Participant, purpose: str, how: str) -> list[Consent]:
    """The person withdrew a consent themselves (a „STOP” reply to a text message, the link in an e-mail): every
    consent of the purpose in force is withdrawn today. No staff member acts: the history names no one and says
    how (`how`, e.g. "odpowiedź STOP na SMS"). Returns the consents withdrawn (none: nothing was in force)."""
    today = _today()
    withdrawn = []
    consents = Consent.objects.select_for_update().filter(
        participant=participant, purpose=purpose, withdrawn_on__isnull=True, given_on__lte=today
    )
    for consent in consents:
        before = snapshot(consent)
        consent.withdrawn_on = today
        consent.save(update_fields=["withdrawn_on", "updated_at"])
        record(actor=None, obj=consent, action=HistoryEntry.Action.UPDATE, before=before, comment=how)
        withdrawn.append(consent)
    return withdrawn


# Households -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    """One row of the household form: a participant of the centre, or a named relative."""

    relation: str
    participant: Participant | None = None
    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None


def _clean_household(data: Mapping[str, Any], errors: Errors) -> dict[str, Any]:
    values = {
        name: str(data.get(name) or "").strip() for name in ("name", "street", "postal_code", "locality", "notes")
    }
    values["in_social_work"] = bool(data.get("in_social_work"))
    if not values["name"]:
        errors.add("name", HOUSEHOLD_NAME, code="required")
    if values["postal_code"] and not POSTAL_CODE_RE.match(values["postal_code"]):
        errors.add("postal_code", POSTAL_CODE)
    return values


def _clean_members(
    actor: Any, members: Iterable[MemberInput], household_pk: int | None, errors: Errors
) -> list[MemberInput]:
    rows = list(members)
    seen: set[int] = set()
    for row in rows:
        if row.relation not in HouseholdMember.Relation.values:
            errors.add("members", UNKNOWN_CHOICE)
        if row.participant is None:
            if not row.first_name.strip():
                errors.add("members", HOUSEHOLD_MEMBER_NAMED)
            if row.birth_date and row.birth_date > _today():
                errors.add("members", FUTURE_DATE)
            continue
        person = row.participant
        if person.institution_id != actor.institution_id:
            errors.add("members", OTHER_CENTRE)
            continue
        if person.pk in seen:
            errors.add("members", HOUSEHOLD_MEMBER_TWICE, name=person.full_name)
        seen.add(person.pk)
        other = (
            HouseholdMember.objects.for_institution(actor.institution_id)
            .filter(participant=person)
            .exclude(household_id=household_pk)
            .select_related("household")
            .first()
        )
        if other is not None:
            errors.add("members", HOUSEHOLD_MEMBER_ELSEWHERE, name=person.full_name, household=other.household.name)
    heads = sum(1 for row in rows if row.relation == HouseholdMember.Relation.HEAD)
    if rows and heads != 1:
        errors.add("members", HOUSEHOLD_ONE_HEAD)
    return rows


def household_snapshot(household: Household, members: Iterable[MemberInput] | None = None) -> dict[str, Any]:
    """What the history keeps of a household: its fields and its members as [name, relation code]."""
    data = snapshot(household, HOUSEHOLD_FIELDS)
    if members is None:
        data["members"] = sorted([m.display_name, m.relation] for m in household.members.select_related("participant"))
    else:
        data["members"] = sorted(
            [m.participant.full_name if m.participant else f"{m.first_name} {m.last_name}".strip(), m.relation]
            for m in members
        )
    return data


def _replace_members(household: Household, rows: list[MemberInput]) -> None:
    old_participants = set(household.members.exclude(participant=None).values_list("participant_id", flat=True))
    household.members.all().delete()
    HouseholdMember.objects.bulk_create(
        HouseholdMember(
            institution_id=household.institution_id,
            household=household,
            participant=row.participant,
            first_name="" if row.participant else row.first_name.strip(),
            last_name="" if row.participant else row.last_name.strip(),
            birth_date=None if row.participant else row.birth_date,
            relation=row.relation,
        )
        for row in rows
    )
    new_participants = {row.participant.pk for row in rows if row.participant is not None}
    Participant.objects.filter(pk__in=old_participants - new_participants, household=household).update(household=None)
    Participant.objects.filter(pk__in=new_participants).update(household=household)


@transaction.atomic
def create_household(*, actor: Any, data: Mapping[str, Any], members: Iterable[MemberInput] = ()) -> Household:
    """Register a family (rodzina / gospodarstwo domowe) with its members and one head."""
    errors = Errors()
    values = _clean_household(data, errors)
    rows = _clean_members(actor, members, None, errors)
    errors.raise_if_any()
    household = Household(institution_id=actor.institution_id, **values)
    household.full_clean()
    household.save()
    _replace_members(household, rows)
    record(actor=actor, obj=household, action=HistoryEntry.Action.CREATE, after=household_snapshot(household, rows))
    return household


@transaction.atomic
def update_household(
    *, actor: Any, household: Household, version: int, data: Mapping[str, Any], members: Iterable[MemberInput]
) -> Household:
    """Change a family's data and members; refused if someone else saved it since `version`."""
    _check_same_centre(actor, household)
    errors = Errors()
    values = _clean_household(data, errors)
    rows = _clean_members(actor, members, household.pk, errors)
    errors.raise_if_any()
    current = lock_for_update(Household, household.pk, None)
    if current.version != version:
        labels = {name: Household._meta.get_field(name).verbose_name for name in HOUSEHOLD_FIELDS}
        labels["members"] = _("members")
        raise _stale(current, version, labels)
    before = household_snapshot(current)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    after = household_snapshot(current, rows)
    if after == before:
        return current
    bump(current)
    current.save()
    _replace_members(current, rows)
    record(actor=actor, obj=current, action=HistoryEntry.Action.UPDATE, before=before, after=after)
    return current
