"""Reads that are more than a filter: attendance rates, the week timetable, hours by instrument group,
the participant's timeline and the club's view per activity."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext

from integra.core.collation import polish
from integra.core.formats import format_percent
from integra.core.probe import nonempty
from integra.core.roles import Role
from integra.people.models import Household, Participant
from integra.support.models import (
    SPECIALTY_GROUP,
    Activity,
    Attendance,
    CommunityWork,
    Consultation,
    Enrolment,
    Event,
    EventParticipant,
    FamilyAssistantVisit,
    Instrument,
    InstrumentGroup,
    Internship,
    Referral,
    Session,
)

HUNDRED = Decimal(100)
MINUTES_PER_HOUR = Decimal(60)


def _hours(minutes: int | Decimal | None) -> Decimal:
    return (Decimal(minutes or 0) / MINUTES_PER_HOUR).quantize(Decimal("0.01"))


def _rate(present: int, held: int) -> Decimal | None:
    return (Decimal(present) * HUNDRED / Decimal(held)).quantize(Decimal("0.01")) if held else None


# ---------------------------------------------------------------- activities


def activities_for(membership: Any) -> QuerySet[Activity]:
    """The centre's activities with what a list shows, counted in the same query."""
    return (
        Activity.objects.for_membership(membership)
        .select_related("project", "instrument", "club", "provider__user")
        .annotate(
            enrolled_count=Count(
                "enrolments", filter=~Q(enrolments__status=Enrolment.Status.DROPPED_OUT), distinct=True
            ),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-start_on", "title", "id")
    )


def enrolments_in_list_order(activity: Activity) -> QuerySet[Enrolment]:
    """The activity's enrolments by surname in Polish order (the attendance list order)."""
    return (
        Enrolment.objects.filter(activity=activity)
        .select_related("participant")
        .order_by(polish("participant__last_name"), polish("participant__first_name"), "id")
    )


def attendance_rates(activity: Activity, participant_ids: list[int] | None = None) -> dict[int, Decimal | None]:
    """Attendance rate per participant: sessions present / sessions of the activity with attendance taken.

    Two queries whatever the group size.
    """
    held = Attendance.objects.filter(session__activity=activity).values("session_id").distinct().count()
    present = Attendance.objects.filter(session__activity=activity, status=Attendance.Status.PRESENT)
    if participant_ids is not None:
        present = present.filter(participant_id__in=participant_ids)
    counts = dict(present.values_list("participant_id").annotate(n=Count("id")).values_list("participant_id", "n"))
    ids = (
        participant_ids
        if participant_ids is not None
        else list(Enrolment.objects.filter(activity=activity).values_list("participant_id", flat=True))
    )
    return {pid: _rate(counts.get(pid, 0), held) for pid in ids}


# What a session's list shows of each enrolment and its person (the attendance screen, its PDF): a person's
# whole row is some forty columns, built into a model for each of a group's people on every attendance screen.
LISTED_FIELDS = (
    "id",
    "activity_id",
    "participant_id",
    "status",
    "ended_on",
    "participant__id",
    "participant__institution_id",
    "participant__first_name",
    "participant__last_name",
)


def listed_for_session(session: Session) -> list[Enrolment]:
    """Who is on a session's list: the activity's enrolments, except people who dropped out before that day."""
    return list(
        enrolments_in_list_order(session.activity)
        .exclude(status=Enrolment.Status.DROPPED_OUT, ended_on__lt=session.date)
        .only(*LISTED_FIELDS)
    )


def attendance_sheet(session: Session) -> list[dict[str, Any]]:
    """Rows of a session's attendance screen: enrolment, current mark, rate for the activity (fixed query count)."""
    enrolments = listed_for_session(session)
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    rates = attendance_rates(session.activity, [e.participant_id for e in enrolments])
    return [
        {
            "enrolment": e,
            "participant": e.participant,
            "status": marks.get(e.participant_id, ""),
            "rate": rates.get(e.participant_id),
        }
        for e in enrolments
    ]


# ---------------------------------------------------------------- timetable


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Week:
    start: dt.date
    days: list[tuple[dt.date, list[Session]]]

    @property
    def previous(self) -> dt.date:
        return self.start - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.start + dt.timedelta(days=7)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


TIMETABLE_FIELDS = (
    "date",
    "start_time",
    "duration_minutes",
    "room",
    "activity__title",
    "activity__provider",
    "activity__club__name",
    "staff__user__first_name",
    "staff__user__last_name",
)


def week_timetable(
    membership: Any, day: dt.date, *, club_id: int | None = None, room: str = "", staff_id: int | None = None
) -> Week:
    """The sessions of the week containing `day`, per day, filtered by club, room or staff member."""
    start = week_start(day)
    # Only what the rows show (support.templatetags.support.timetable_rows): a busy week of 400 sessions built
    # ~2,000 whole model rows, timestamps parsed, for a few fields of each.
    sessions = (
        Session.objects.for_membership(membership)
        .filter(date__range=(start, start + dt.timedelta(days=6)))
        .select_related("activity__club", "staff__user")
        .only(*TIMETABLE_FIELDS)
        .order_by("date", "start_time", "id")
    )
    if club_id:
        sessions = sessions.filter(activity__club_id=club_id)
    if room:
        sessions = sessions.filter(room__iexact=room.strip())
    if staff_id:
        sessions = sessions.filter(staff_id=staff_id)
    by_day: dict[dt.date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(session)
    return Week(
        start=start, days=[(start + dt.timedelta(days=i), by_day[start + dt.timedelta(days=i)]) for i in range(7)]
    )


def rooms_of(membership: Any) -> list[str]:
    """Rooms named on the centre's sessions and activities (for the timetable filter)."""
    # order_by("room"): with the models' default ordering DISTINCT would also take the date and id, and
    # return every session of the centre instead of its few rooms (bench/load.py, 35 ms per timetable).
    rooms = set(
        Session.objects.for_membership(membership)
        .exclude(room="")
        .order_by("room")
        .values_list("room", flat=True)
        .distinct()
    )
    rooms |= set(
        Activity.objects.for_membership(membership)
        .exclude(room="")
        .order_by("room")
        .values_list("room", flat=True)
        .distinct()
    )
    return sorted(rooms, key=str.casefold)


# ---------------------------------------------------------------- a participant's support


def _person_marks(participant: Participant) -> list[dict[str, Any]]:
    """The person's attendance marks per activity, in one query for the rates and the hours: the activity, its
    instrument group, how many marks, how many „present” and the minutes of the sessions the person was present at."""
    present = Q(status=Attendance.Status.PRESENT)
    return list(
        Attendance.objects.filter(participant=participant)
        .values("session__activity_id", "session__activity__instrument__group")
        .annotate(
            held=Count("id"),
            present=Count("id", filter=present),
            minutes=Sum("session__duration_minutes", filter=present),
        )
        .order_by()
    )


def _unscheduled_hours(participant: Participant, enrolments: list[Enrolment] | None) -> list[tuple[str, Decimal]]:
    """(instrument group, planned hours) of each activity without sessions the person completed.

    `enrolments` read with `_with_sessions_flag` answer it without a query."""
    if enrolments is not None:
        return [
            (e.activity.instrument.group, e.activity.planned_hours or Decimal(0))
            for e in enrolments
            if e.status == Enrolment.Status.COMPLETED and not e.activity_has_sessions
        ]
    unscheduled = (
        Enrolment.objects.filter(
            participant=participant, status=Enrolment.Status.COMPLETED, activity__sessions__isnull=True
        )
        .values("activity__instrument__group")
        .annotate(hours=Sum("activity__planned_hours"))
    )
    return [(row["activity__instrument__group"], row["hours"] or Decimal(0)) for row in unscheduled]


def _with_sessions_flag(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Each enrolment knows whether its activity has sessions (`activity_has_sessions`)."""
    return enrolments.annotate(
        activity_has_sessions=Exists(Session.objects.filter(activity_id=OuterRef("activity_id")))
    )


def hours_by_group(participant: Participant, rows: _PersonRows | None = None) -> dict[str, Decimal]:
    """Hours of support a person received, per instrument group (every group present, zero when none).

    Counted: sessions the person was present at; activities without sessions that the person completed
    (their planned hours); consultations; internships (hours per month × months); socially useful work;
    family assistant visits to the person's household. Events carry no hours.
    """
    totals: dict[str, Decimal] = {g.value: Decimal("0.00") for g in InstrumentGroup}
    marks = rows.marks if rows is not None and rows.marks is not None else _person_marks(participant)
    minutes: dict[str, int] = defaultdict(int)
    for row in marks:
        minutes[row["session__activity__instrument__group"]] += row["minutes"] or 0
    for group, total in minutes.items():
        totals[group] += _hours(total)
    for group, hours in _unscheduled_hours(participant, rows.enrolments if rows is not None else None):
        totals[group] += hours
    if rows is None:
        consultations = (
            Consultation.objects.filter(participant=participant)
            .select_related("instrument")
            .only("duration_minutes", "specialty", "instrument__group")
        )
        rows = _PersonRows(
            consultations,
            Internship.objects.filter(participant=participant),
            CommunityWork.objects.filter(participant=participant),
            FamilyAssistantVisit.objects.filter(household_id=participant.household_id)
            if participant.household_id
            else [],
        )
    for consultation in rows.consultations:
        totals[consultation.group] += _hours(consultation.duration_minutes)
    for internship in rows.internships:
        totals[InstrumentGroup.VOCATIONAL] += internship.total_hours
    totals[InstrumentGroup.VOCATIONAL] += sum((w.hours or Decimal(0) for w in rows.community_work), Decimal(0))
    if participant.household_id:
        totals[SPECIALTY_GROUP["family_assistant"]] += _hours(sum(v.duration_minutes or 0 for v in rows.visits))
    return {group: hours.quantize(Decimal("0.01")) for group, hours in totals.items()}


@dataclass
class _PersonRows:
    """The person's consultations, internships, socially useful work and household visits, read once
    for both the timeline and the hours (the participant page reads each list in one query, and only the lists
    `integra.core.probe` finds rows of); with `marks` (`_person_marks`) and `enrolments` (`_with_sessions_flag`)
    when the caller has read them."""

    consultations: Any
    internships: Any
    community_work: Any
    visits: Any
    marks: list[dict[str, Any]] | None = None
    enrolments: list[Enrolment] | None = None


def overall_attendance_rate(participant: Participant, marks: list[dict[str, Any]] | None = None) -> Decimal | None:
    """Share of the sessions with attendance taken, across the person's activities, at which the person was present."""
    if marks is None:
        marks = _person_marks(participant)
    return _rate(sum(row["present"] for row in marks), sum(row["held"] for row in marks))


def _person_rates(activity_ids: list[int], marks: list[dict[str, Any]]) -> dict[int, Decimal | None]:
    """`attendance_rates(activity, [person])` of each of the person's activities: the sessions held of all of them in
    one query, the person's „present” from `marks` (`_person_marks`)."""
    if not activity_ids:
        return {}
    held = dict(
        Attendance.objects.filter(session__activity_id__in=activity_ids)
        .values_list("session__activity_id")
        .annotate(n=Count("session_id", distinct=True))
        .values_list("session__activity_id", "n")
    )
    present = {row["session__activity_id"]: row["present"] for row in marks}
    return {pk: _rate(present.get(pk, 0), held.get(pk, 0)) for pk in activity_ids}


def _kinds_of_support(participant: Participant) -> set[str]:
    """Which of the person's lists beyond enrolments have any row (one query: most people have few kinds)."""
    pk = participant.pk
    return nonempty(
        {
            "consultations": (Consultation, "participant", pk),
            "internships": (Internship, "participant", pk),
            "community_work": (CommunityWork, "participant", pk),
            "visits": (FamilyAssistantVisit, "household", participant.household_id),
            "referrals": (Referral, "participant", pk),
            "events": (EventParticipant, "participant", pk),
        }
    )


@dataclass
class TimelineItem:
    date: dt.date
    kind: str
    title: str
    group: str = ""
    hours: Decimal | None = None
    detail: str = ""
    url_name: str = ""
    pk: int | None = None


@dataclass
class Timeline:
    items: list[TimelineItem] = field(default_factory=list)
    hours: dict[str, Decimal] = field(default_factory=dict)
    attendance_rate: Decimal | None = None

    @property
    def total_hours(self) -> Decimal:
        return sum(self.hours.values(), Decimal("0.00"))

    @property
    def hours_rows(self) -> list[tuple[str, Decimal]]:
        return [(InstrumentGroup(g).label, h) for g, h in self.hours.items()]


def participant_timeline(membership: Any, participant: Participant) -> Timeline:
    """Everything a person received, newest first, with hours by instrument group and attendance rate."""
    if participant.institution_id != getattr(membership, "institution_id", None):
        return Timeline()
    items: list[TimelineItem] = []
    enrolments = list(
        _with_sessions_flag(Enrolment.objects.filter(participant=participant).select_related("activity__instrument"))
    )
    marks = _person_marks(participant)
    rates = _person_rates([e.activity_id for e in enrolments], marks)
    for enrolment in enrolments:
        activity = enrolment.activity
        detail = enrolment.get_status_display()
        if enrolment.certificate_number:
            detail += " · " + gettext("certificate no.") + f" {enrolment.certificate_number}"
        if enrolment.failed:
            detail += " · " + gettext("failed")
        items.append(
            TimelineItem(
                date=enrolment.enrolled_on,
                kind=activity.get_kind_display(),
                title=activity.title,
                group=activity.instrument.get_group_display(),
                detail=detail,
                url_name="support:activity-detail",
                pk=activity.pk,
            )
        )
        if rates[activity.pk] is not None:
            items[-1].detail += " · " + gettext("attendance") + f" {format_percent(rates[activity.pk])}"
    kinds = _kinds_of_support(participant)
    rows = _PersonRows(
        list(Consultation.objects.filter(participant=participant).select_related("instrument"))
        if "consultations" in kinds
        else [],
        list(Internship.objects.filter(participant=participant).select_related("employer"))
        if "internships" in kinds
        else [],
        list(CommunityWork.objects.filter(participant=participant).select_related("unit"))
        if "community_work" in kinds
        else [],
        list(FamilyAssistantVisit.objects.filter(household_id=participant.household_id)) if "visits" in kinds else [],
        marks=marks,
        enrolments=enrolments,
    )
    for c in rows.consultations:
        items.append(
            TimelineItem(
                date=c.date,
                kind=gettext("consultation"),
                title=f"{c.get_specialty_display()}: {c.topic}",
                group=InstrumentGroup(c.group).label,
                hours=_hours(c.duration_minutes),
            )
        )
    for i in rows.internships:
        items.append(
            TimelineItem(
                date=i.start_on,
                kind=gettext("internship"),
                title=i.employer.name,
                group=InstrumentGroup.VOCATIONAL.label,
                hours=i.total_hours,
                detail=gettext("hired afterwards") if i.hired_afterwards else "",
            )
        )
    for w in rows.community_work:
        items.append(
            TimelineItem(
                date=w.month,
                kind=gettext("socially useful work"),
                title=w.unit.name,
                group=InstrumentGroup.VOCATIONAL.label,
                hours=w.hours,
            )
        )
    referrals = Referral.objects.filter(participant=participant).select_related("destination")
    for r in referrals if "referrals" in kinds else []:
        items.append(
            TimelineItem(
                date=r.date,
                kind=gettext("referral"),
                title=r.destination.name if r.destination else r.get_destination_kind_display(),
                detail=r.result,
            )
        )
    for e in Event.objects.filter(attendees__participant=participant) if "events" in kinds else []:
        items.append(TimelineItem(date=e.date, kind=e.get_kind_display(), title=e.title))
    if participant.household_id:
        for v in rows.visits:
            items.append(
                TimelineItem(
                    date=v.date,
                    kind=gettext("family assistant visit"),
                    title=str(participant.household),
                    group=InstrumentGroup.SOCIAL.label,
                    hours=_hours(v.duration_minutes),
                )
            )
    items.sort(key=lambda item: item.date, reverse=True)
    return Timeline(
        items=items,
        hours=hours_by_group(participant, rows),
        attendance_rate=overall_attendance_rate(participant, marks),
    )


# ---------------------------------------------------------------- the club's view


@dataclass
class ActivitySummary:
    activity: Activity
    enrolled: int
    completed: int
    dropped_out: int
    certificates: int
    sessions_held: int
    hours_delivered: Decimal
    attendance_rate: Decimal | None


def club_activity_summary(
    membership: Any, club_id: int | None = None, project_id: int | None = None
) -> list[ActivitySummary]:
    """Per activity: enrolments by status, certificates, sessions held, hours delivered, attendance rate (3 queries)."""
    activities = (
        Activity.objects.for_membership(membership)
        .select_related("instrument", "project")
        .annotate(
            n_enrolled=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED), distinct=True),
            n_completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED), distinct=True),
            n_dropped=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.DROPPED_OUT), distinct=True),
            n_certificates=Count("enrolments", filter=~Q(enrolments__certificate_number=""), distinct=True),
        )
        .order_by("-start_on", "title")
    )
    if club_id:
        activities = activities.filter(club_id=club_id)
    if project_id:
        activities = activities.filter(project_id=project_id)
    activities = list(activities)
    ids = [a.pk for a in activities]
    held = {
        row["activity_id"]: row
        for row in Session.objects.filter(activity_id__in=ids, attendances__isnull=False)
        .values("activity_id")
        .annotate(n=Count("id", distinct=True))
    }
    minutes: dict[int, int] = defaultdict(int)
    for activity_id, _session_id, duration in (
        Session.objects.filter(activity_id__in=ids, attendances__isnull=False)
        .values_list("activity_id", "id", "duration_minutes")
        .distinct()
    ):
        minutes[activity_id] += duration
    marks = {
        row["session__activity_id"]: row
        for row in Attendance.objects.filter(session__activity_id__in=ids)
        .values("session__activity_id")
        .annotate(total=Count("id"), present=Count("id", filter=Q(status=Attendance.Status.PRESENT)))
    }
    return [
        ActivitySummary(
            activity=a,
            enrolled=a.n_enrolled,
            completed=a.n_completed,
            dropped_out=a.n_dropped,
            certificates=a.n_certificates,
            sessions_held=held.get(a.pk, {}).get("n", 0),
            hours_delivered=_hours(minutes.get(a.pk, 0)),
            attendance_rate=_rate(marks.get(a.pk, {}).get("present", 0), marks.get(a.pk, {}).get("total", 0)),
        )
        for a in activities
    ]


