"""Writes with business rules: catalogue upkeep, activities, enrolment, sessions (clash rules), attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from integra.core.dates import centre_today, pl_date, refuse_future
from integra.core.history import for_object, record, snapshot
from integra.core.locking import bump, lock_for_update
from integra.core.models import HistoryEntry, ensure_same_centre
from integra.core.roles import Role, Specialty
from integra.institutions.models import Club, Membership, Partner
from integra.people.models import Household, Participant
from integra.projects.models import Project
from integra.support import changes
from integra.support.models import (
    SESSION,
    Activity,
    Attendance,
    CommunityWork,
    Consultation,
    Enrolment,
    Event,
    EventParticipant,
    FamilyAssistantVisit,
    Instrument,
    Internship,
    Referral,
    Session,
)

# Messages users read (tests import them).
OTHER_CENTRE = _("The chosen %(what)s does not belong to your centre.")
SHARED_INSTRUMENT_READ_ONLY = _(
    "Instruments of the shared catalogue cannot be changed by a centre; add your own instead."
)
INSTRUMENT_CODE_TAKEN = _("An instrument with the code “%(code)s” already exists.")
INSTRUMENT_IN_USE = ngettext_lazy(
    "The instrument “%(name)s” is used by %(count)s record and cannot be deleted; retire it instead.",
    "The instrument “%(name)s” is used by %(count)s records and cannot be deleted; retire it instead.",
    "count",
)
INSTRUMENT_RETIRED = _("The instrument “%(name)s” is retired and cannot be chosen for new activities.")
NO_PROVIDER = _("Choose a staff member or enter the name of the external firm that delivers the activity.")
ACTIVITY_OUTSIDE_PROJECT = _("The activity must take place within the project period (%(start)s – %(end)s).")
ALREADY_ENROLLED = _("%(name)s is already enrolled in this activity.")
ACTIVITY_FULL = ngettext_lazy(
    "The activity is full: %(capacity)s place is taken.",
    "The activity is full: %(capacity)s places are taken.",
    "capacity",
)
NOT_IN_PROJECT = _("%(name)s does not take part in the project “%(project)s”.")
FAILED_WITH_CERTIFICATE = _("A failed course gets no certificate: leave the certificate number and date empty.")
CERTIFICATE_NEEDS_BOTH = _("Enter both the certificate number and its date.")
COMPLETION_ONLY_ENROLLED = _("Only an enrolled participant can complete or drop out.")
DROPOUT_NEEDS_REASON = _("Give the reason for dropping out.")
SESSION_OUTSIDE_ACTIVITY = _("The session must fall within the activity period (%(start)s – %(end)s).")
ROOM_CLASH = _("The room “%(room)s” is already booked for “%(activity)s” on %(date)s, %(start)s–%(end)s.")
STAFF_CLASH = _("%(person)s already runs “%(activity)s” on %(date)s, %(start)s–%(end)s.")
PARTICIPANT_CLASH = _("%(person)s is enrolled in “%(activity)s”, which meets on %(date)s, %(start)s–%(end)s.")
NOT_ENROLLED = _("Attendance can only be recorded for participants enrolled in the activity.")
BAD_STATUS = _("Unknown attendance status “%(status)s”.")
SESSION_HAS_ATTENDANCE = _("The session already has attendance recorded and cannot be deleted.")
NOT_A_SPECIALIST = _("Consultations are recorded by specialists and social workers.")
OWN_SPECIALTY_ONLY = _("You can record consultations of your own specialty only.")
END_BEFORE_START = _("The end date cannot be earlier than the start date.")
EMPLOYER_KIND = _("Choose an employer (or another partner that is not a public unit, a CIS or the labour office).")
PUBLIC_UNIT_KIND = _("Socially useful work is done in a public unit: choose a partner of the kind “public unit”.")
COMMUNITY_WORK_TWICE = _(
    "Hours of this person at this unit for this month are already recorded; correct that entry instead."
)
DESTINATION_MISMATCH = _("The destination partner is not a %(kind)s.")
NOT_FAMILY_ASSISTANT = _("Family assistant visits are recorded by family assistants and social workers.")
SESSION_NOT_HELD_YET = _("Attendance can be marked from the day of the session (%(date)s); today is %(today)s.")
FILLED_COMMENT = _("Unmarked people marked as “%(status)s” in one step")
UNDO_COMMENT = _("Undone: %(comment)s")
NOTHING_TO_UNDO = _("There is nothing to undo: the attendance list has changed since.")
ENDED_IN_FUTURE = _("The end date cannot be later than today (%(today)s).")
CERTIFICATE_IN_FUTURE = _("The date of the certificate cannot be later than today (%(today)s).")
HELD_IN_FUTURE = _("This is recorded once it has taken place: its date cannot be later than today (%(today)s).")
REFERRED_IN_FUTURE = _("The date of the referral cannot be later than today (%(today)s).")


def _same_centre(actor: Membership, obj: models.Model | None, what: Any) -> None:
    ensure_same_centre(actor, obj, message=OTHER_CENTRE, what=what)


def _fmt_date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _fmt_time(value: dt.time | dt.datetime) -> str:
    return value.strftime("%H:%M")


def _person(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


# ---------------------------------------------------------------- catalogue


def _check_own_instrument(actor: Membership, instrument: Instrument) -> None:
    if instrument.institution_id is None:
        raise ValidationError(SHARED_INSTRUMENT_READ_ONLY, code="shared")
    _same_centre(actor, instrument, _("instrument"))


@transaction.atomic
def add_instrument(*, actor: Membership, code: str, name: str, group: str) -> Instrument:
    """A centre's own catalogue entry; its code may repeat neither a shared code nor one of the centre's."""
    code = code.strip()
    if Instrument.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id), code=code
    ).exists():
        raise ValidationError(INSTRUMENT_CODE_TAKEN, code="code_taken", params={"code": code})
    instrument = Instrument(institution_id=actor.institution_id, code=code, name=name.strip(), group=group)
    instrument.full_clean()
    instrument.save()
    record(actor=actor, obj=instrument, action=HistoryEntry.Action.CREATE)
    return instrument


@transaction.atomic
def update_instrument(*, actor: Membership, instrument: Instrument, name: str, group: str, retired: bool) -> Instrument:
    """Rename, regroup or retire (or bring back) one of the centre's own instruments."""
    _check_own_instrument(actor, instrument)
    before = snapshot(instrument)
    instrument.name, instrument.group, instrument.retired = name.strip(), group, retired
    instrument.full_clean()
    instrument.save()
    record(actor=actor, obj=instrument, action=HistoryEntry.Action.UPDATE, before=before)
    return instrument


