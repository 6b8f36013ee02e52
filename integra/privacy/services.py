"""The data subject's rights: consent withdrawal and its effects, anonymisation after retention,
and the access log's only deletion path (retention purge).

What a withdrawal stops, per purpose (docs/security.md repeats this table):
- contact: phone and e-mail are erased at once and the person drops out of every contact list
  (`contactable`); a new consent lets staff enter them again.
- image: the person drops out of `image_allowed` (lists of people whose photos may be published).
- processing: every optional processing stops (contact and image as above); the data needed for
  the project's legal obligations (EU monitoring, settlement) stays until retention ends.
- special_category, monitoring: recorded; the answers stay because the EU-funds rules require them
  (GDPR art. 9(2)(g), 17(3)(b)) until the retention period ends, then anonymisation removes the person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.history import record, snapshot
from integra.core.models import AccessLogEntry, HistoryEntry
from integra.people.models import Consent, Household, Participant
from integra.privacy.subject import history_of, personal_models, plain, rows_of

ANONYMOUS = "Anonimowy"
ALREADY_WITHDRAWN = _("This consent has already been withdrawn.")
WITHDRAWN_BEFORE_GIVEN = _("A consent cannot be withdrawn before it was given.")
WITHDRAWN_IN_FUTURE = _("A withdrawal date cannot be in the future.")
ALREADY_ANONYMISED = _("This person has already been anonymised.")
ANONYMISED_COMMENT = _("Anonymised after the retention period ended on %(date)s.")
RETENTION_NOT_OVER = _("The retention period of this person's data is not over yet: it ends on %(date)s.")

Purpose = Consent.Purpose
# Purposes whose withdrawal stops contact and image use (see the module docstring).
STOPS_CONTACT = {Purpose.CONTACT, Purpose.PROCESSING}
STOPS_IMAGE = {Purpose.IMAGE, Purpose.PROCESSING}
PURPOSE_EFFECTS = {
    Purpose.CONTACT: _("phone and e-mail erased; excluded from contact lists"),
    Purpose.IMAGE: _("excluded from lists of people whose photos may be published"),
    Purpose.PROCESSING: _(
        "all optional processing stops (contact, image); data required by law kept until retention ends"
    ),
    Purpose.SPECIAL_CATEGORY: _("recorded; answers required by the EU-funds rules kept until retention ends"),
    Purpose.MONITORING: _("recorded; monitoring data required by the EU-funds rules kept until retention ends"),
    Purpose.SMS: _("no more text messages from Integra; the number stays for contact by phone"),
    Purpose.EMAIL: _("no more e-mails from Integra; the address stays for other contact"),
}

# Participant columns that identify a person, and their anonymous replacement.
PARTICIPANT_IDENTIFIERS: dict[str, Any] = {
    "first_name": ANONYMOUS,
    "last_name": ANONYMOUS,
    "pesel": None,
    "no_pesel": True,
    "locality": "",
    "street": "",
    "building_no": "",
    "flat_no": "",
    "postal_code": "",
    "phone": "",
    "email": "",
}
# Indicator inputs and gmina-level geography: kept so past reports and EU indicators stay the same.
INDICATOR_COLUMNS = (
    "institution_id",
    "country",
    "participant_kind",
    "sex",
    "birth_date",
    "education",
    "voivodeship",
    "powiat",
    "gmina",
    "degurba",
    "labour_status",
    "long_term_unemployed",
    "disability",
    "foreign_background",
    "minority",
    "third_country_national",
    "homeless",
    "other_disadvantage",
    "social_assistance_since",
    "household_id",
)
# A text column of a personal row is erased when it is free text or its name marks an identifier.
IDENTIFYING_PARTS = {
    "name",
    "first",
    "last",
    "surname",
    "street",
    "building",
    "flat",
    "postal",
    "locality",
    "address",
    "phone",
    "email",
    "contact",
    "pesel",
    "note",
    "notes",
    "comment",
    "remarks",
    "description",
    "employer",
    "city",
}

# A character column this long without choices is free text (evidence, scope, descriptions).
FREE_TEXT_LENGTH = 150

# ---------------------------------------------------------------- consents


def _with_consent(purpose: str, *, withdrawn: bool) -> models.QuerySet:
    """People with a withdrawn consent of the purpose, or (withdrawn=False) with one in force today: not
    withdrawn and not past its end date."""
    consents = Consent.objects.filter(purpose=purpose, withdrawn_on__isnull=not withdrawn)
    if not withdrawn:
        consents = consents.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
    return consents.values("participant_id")


def _stopped_by(purpose: str) -> Q:
    """People who withdrew the purpose and did not give it again."""
    return Q(pk__in=_with_consent(purpose, withdrawn=True)) & ~Q(pk__in=_with_consent(purpose, withdrawn=False))


def contactable(participants: models.QuerySet) -> models.QuerySet:
    """Who may be phoned or e-mailed: an active contact consent and processing not withdrawn."""
    return participants.filter(pk__in=_with_consent(Purpose.CONTACT, withdrawn=False)).exclude(
        _stopped_by(Purpose.PROCESSING)
    )


def image_allowed(participants: models.QuerySet) -> models.QuerySet:
    """Whose photos may be published: an active image consent and processing not withdrawn."""
    return participants.filter(pk__in=_with_consent(Purpose.IMAGE, withdrawn=False)).exclude(
        _stopped_by(Purpose.PROCESSING)
    )


def withdrawn_purposes(participant: Participant) -> set[str]:
    """Purposes withdrawn and not given again."""
    rows = list(participant.consents.values_list("purpose", "withdrawn_on"))
    active = {p for p, w in rows if w is None}
    return {p for p, w in rows if w is not None and p not in active}


def _erase_contact(participant: Participant, actor: Any) -> bool:
    if not (participant.phone or participant.email):
        return False
    before = snapshot(participant, ["phone", "email"])
    Participant.objects.filter(pk=participant.pk).update(phone="", email="", version=F("version") + 1)
    participant.refresh_from_db()
    # The history keeps which fields changed, never the erased values.
    HistoryEntry.objects.create(
        institution_id=participant.institution_id,
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=participant.pk,
        actor=getattr(actor, "user", actor) if actor else None,
        action=HistoryEntry.Action.UPDATE,
        changes={k: [None, ""] for k in before},
        comment="erased after withdrawal of consent",
    )
    return True


def apply_withdrawals(participant: Participant, *, actor: Any = None) -> list[str]:
    """Make the effects of the person's withdrawn consents true now; returns what was done."""
    done = []
    if withdrawn_purposes(participant) & STOPS_CONTACT and _erase_contact(participant, actor):
        done.append("contact erased")
    return done