# ---------------------------------------------------------------- the start page

UNMARKED_LOOKBACK_DAYS = 14  # older unmarked sessions stay on the timetable, not on the start page


def sessions_run_by(membership: Any) -> QuerySet[Session]:
    """Sessions of the centre the membership runs: a specialist's or social worker's own sessions and activities
    (the session's staff member or the activity's provider, as in `can_mark_attendance`); every session for the
    other roles."""
    sessions = Session.objects.for_membership(membership)
    if membership is not None and membership.role in {Role.SPECIALIST, Role.SOCIAL_WORKER}:
        sessions = sessions.filter(Q(staff=membership) | Q(activity__provider=membership))
    return sessions


def sessions_to_mark(membership: Any, today: dt.date) -> QuerySet[Session]:
    """Sessions of this week (Monday–Sunday) and of the last two weeks that have no attendance marked yet,
    the oldest first, among those the membership runs."""
    sunday = week_start(today) + dt.timedelta(days=6)
    marked = Attendance.objects.filter(session=OuterRef("pk"))
    return (
        sessions_run_by(membership)
        .filter(date__range=(today - dt.timedelta(days=UNMARKED_LOOKBACK_DAYS), sunday))
        .filter(~Exists(marked))
        .select_related("activity__club")
        .order_by("date", "start_time", "id")
    )


