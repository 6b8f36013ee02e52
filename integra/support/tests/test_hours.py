import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.core.roles import Role, Specialty
from integra.institutions.models import Partner
from integra.institutions.tests.factories import MembershipFactory, PartnerFactory
from integra.people.tests.factories import HouseholdFactory
from integra.support import services
from integra.support.models import Attendance, Event, EventParticipant, Referral
from integra.support.queries import club_activity_summary, hours_by_group, overall_attendance_rate, participant_timeline
from integra.support.tests.factories import ActivityFactory, SessionFactory, shared_instrument


@pytest.fixture
def mixed_support(coordinator, specialist, workshop, project, enrol_people):
    """A person with a workshop, a course without sessions, counselling, an internship, PSU and family visits."""
    actor = coordinator.membership
    (enrolment,) = enrol_people(workshop, "Grzegorzewska", first_name="Małgorzata")
    person = enrolment.participant
    person.household = HouseholdFactory(institution=person.institution, name="Grzegorzewscy")
    person.save()
    # workshop (social): 3 sessions of 90 minutes, present at 2 → 3 h, rate 66,67 %
    for day, status in ((7, "present"), (8, "absent"), (9, "present")):
        session = SessionFactory(activity=workshop, date=dt.date(2011, 3, day), duration_minutes=90)
        services.record_attendance(actor=actor, session=session, marks={person.pk: status}, expected_version=1)
    # vocational course without a timetable (educational): completed → its 120 planned hours
    course = ActivityFactory(
        project=project,
        title="Opiekunka osób starszych",
        kind="vocational_course",
        instrument=shared_instrument("vocational-course"),
        planned_hours=Decimal("120"),
    )
    course_enrolment = services.enrol(actor=actor, activity=course, participant=person, enrolled_on=course.start_on)
    services.complete_enrolment(
        actor=actor,
        enrolment=course_enrolment,
        ended_on=course.end_on,
        certificate_number="K-7/2011",
        certificate_on=course.end_on,
    )
    # psychologist 2 × 45 min (social), career advisor 60 min (vocational)
    for day in (10, 17):
        services.record_consultation(
            actor=specialist.membership,
            participant=person,
            date=dt.date(2011, 3, day),
            duration_minutes=45,
            topic="Wsparcie psychologiczne",
            confidential_note="poufne",
        )
    advisor = MembershipFactory(
        institution=coordinator.institution, role=Role.SPECIALIST, specialty=Specialty.CAREER_ADVISOR
    )
    services.record_consultation(
        actor=advisor, participant=person, date=dt.date(2011, 3, 11), duration_minutes=60, topic="IPD"
    )
    # internship April–June at 80 h/month (vocational) = 240 h; PSU 2 months × 40 h (vocational)
    employer = PartnerFactory(institution=coordinator.institution, name="Piekarnia Żytnia", kind=Partner.Kind.EMPLOYER)
    services.record_internship(
        actor=actor,
        participant=person,
        employer=employer,
        start_on=dt.date(2011, 4, 1),
        end_on=dt.date(2011, 6, 30),
        hours_per_month=Decimal("80"),
        paid_by="labour_office",
    )
    unit = PartnerFactory(
        institution=coordinator.institution, name="Zakład Gospodarki Komunalnej", kind=Partner.Kind.PUBLIC_UNIT
    )
    for month in (7, 8):
        services.record_community_work(
            actor=actor,
            participant=person,
            unit=unit,
            month=dt.date(2011, month, 15),
            hours=Decimal("40"),
            pup_referral_number="PUP/PSU/12",
        )
    # family assistant: one 120-minute visit to the household (social)
    assistant = MembershipFactory(
        institution=coordinator.institution, role=Role.SPECIALIST, specialty=Specialty.FAMILY_ASSISTANT
    )
    services.record_family_visit(
        actor=assistant, household=person.household, date=dt.date(2011, 3, 20), duration_minutes=120
    )
    return person


def test_hours_by_instrument_group_for_mixed_support(mixed_support):
    assert hours_by_group(mixed_support) == {
        "social": Decimal("6.50"),  # 3 h workshop + 1,5 h psychologist + 2 h family assistant
        "vocational": Decimal("321.00"),  # 1 h career advisor + 240 h internship + 80 h PSU
        "educational": Decimal("120.00"),
        "health": Decimal("0.00"),
        "social_work": Decimal("0.00"),
    }
    assert overall_attendance_rate(mixed_support) == Decimal("66.67")


def test_timeline_lists_everything_newest_first(coordinator, mixed_support):
    timeline = participant_timeline(coordinator.membership, mixed_support)
    assert timeline.total_hours == Decimal("447.50")
    kinds = [item.kind for item in timeline.items]
    assert kinds[0] == "prace społecznie użyteczne"  # August PSU is the newest
    titles = {item.title for item in timeline.items}
    assert {"Opiekunka osób starszych", "Piekarnia Żytnia", "Zakład Gospodarki Komunalnej"} <= titles


def test_timeline_of_another_centre_is_empty(outsider, mixed_support):
    assert participant_timeline(outsider.membership, mixed_support).items == []


def test_club_summary_per_activity(coordinator, mixed_support, workshop):
    rows = {row.activity.title: row for row in club_activity_summary(coordinator.membership)}
    workshop_row = rows["Trening umiejętności społecznych"]
    assert (workshop_row.enrolled, workshop_row.sessions_held, workshop_row.hours_delivered) == (1, 3, Decimal("4.50"))
    assert workshop_row.attendance_rate == Decimal("66.67")
    course_row = rows["Opiekunka osób starszych"]
    assert (course_row.completed, course_row.certificates) == (1, 1)
    assert Attendance.objects.count() == 3


def test_timeline_reads_only_the_lists_the_person_has_rows_in(coordinator, workshop, enrol_people):
    """Referrals and events show like every other row; a list of no row of the person is not read at all
    (integra.core.probe): enrolments, marks, sessions held and the one query that says which lists to read."""
    (enrolment,) = enrol_people(workshop, "Zalewska")
    person = enrolment.participant
    with CaptureQueriesContext(connection) as asked:
        assert [item.title for item in participant_timeline(coordinator.membership, person).items] == [workshop.title]
    assert len(asked) == 4
    Referral.objects.create(
        institution=person.institution,
        participant=person,
        date=dt.date(2011, 5, 2),
        destination_kind=Referral.Destination.THERAPY,
        result="Podjęła terapię",
    )
    event = Event.objects.create(
        institution=person.institution, kind=Event.Kind.FESTYN, title="Piknik rodzinny", date=dt.date(2011, 6, 4)
    )
    EventParticipant.objects.create(institution=person.institution, event=event, participant=person)
    with CaptureQueriesContext(connection) as asked:
        items = participant_timeline(coordinator.membership, person).items
    assert [(item.date, item.title, item.detail) for item in items[:2]] == [
        (dt.date(2011, 6, 4), "Piknik rodzinny", ""),
        (dt.date(2011, 5, 2), "terapia", "Podjęła terapię"),
    ]
    assert len(asked) == 6