def instrument_use_count(instrument: Instrument) -> int:
    return instrument.activities.count() + instrument.consultations.count()


@transaction.atomic
def delete_instrument(*, actor: Membership, instrument: Instrument) -> None:
    """Delete an unused own instrument; one in use must be retired (its history stays countable)."""
    _check_own_instrument(actor, instrument)
    used = instrument_use_count(instrument)
    if used:
        raise ValidationError(INSTRUMENT_IN_USE, code="in_use", params={"name": instrument.name, "count": used})
    record(actor=actor, obj=instrument, action=HistoryEntry.Action.DELETE, after={})
    instrument.delete()


# ---------------------------------------------------------------- activities

ACTIVITY_FIELDS = (
    "project",
    "instrument",
    "club",
    "title",
    "kind",
    "provider",
    "provider_name",
    "planned_hours",
    "capacity",
    "start_on",
    "end_on",
    "cost",
    "room",
)


def _check_activity(actor: Membership, activity: Activity, *, new_instrument: bool) -> None:
    _same_centre(actor, activity.project, _("project"))
    _same_centre(actor, activity.club, _("club"))
    if activity.provider is not None:
        _same_centre(actor, activity.provider, _("staff member"))
    instrument = activity.instrument
    if instrument.institution_id not in (None, actor.institution_id):
        raise ValidationError(OTHER_CENTRE, code="other_centre", params={"what": _("instrument")})
    if new_instrument and instrument.retired:
        raise ValidationError(INSTRUMENT_RETIRED, code="retired", params={"name": instrument.name})
    if activity.provider is None and not activity.provider_name.strip():
        raise ValidationError(NO_PROVIDER, code="no_provider")
    project = activity.project
    if (
        activity.start_on
        and activity.end_on
        and (activity.start_on < project.start_on or activity.end_on > project.end_on)
    ):
        raise ValidationError(
            ACTIVITY_OUTSIDE_PROJECT,
            code="outside_project",
            params={"start": _fmt_date(project.start_on), "end": _fmt_date(project.end_on)},
        )


@transaction.atomic
def create_activity(*, actor: Membership, **fields: Any) -> Activity:
    """A new activity of a project in the actor's centre."""
    activity = Activity(
        institution_id=actor.institution_id, **{k: fields.get(k) for k in ACTIVITY_FIELDS if k in fields}
    )
    activity.provider_name = activity.provider_name or ""
    activity.room = activity.room or ""
    _check_activity(actor, activity, new_instrument=True)
    activity.full_clean()
    activity.save()
    record(actor=actor, obj=activity, action=HistoryEntry.Action.CREATE)
    return activity