@transaction.atomic
def withdraw_consent(*, actor: Any, consent: Consent, withdrawn_on: dt.date | None = None) -> Consent:
    """Record the withdrawal (the row stays: who agreed to what, until when) and stop the processing it covered."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk, institution_id=actor.institution_id)
    withdrawn_on = withdrawn_on or timezone.localdate()
    if consent.withdrawn_on is not None:
        raise ValidationError(ALREADY_WITHDRAWN, code="withdrawn")
    if withdrawn_on < consent.given_on:
        raise ValidationError(WITHDRAWN_BEFORE_GIVEN, code="before_given")
    if withdrawn_on > timezone.localdate():
        raise ValidationError(WITHDRAWN_IN_FUTURE, code="future")
    before = snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    record(actor=actor, obj=consent, action=HistoryEntry.Action.UPDATE, before=before)
    apply_withdrawals(consent.participant, actor=actor)
    return consent


def enforce_withdrawals(*, institution_id: int | None = None, dry_run: bool = False) -> list[int]:
    """Apply withdrawal effects to everyone (also withdrawals recorded elsewhere); returns the people changed."""
    people = Participant.objects.filter(consents__withdrawn_on__isnull=False, anonymised_at__isnull=True).distinct()
    if institution_id:
        people = people.filter(institution_id=institution_id)
    changed = []
    for participant in people.order_by("pk"):
        if withdrawn_purposes(participant) & STOPS_CONTACT and (participant.phone or participant.email):
            changed.append(participant.pk)
            if not dry_run:
                with transaction.atomic():
                    _erase_contact(participant, None)
    return changed


# ---------------------------------------------------------------- retention and anonymisation


def retention_years() -> int:
    return int(getattr(settings, "INTEGRA_RETENTION_YEARS", 5))


def default_retention_end(end_on: dt.date) -> dt.date:
    """Default rule: 31 December of the project's last year plus INTEGRA_RETENTION_YEARS (EU funds: 5)."""
    return dt.date(end_on.year + retention_years(), 12, 31)