def families_visited_by(membership: Any) -> QuerySet[Household]:
    """Households the family assistant has visited, the one longest without a visit first (`last_visit`)."""
    return (
        Household.objects.for_membership(membership)
        .filter(assistant_visits__assistant=membership)
        .annotate(last_visit=Max("assistant_visits__date"))
        .order_by("last_visit", "id")
    )


def instrument_names(institution_id: int, codes: list[str]) -> list[str]:
    """The names of catalogue codes as the centre sees them (its own entry before the shared one); an unknown code
    (an instrument since removed) is kept as it was typed."""
    catalogue = Instrument.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=institution_id), code__in=codes
    )
    names = dict(catalogue.order_by(F("institution_id").asc(nulls_first=True)).values_list("code", "name"))
    return [names.get(code, code) for code in codes]


# ---------------------------------------------------------------- offline (issue 27)

OFFLINE_DAYS = 2  # today and tomorrow
OFFLINE_SESSIONS_MAX = 40


def offline_days(today: dt.date) -> list[dt.date]:
    """The days whose sessions a device keeps for work without a connection: today and tomorrow."""
    return [today + dt.timedelta(days=n) for n in range(OFFLINE_DAYS)]


def offline_sessions(membership: Any, today: dt.date) -> list[Session]:
    """Today's and tomorrow's sessions the member marks attendance for (`can_mark_attendance`), at most 40.

    Coordinators and administrators mark any session of the centre; a specialist or social worker the sessions
    they run (the session's staff member or the activity's provider).
    """
    sessions = (
        Session.objects.for_membership(membership)
        .filter(date__in=offline_days(today))
        .select_related("activity", "staff__user")
        .order_by("date", "start_time", "id")
    )
    if membership.role not in (Role.ADMINISTRATOR, Role.COORDINATOR):
        sessions = sessions.filter(Q(staff_id=membership.pk) | Q(activity__provider_id=membership.pk))
    return list(sessions[:OFFLINE_SESSIONS_MAX])