@transaction.atomic
def update_activity(*, actor: Membership, activity: Activity, **fields: Any) -> Activity:
    """Change an activity; a retired instrument may stay on it but not be newly chosen."""
    _same_centre(actor, activity, _("activity"))
    before = snapshot(activity)
    old_instrument = activity.instrument_id
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.provider_name = activity.provider_name or ""
    activity.room = activity.room or ""
    _check_activity(actor, activity, new_instrument=activity.instrument_id != old_instrument)
    activity.full_clean()
    activity.save()
    record(actor=actor, obj=activity, action=HistoryEntry.Action.UPDATE, before=before)
    return activity


# ---------------------------------------------------------------- enrolment


@transaction.atomic
def enrol(*, actor: Membership, activity: Activity, participant: Participant, enrolled_on: dt.date) -> Enrolment:
    """Enrol a participant of the activity's project, within capacity, once."""
    _same_centre(actor, activity, _("activity"))
    _same_centre(actor, participant, _("participant"))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)  # capacity is checked under a lock
    if Enrolment.objects.filter(activity=activity, participant=participant).exists():
        raise ValidationError(ALREADY_ENROLLED, code="duplicate", params={"name": participant.full_name})
    if not participant.participations.filter(project_id=activity.project_id).exists():
        raise ValidationError(
            NOT_IN_PROJECT,
            code="not_in_project",
            params={"name": participant.full_name, "project": activity.project.title},
        )
    if activity.capacity is not None:
        taken = activity.enrolments.exclude(status=Enrolment.Status.DROPPED_OUT).count()
        if taken >= activity.capacity:
            raise ValidationError(ACTIVITY_FULL, code="full", params={"capacity": activity.capacity})
    enrolment = Enrolment(
        institution_id=actor.institution_id, activity=activity, participant=participant, enrolled_on=enrolled_on
    )
    enrolment.full_clean()
    enrolment.save()
    record(actor=actor, obj=enrolment, action=HistoryEntry.Action.CREATE)
    return enrolment


@transaction.atomic
def complete_enrolment(
    *,
    actor: Membership,
    enrolment: Enrolment,
    ended_on: dt.date,
    certificate_number: str = "",
    certificate_on: dt.date | None = None,
    failed: bool = False,
) -> Enrolment:
    """Completion; a course ends with a certificate (number and date) or as failed — never both."""
    _same_centre(actor, enrolment, _("enrolment"))
    refuse_future(ended_on, field="ended_on", message=ENDED_IN_FUTURE)
    refuse_future(certificate_on, field="certificate_on", message=CERTIFICATE_IN_FUTURE)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(COMPLETION_ONLY_ENROLLED, code="not_enrolled")
    certificate_number = certificate_number.strip()
    if failed and (certificate_number or certificate_on):
        raise ValidationError(FAILED_WITH_CERTIFICATE, code="failed_certificate")
    if bool(certificate_number) != bool(certificate_on):
        raise ValidationError(CERTIFICATE_NEEDS_BOTH, code="certificate_incomplete")
    before = snapshot(enrolment)
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.ended_on = ended_on
    enrolment.certificate_number, enrolment.certificate_on, enrolment.failed = (
        certificate_number,
        certificate_on,
        failed,
    )
    enrolment.full_clean()
    enrolment.save()
    record(actor=actor, obj=enrolment, action=HistoryEntry.Action.STATUS, before=before)
    return enrolment


@transaction.atomic
def drop_out(*, actor: Membership, enrolment: Enrolment, ended_on: dt.date, reason: str) -> Enrolment:
    """A participant leaves the activity early; the reason is required."""
    _same_centre(actor, enrolment, _("enrolment"))
    refuse_future(ended_on, field="ended_on", message=ENDED_IN_FUTURE)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(COMPLETION_ONLY_ENROLLED, code="not_enrolled")
    if not reason.strip():
        raise ValidationError(DROPOUT_NEEDS_REASON, code="no_reason")
    before = snapshot(enrolment)
    enrolment.status, enrolment.ended_on, enrolment.dropout_reason = (
        Enrolment.Status.DROPPED_OUT,
        ended_on,
        reason.strip(),
    )
    enrolment.full_clean()
    enrolment.save()
    record(actor=actor, obj=enrolment, action=HistoryEntry.Action.STATUS, before=before)
    return enrolment


# ---------------------------------------------------------------- sessions and the clash rules