def retention_end(participant: Participant) -> dt.date:
    """The latest retention end of the person's projects (`Project.retention_until`, else the default rule);
    a person in no project: the default rule from the last change of their record."""
    ends = [
        p.project.retention_until or default_retention_end(p.project.end_on)
        for p in participant.participations.select_related("project")
    ]
    return max(ends) if ends else default_retention_end(timezone.localdate(participant.updated_at))


def due_for_anonymisation(before: dt.date, *, institution_id: int | None = None) -> list[Participant]:
    """People not yet anonymised whose retention ended before the day."""
    people = Participant.objects.filter(anonymised_at__isnull=True).prefetch_related("participations__project")
    if institution_id:
        people = people.filter(institution_id=institution_id)
    return [p for p in people.order_by("pk") if retention_end(p) < before]


def _erasable(field: models.Field) -> bool:
    if field.choices or not isinstance(field, models.CharField | models.TextField) or field.primary_key:
        return False
    if isinstance(field, models.TextField) or (field.max_length or 0) >= FREE_TEXT_LENGTH:
        return True
    return bool(set(field.name.split("_")) & IDENTIFYING_PARTS)


def _blank(field: models.Field, value: Any) -> Any:
    if value in (None, ""):
        return value
    if field.name in {"first_name", "last_name", "name", "surname"}:
        return ANONYMOUS
    return None if field.null else ""


@dataclass
class Change:
    participant_id: int
    retention_end: dt.date
    participant_fields: list[str] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)  # model label -> rows with erased text
    history_entries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "participant": self.participant_id,
            "retention_end": self.retention_end.isoformat(),
            "participant_fields": self.participant_fields,
            "rows": dict(sorted(self.rows.items())),
            "history_entries": self.history_entries,
        }


def _scrub_row(obj: models.Model, dry_run: bool) -> bool:
    values = {f.attname: _blank(f, getattr(obj, f.attname)) for f in obj._meta.concrete_fields if _erasable(f)}
    values = {k: v for k, v in values.items() if v != getattr(obj, k)}
    if not values or dry_run:
        return bool(values)
    try:
        with transaction.atomic():
            type(obj)._default_manager.filter(pk=obj.pk).update(**values)
    except IntegrityError:  # e.g. a "must be named" constraint: an anonymous placeholder instead of blank
        type(obj)._default_manager.filter(pk=obj.pk).update(
            **{k: ANONYMOUS if v in ("", None) else v for k, v in values.items()}
        )
    return True


def _scrub_history(entries: models.QuerySet, dry_run: bool) -> int:
    count = 0
    for entry in entries:
        scrubbed = {k: [None, None] for k in entry.changes}
        if scrubbed == entry.changes and not entry.comment:
            continue
        count += 1
        if not dry_run:  # the sanctioned erasure of an append-only row: values go, the fact of a change stays
            HistoryEntry.objects.filter(pk=entry.pk).update(changes=scrubbed, comment="")
    return count


def anonymise(participant: Participant, *, dry_run: bool = False, now: dt.datetime | None = None) -> Change:
    """Remove identifiers and free text of one person and their rows; indicator inputs stay untouched."""
    change = Change(participant.pk, retention_end(participant))
    rows = rows_of(participant)
    history = history_of(participant, rows)
    values = {k: v for k, v in PARTICIPANT_IDENTIFIERS.items() if getattr(participant, k) != v}
    change.participant_fields = sorted(values)
    for model, qs in rows.items():
        for obj in qs:
            if _scrub_row(obj, dry_run):
                change.rows[model._meta.label_lower] += 1
    change.history_entries = _scrub_history(history, dry_run)
    if dry_run:
        return change
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(
            **values,
            last_name_key=ANONYMOUS.lower(),
            anonymised_at=now or timezone.now(),
            version=F("version") + 1,
        )
        if participant.household_id:
            _anonymise_household(participant.household_id)
    return change


def _anonymise_household(household_id: int) -> None:
    """A household loses its name, address and notes once none of its registered people is identifiable."""
    household = Household.objects.get(pk=household_id)
    if household.participants.filter(anonymised_at__isnull=True).exists():
        return
    _scrub_row(household, False)
    Household.objects.filter(pk=household_id).update(locality="", version=F("version") + 1)
    for member in household.members.filter(participant__isnull=True):
        _scrub_row(member, False)
    _scrub_history(
        HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(Household), object_id=household_id),
        False,
    )