def _overlapping(institution_id: int, date: dt.date, start: dt.datetime, end: dt.datetime, exclude_pk: int | None):
    """Sessions of the centre on that date whose time overlaps [start, end)."""
    same_day = (
        Session.objects.filter(institution_id=institution_id, date=date)
        .exclude(pk=exclude_pk)
        .select_related("activity", "staff__user")
    )
    return [s for s in same_day if s.starts_at < end and start < s.ends_at]


def _clash_params(other: Session, **extra: Any) -> dict[str, Any]:
    return {
        "activity": other.activity.title,
        "date": _fmt_date(other.date),
        "start": _fmt_time(other.starts_at),
        "end": _fmt_time(other.ends_at),
        **extra,
    }


def check_clashes(session: Session) -> None:
    """Refuse a session that double-books its room, its staff member or a participant enrolled in it."""
    overlapping = _overlapping(session.institution_id, session.date, session.starts_at, session.ends_at, session.pk)
    room = session.room.strip().casefold()
    for other in overlapping:
        if room and other.room.strip().casefold() == room:
            raise ValidationError(ROOM_CLASH, code="room_clash", params=_clash_params(other, room=other.room))
        if session.staff_id and other.staff_id == session.staff_id:
            raise ValidationError(
                STAFF_CLASH, code="staff_clash", params=_clash_params(other, person=_person(other.staff))
            )
    others = {o.activity_id: o for o in overlapping if o.activity_id != session.activity_id}
    if not others:
        return
    busy = (
        Enrolment.objects.filter(activity_id__in=others, status=Enrolment.Status.ENROLLED)
        .filter(
            participant__enrolments__activity_id=session.activity_id,
            participant__enrolments__status=Enrolment.Status.ENROLLED,
        )
        .select_related("participant")
        .order_by("id")
        .first()
    )
    if busy is not None:
        raise ValidationError(
            PARTICIPANT_CLASH,
            code="participant_clash",
            params=_clash_params(others[busy.activity_id], person=busy.participant.full_name),
        )


def _check_session(actor: Membership, session: Session) -> None:
    activity = session.activity
    _same_centre(actor, activity, _("activity"))
    if session.staff is not None:
        _same_centre(actor, session.staff, _("staff member"))
    if not activity.start_on <= session.date <= activity.end_on:
        raise ValidationError(
            SESSION_OUTSIDE_ACTIVITY,
            code="outside_activity",
            params={"start": _fmt_date(activity.start_on), "end": _fmt_date(activity.end_on)},
        )
    session.full_clean()
    check_clashes(session)


@transaction.atomic
def schedule_session(
    *,
    actor: Membership,
    activity: Activity,
    date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    room: str = "",
    staff: Membership | None = None,
) -> Session:
    """A dated session of an activity; refused when it double-books a room, staff member or participant."""
    session = Session(
        institution_id=actor.institution_id,
        activity=activity,
        date=date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        room=(room or activity.room or "").strip(),
        staff=staff,
    )
    _check_session(actor, session)
    session.save()
    record(actor=actor, obj=session, action=HistoryEntry.Action.CREATE)
    return session


@transaction.atomic
def reschedule_session(
    *,
    actor: Membership,
    session: Session,
    expected_version: int | None,
    date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    room: str = "",
    staff: Membership | None = None,
) -> Session:
    """Move a session; the same clash rules apply."""
    _same_centre(actor, session, SESSION)
    session = lock_for_update(Session, session.pk, expected_version)
    before = snapshot(session)
    slot = changes.SessionSlot.of(session)
    session.date, session.start_time, session.duration_minutes = date, start_time, duration_minutes
    session.room, session.staff = (room or "").strip(), staff
    _check_session(actor, session)
    bump(session)
    session.save()
    record(actor=actor, obj=session, action=HistoryEntry.Action.UPDATE, before=before)
    if (slot.date, slot.start_time, slot.room) != (
        session.date,
        session.start_time,
        session.room or session.activity.room,
    ):
        changes.session_moved(actor=actor, session=session, before=slot)
    return session


@transaction.atomic
def cancel_session(*, actor: Membership, session: Session) -> None:
    """Delete a session that nobody has marked attendance for yet."""
    _same_centre(actor, session, SESSION)
    if session.attendances.exists():
        raise ValidationError(SESSION_HAS_ATTENDANCE, code="has_attendance")
    slot = changes.SessionSlot.of(session)
    enrolled = list(
        Enrolment.objects.filter(activity_id=session.activity_id, status=Enrolment.Status.ENROLLED).values_list(
            "participant_id", flat=True
        )
    )
    record(actor=actor, obj=session, action=HistoryEntry.Action.DELETE, after={})
    session.delete()
    changes.session_cancelled(actor=actor, before=slot, enrolled=enrolled)


# ---------------------------------------------------------------- attendance


def _check_session_held(session: Session) -> None:
    """Attendance is a record of what happened: a session that has not taken place yet has none."""
    today = centre_today()
    if session.date > today:
        raise ValidationError(
            SESSION_NOT_HELD_YET, code="future", params={"date": pl_date(session.date), "today": pl_date(today)}
        )


def _write_marks(
    *, actor: Membership, session: Session, existing: Mapping[int, str], marks: Mapping[int, str | None], comment: str
) -> HistoryEntry | None:
    """Upsert the marks that differ (`None` removes a mark), bump the list's version, record one history entry."""
    changed = {pid: status for pid, status in marks.items() if existing.get(pid) != status}
    if not changed:
        return None
    upserts = {pid: status for pid, status in changed.items() if status is not None}
    if upserts:
        Attendance.objects.bulk_create(
            [
                Attendance(institution_id=session.institution_id, session=session, participant_id=pid, status=status)
                for pid, status in sorted(upserts.items())
            ],
            update_conflicts=True,
            unique_fields=["session", "participant"],
            update_fields=["status", "updated_at"],
        )
    removed = [pid for pid, status in changed.items() if status is None]
    if removed:
        Attendance.objects.filter(session=session, participant_id__in=removed).delete()
    bump(session)
    Session.objects.filter(pk=session.pk).update(version=session.version)
    return record(
        actor=actor,
        obj=session,
        action=HistoryEntry.Action.UPDATE,
        before={"attendance": {str(pid): existing.get(pid) for pid in sorted(changed)}},
        after={"attendance": {str(pid): status for pid, status in sorted(changed.items())}},
        comment=comment,
    )


def _lock_marks(
    actor: Membership, session: Session, marks: Mapping[int, str], expected_version: int | None
) -> tuple[Session, dict[int, str], set[int]]:
    _same_centre(actor, session, SESSION)
    valid = set(Attendance.Status.values)
    for status in marks.values():
        if status not in valid:
            raise ValidationError(BAD_STATUS, code="bad_status", params={"status": status})
    session = lock_for_update(Session, session.pk, expected_version)
    _check_session_held(session)
    enrolled = set(Enrolment.objects.filter(activity_id=session.activity_id).values_list("participant_id", flat=True))
    if not set(marks) <= enrolled:
        raise ValidationError(NOT_ENROLLED, code="not_enrolled")
    existing = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    return session, existing, enrolled


@transaction.atomic
def record_attendance(
    *, actor: Membership, session: Session, marks: Mapping[int, str], expected_version: int | None
) -> Session:
    """Save marks {participant id: status} for one session in a fixed number of queries (bulk upsert).

    The session's `version` guards the whole list: a save made from a stale screen is refused. A session that
    has not taken place yet (a later date in the centre) takes no marks.
    """
    session, existing, _enrolled = _lock_marks(actor, session, marks, expected_version)
    _write_marks(actor=actor, session=session, existing=existing, marks=marks, comment="")
    return session


# A mark made on a device without a connection and sent when it came back (issue 27).
QUEUED_COMMENT = _("Marked on a device without a connection; sent when the connection came back")
SESSION_GONE = _("The session was cancelled meanwhile: its attendance can no longer be marked.")
PERSON_LEFT = _("%(name)s left the activity on %(date)s: attendance after that day cannot be marked.")


@dataclass(frozen=True)
class QueuedMark:
    """What became of a mark sent from a device: saved, already so on the server, or in conflict.

    A conflict carries the server's mark (`current`, None for none) and the history entry that made it.
    """

    result: str  # "saved" | "same" | "conflict"
    session: Session
    current: str | None = None
    changed_by: HistoryEntry | None = None


def last_mark_change(session: Session, participant_id: int, *, within: int = 500) -> HistoryEntry | None:
    """The newest history entry of the session that changed this person's mark (who made the mark and when)."""
    key = str(participant_id)
    for entry in for_object(session)[:within]:
        after = (entry.changes.get("attendance") or [None, None])[1]
        if isinstance(after, dict) and key in after:
            return entry
    return None