def anonymise_due(before: dt.date, *, dry_run: bool = False, institution_id: int | None = None) -> list[Change]:
    """Anonymise (or, with dry_run, describe) everyone whose retention ended before the day."""
    changes = []
    for participant in due_for_anonymisation(before, institution_id=institution_id):
        with transaction.atomic():
            changes.append(anonymise(participant, dry_run=dry_run))
    return changes


def anonymisation_due(participant: Participant, today: dt.date) -> tuple[dt.date, bool]:
    """The person's retention end, and whether they may be anonymised today (not yet anonymised, retention over):
    the one rule of the officer's screens and of `anonymise_requested`."""
    ends = retention_end(participant)
    return ends, participant.anonymised_at is None and ends < today


def anonymise_requested(*, actor: Any, participant_id: int, today: dt.date) -> Change:
    """The data protection officer anonymises one person of their centre whose retention period is over.

    The person's row is locked first, so two officers clicking at once anonymise once; a person whose retention
    has not ended, or who is anonymised already, is refused with nothing written. The person's indicator inputs
    must come out unchanged (else everything is rolled back), and one history entry names who anonymised them."""
    with transaction.atomic():
        person = Participant.objects.select_for_update().get(pk=participant_id)
        if person.anonymised_at is not None:
            raise ValidationError(ALREADY_ANONYMISED, code="anonymised")
        ends, due = anonymisation_due(person, today)
        if not due:
            raise ValidationError(RETENTION_NOT_OVER, code="retention", params={"date": ends.strftime("%d.%m.%Y")})
        before = person_fingerprint(person)
        change = anonymise(person)
        if person_fingerprint(person) != before:  # cannot happen unless a new model keeps indicator inputs as text
            raise RuntimeError("anonymisation changed indicator inputs; nothing was written")
        person.refresh_from_db(fields=["anonymised_at"])
        record(
            actor=actor,
            obj=person,
            action=HistoryEntry.Action.STATUS,
            before={"anonymised_at": None},
            after={"anonymised_at": person.anonymised_at.isoformat()},
            comment=str(ANONYMISED_COMMENT) % {"date": ends.strftime("%d.%m.%Y")},
        )
    return change


def person_fingerprint(participant: Participant) -> str:
    """`indicator_fingerprint` of one person: their kept columns and every non-text column of their rows."""
    digest = hashlib.sha256()
    _hash_rows(digest, Participant.objects.filter(pk=participant.pk).values("pk", *INDICATOR_COLUMNS))
    for model, qs in sorted(rows_of(participant).items(), key=lambda item: item[0]._meta.label):
        _hash_rows(digest, qs.values(*_kept_columns(model)), model._meta.label)
    return digest.hexdigest()


def _kept_columns(model: type[models.Model]) -> list[str]:
    """The columns of a personal row that anonymisation keeps (the fingerprints hash them)."""
    return [f.attname for f in model._meta.concrete_fields if not _erasable(f) and f.name not in {"updated_at"}]


def _hash_rows(digest: Any, rows: Any, label: str = "") -> None:
    for row in rows:
        if label:
            digest.update(label.encode())
        digest.update(json.dumps(row, default=plain, sort_keys=True).encode())


def indicator_fingerprint(institution_id: int | None = None) -> str:
    """A hash of every indicator input: the kept participant columns, their groups, and every non-text
    column of their personal rows. Anonymisation must leave it unchanged."""
    people = Participant.objects.order_by("pk")
    if institution_id:
        people = people.filter(institution_id=institution_id)
    digest = hashlib.sha256()
    _hash_rows(digest, people.values("pk", *INDICATOR_COLUMNS))
    for model in sorted({e.model for e in personal_models()}, key=lambda m: m._meta.label):
        qs = model._default_manager.order_by("pk")
        if institution_id and any(f.name == "institution" for f in model._meta.concrete_fields):
            qs = qs.filter(institution_id=institution_id)
        _hash_rows(digest, qs.values(*_kept_columns(model)), model._meta.label)
    return digest.hexdigest()


# ---------------------------------------------------------------- access-log retention


def purge_access_log(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete access-log entries older than INTEGRA_ACCESS_LOG_RETENTION_DAYS — the log's only deletion path."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.INTEGRA_ACCESS_LOG_RETENTION_DAYS)
    old = AccessLogEntry.objects.filter(at__lt=cutoff)
    count = old.count()
    if not dry_run and count:
        old._raw_delete(old.db)  # bulk delete; the model's own delete() refuses (append-only)
    return count