@transaction.atomic
def record_queued_mark(
    *, actor: Membership, session: Session, participant_id: int, status: str, expected_version: int, was: str
) -> QueuedMark:
    """One mark made offline, sent in the order it was made, written as a mark made online (history and version).

    `expected_version` is the list's version and `was` the person's mark („” for none) the device was shown when
    the mark was made. The version moves with every mark of the list, so it alone does not decide: the mark is a
    conflict when the list moved since AND this person's mark on the server is no longer the one the device saw
    — someone else changed it meanwhile, and the later mark must not silently overwrite theirs. Choosing one's own
    mark after a conflict is the same call with the server's mark as `was`. A person who left the activity before
    the session's day takes no mark (the screen no longer lists them).
    """
    session, existing, _enrolled = _lock_marks(actor, session, {participant_id: status}, None)
    left = (
        Enrolment.objects.filter(
            activity_id=session.activity_id,
            participant_id=participant_id,
            status=Enrolment.Status.DROPPED_OUT,
            ended_on__lt=session.date,
        )
        .select_related("participant")
        .first()
    )
    if left is not None:
        raise ValidationError(
            PERSON_LEFT, code="left", params={"name": left.participant.full_name, "date": pl_date(left.ended_on)}
        )
    current = existing.get(participant_id)
    if current == status:
        return QueuedMark(result="same", session=session, current=current)
    if session.version != expected_version and current != (was or None):
        return QueuedMark(
            result="conflict", session=session, current=current, changed_by=last_mark_change(session, participant_id)
        )
    _write_marks(
        actor=actor, session=session, existing=existing, marks={participant_id: status}, comment=str(QUEUED_COMMENT)
    )
    return QueuedMark(result="saved", session=session, current=status)


@dataclass(frozen=True)
class FilledMarks:
    """What a whole-list action did: the list after it, how many rows it filled and how many it left alone."""

    session: Session
    filled: int
    kept: int
    entry: HistoryEntry | None


@transaction.atomic
def fill_unmarked(
    *,
    actor: Membership,
    session: Session,
    status: str,
    expected_version: int | None,
    marks: Mapping[int, str] | None = None,
) -> FilledMarks:
    """„Zaznacz wszystkich jako obecnych”: give `status` to the enrolled people who have no mark yet.

    A mark already entered is never overwritten — neither one saved before nor one chosen on the same screen
    (`marks`, saved first). One history entry covers the step, so `undo_attendance_change` can take it back.
    """
    marks = dict(marks or {})
    if status not in Attendance.Status.values:
        raise ValidationError(BAD_STATUS, code="bad_status", params={"status": status})
    session, existing, enrolled = _lock_marks(actor, session, marks, expected_version)
    chosen = {**existing, **marks}
    unmarked = sorted(enrolled - set(chosen))
    wanted = {**marks, **dict.fromkeys(unmarked, status)}
    comment = str(FILLED_COMMENT) % {"status": Attendance.Status(status).label}
    entry = _write_marks(actor=actor, session=session, existing=existing, marks=wanted, comment=comment)
    return FilledMarks(session=session, filled=len(unmarked), kept=len(enrolled) - len(unmarked), entry=entry)


def last_attendance_change(session: Session) -> HistoryEntry | None:
    """The newest change of the session's attendance list: the one step that can be taken back."""
    entry = for_object(session).first()
    if entry is None or entry.action != HistoryEntry.Action.UPDATE or set(entry.changes) != {"attendance"}:
        return None
    return entry


@transaction.atomic
def undo_attendance_change(
    *, actor: Membership, session: Session, entry_id: int, expected_version: int | None
) -> Session:
    """Take back one whole-list step exactly: every mark it wrote gets its earlier value (or none) again.

    Only the newest change can be taken back, and only while the list is as that change left it (the version
    the screen was shown with, and every mark it wrote still in place); the undo is recorded like any change.
    """
    _same_centre(actor, session, SESSION)
    session = lock_for_update(Session, session.pk, None)
    entry = last_attendance_change(session)
    moved = expected_version is not None and session.version != expected_version
    if moved or entry is None or entry.pk != entry_id:
        raise ValidationError(NOTHING_TO_UNDO, code="nothing_to_undo")
    before, after = entry.changes["attendance"]
    existing = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    if any(existing.get(int(pid)) != status for pid, status in after.items()):
        raise ValidationError(NOTHING_TO_UNDO, code="nothing_to_undo")
    restore = {int(pid): status for pid, status in before.items()}
    _write_marks(
        actor=actor,
        session=session,
        existing=existing,
        marks=restore,
        comment=str(UNDO_COMMENT) % {"comment": entry.comment},
    )
    return session


# ---------------------------------------------------------------- individual support


def _check_consultant(actor: Membership, specialty: str) -> None:
    if actor.role == Role.SPECIALIST:
        if specialty != actor.specialty:
            raise ValidationError(OWN_SPECIALTY_ONLY, code="own_specialty")
    elif actor.role == Role.SOCIAL_WORKER:
        if specialty != Specialty.SOCIAL_WORKER:
            raise ValidationError(OWN_SPECIALTY_ONLY, code="own_specialty")
    elif actor.role not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        raise ValidationError(NOT_A_SPECIALIST, code="not_specialist")


@transaction.atomic
def record_consultation(
    *,
    actor: Membership,
    participant: Participant,
    specialist: Membership | None = None,
    specialty: str | None = None,
    date: dt.date,
    duration_minutes: int,
    topic: str,
    confidential_note: str = "",
    project: Project | None = None,
    instrument: Instrument | None = None,
) -> Consultation:
    """An individual consultation; specialists record their own, coordinators may record on someone's behalf."""
    specialist = specialist or actor
    specialty = specialty or specialist.effective_specialty
    _same_centre(actor, participant, _("participant"))
    _same_centre(actor, specialist, _("specialist"))
    _same_centre(actor, project, _("project"))
    refuse_future(date, field="date", message=HELD_IN_FUTURE)
    if instrument is not None and instrument.institution_id not in (None, actor.institution_id):
        raise ValidationError(OTHER_CENTRE, code="other_centre", params={"what": _("instrument")})
    if specialist.pk != actor.pk and actor.role not in (Role.COORDINATOR, Role.ADMINISTRATOR):
        raise ValidationError(OWN_SPECIALTY_ONLY, code="own_specialty")
    _check_consultant(actor if specialist.pk == actor.pk else specialist, specialty)
    consultation = Consultation(
        institution_id=actor.institution_id,
        participant=participant,
        specialist=specialist,
        specialty=specialty,
        date=date,
        duration_minutes=duration_minutes,
        topic=topic.strip(),
        confidential_note=confidential_note.strip(),
        project=project,
        instrument=instrument,
    )
    consultation.full_clean()
    consultation.save()
    record(
        actor=actor,
        obj=consultation,
        action=HistoryEntry.Action.CREATE,
        after=snapshot(consultation, [f for f in snapshot(consultation) if f != "confidential_note"]),
    )
    return consultation


@transaction.atomic
def record_internship(
    *,
    actor: Membership,
    participant: Participant,
    employer: Partner,
    start_on: dt.date,
    end_on: dt.date,
    hours_per_month: Decimal,
    paid_by: str,
    hired_afterwards: bool = False,
    project: Project | None = None,
) -> Internship:
    """An internship at an employer for a period, with the hours per month and who pays."""
    for obj, what in ((participant, _("participant")), (employer, _("employer")), (project, _("project"))):
        _same_centre(actor, obj, what)
    if employer.kind in (Partner.Kind.PUBLIC_UNIT, Partner.Kind.CIS, Partner.Kind.LABOUR_OFFICE):
        raise ValidationError(EMPLOYER_KIND, code="employer_kind")
    if end_on < start_on:
        raise ValidationError(END_BEFORE_START, code="end_before_start")
    internship = Internship(
        institution_id=actor.institution_id,
        participant=participant,
        employer=employer,
        start_on=start_on,
        end_on=end_on,
        hours_per_month=hours_per_month,
        paid_by=paid_by,
        hired_afterwards=hired_afterwards,
        project=project,
    )
    internship.full_clean()
    internship.save()
    record(actor=actor, obj=internship, action=HistoryEntry.Action.CREATE)
    return internship


@transaction.atomic
def record_community_work(
    *,
    actor: Membership,
    participant: Participant,
    unit: Partner,
    month: dt.date,
    hours: Decimal,
    pup_referral_number: str = "",
    project: Project | None = None,
) -> CommunityWork:
    """Hours of socially useful work in one month at a public unit (once per person, unit and month)."""
    for obj, what in ((participant, _("participant")), (unit, _("public unit")), (project, _("project"))):
        _same_centre(actor, obj, what)
    if unit.kind != Partner.Kind.PUBLIC_UNIT:
        raise ValidationError(PUBLIC_UNIT_KIND, code="unit_kind")
    month = month.replace(day=1)
    if CommunityWork.objects.filter(participant=participant, unit=unit, month=month).exists():
        raise ValidationError(COMMUNITY_WORK_TWICE, code="duplicate")
    work = CommunityWork(
        institution_id=actor.institution_id,
        participant=participant,
        unit=unit,
        month=month,
        hours=hours,
        pup_referral_number=pup_referral_number.strip(),
        project=project,
    )
    work.full_clean()
    work.save()
    record(actor=actor, obj=work, action=HistoryEntry.Action.CREATE)
    return work


_DESTINATION_PARTNER = {
    Referral.Destination.CIS: Partner.Kind.CIS,
    Referral.Destination.PUP: Partner.Kind.LABOUR_OFFICE,
}


@transaction.atomic
def record_referral(
    *,
    actor: Membership,
    participant: Participant,
    date: dt.date,
    destination_kind: str,
    destination: Partner | None = None,
    result: str = "",
    project: Project | None = None,
) -> Referral:
    """A referral to a CIS, the labour office, therapy or elsewhere."""
    for obj, what in (
        (participant, _("participant")),
        (destination, _("destination partner")),
        (project, _("project")),
    ):
        _same_centre(actor, obj, what)
    refuse_future(date, field="date", message=REFERRED_IN_FUTURE)
    expected = _DESTINATION_PARTNER.get(destination_kind)
    if destination is not None and expected is not None and destination.kind != expected:
        raise ValidationError(
            DESTINATION_MISMATCH, code="destination_kind", params={"kind": Partner.Kind(expected).label}
        )
    referral = Referral(
        institution_id=actor.institution_id,
        participant=participant,
        date=date,
        destination_kind=destination_kind,
        destination=destination,
        result=result.strip(),
        project=project,
    )
    referral.full_clean()
    referral.save()
    record(actor=actor, obj=referral, action=HistoryEntry.Action.CREATE)
    return referral


@transaction.atomic
def update_referral_result(*, actor: Membership, referral: Referral, result: str) -> Referral:
    """Write down what came of a referral."""
    _same_centre(actor, referral, _("referral"))
    before = snapshot(referral)
    referral.result = result.strip()
    referral.full_clean()
    referral.save()
    record(actor=actor, obj=referral, action=HistoryEntry.Action.UPDATE, before=before)
    return referral


@transaction.atomic
def record_family_visit(
    *,
    actor: Membership,
    household: Household,
    date: dt.date,
    duration_minutes: int,
    note: str = "",
    assistant: Membership | None = None,
) -> FamilyAssistantVisit:
    """A family assistant's visit to a household."""
    assistant = assistant or actor
    _same_centre(actor, household, _("household"))
    _same_centre(actor, assistant, _("family assistant"))
    refuse_future(date, field="date", message=HELD_IN_FUTURE)
    if assistant.effective_specialty not in (Specialty.FAMILY_ASSISTANT, Specialty.SOCIAL_WORKER):
        raise ValidationError(NOT_FAMILY_ASSISTANT, code="not_assistant")
    visit = FamilyAssistantVisit(
        institution_id=actor.institution_id,
        household=household,
        assistant=assistant,
        date=date,
        duration_minutes=duration_minutes,
        note=note.strip(),
    )
    visit.full_clean()
    visit.save()
    record(
        actor=actor,
        obj=visit,
        action=HistoryEntry.Action.CREATE,
        after=snapshot(visit, [f for f in snapshot(visit) if f != "note"]),
    )
    return visit


# ---------------------------------------------------------------- events


@transaction.atomic
def save_event(
    *,
    actor: Membership,
    event: Event | None = None,
    kind: str,
    title: str,
    date: dt.date,
    project: Project | None = None,
    club: Club | None = None,
    participants: list[Participant] | tuple = (),
    other_guests: int = 0,
) -> Event:
    """Create or change an event with its named participants and the count of other guests."""
    for obj, what in ((event, _("event")), (project, _("project")), (club, _("club"))):
        _same_centre(actor, obj, what)
    for participant in participants:
        _same_centre(actor, participant, _("participant"))
    creating = event is None
    event = event or Event(institution_id=actor.institution_id)
    before = (
        {}
        if creating
        else {**snapshot(event), "participants": sorted(event.attendees.values_list("participant_id", flat=True))}
    )
    event.kind, event.title, event.date = kind, title.strip(), date
    event.project, event.club, event.other_guests = project, club, other_guests
    event.full_clean()
    event.save()
    wanted = {p.pk for p in participants}
    current = set(event.attendees.values_list("participant_id", flat=True))
    event.attendees.filter(participant_id__in=current - wanted).delete()
    EventParticipant.objects.bulk_create(
        [
            EventParticipant(institution_id=event.institution_id, event=event, participant_id=pid)
            for pid in sorted(wanted - current)
        ]
    )
    after = {**snapshot(event), "participants": sorted(wanted)}
    record(
        actor=actor,
        obj=event,
        action=HistoryEntry.Action.CREATE if creating else HistoryEntry.Action.UPDATE,
        before=before,
        after=after,
    )
    return event
