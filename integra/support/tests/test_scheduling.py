import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import UserFactory
from integra.institutions.tests.factories import MembershipFactory
from integra.support import services
from integra.support.models import Session
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory

MONDAY = dt.date(2011, 3, 7)


@pytest.fixture
def psychologist(coordinator):
    user = UserFactory(username="ewa", first_name="Ewa", last_name="Żółkiewska")
    return MembershipFactory(
        user=user, institution=coordinator.institution, role=Role.SPECIALIST, specialty=Specialty.PSYCHOLOGIST
    )


def _schedule(coordinator, activity, **kw):
    values = {"date": MONDAY, "start_time": dt.time(10, 0), "duration_minutes": 90, "room": "Sala 1"} | kw
    return services.schedule_session(actor=coordinator.membership, activity=activity, **values)


def test_room_double_booking_is_refused_naming_the_clash(coordinator, workshop, project):
    _schedule(coordinator, workshop)
    other = ActivityFactory(project=project, title="Warsztaty kulinarne")
    with pytest.raises(ValidationError) as exc:
        _schedule(coordinator, other, start_time=dt.time(11, 0), room="sala 1")
    assert exc.value.code == "room_clash"
    message = exc.value.messages[0]
    assert (
        message
        == "Sala „Sala 1” jest już zajęta przez „Trening umiejętności społecznych” w dniu 07.03.2011, 10:00–11:30."
    )
    assert Session.objects.count() == 1


def test_sessions_back_to_back_in_one_room_are_fine(coordinator, workshop, project):
    _schedule(coordinator, workshop)
    other = ActivityFactory(project=project, title="Warsztaty kulinarne")
    _schedule(coordinator, other, start_time=dt.time(11, 30))
    assert Session.objects.count() == 2


def test_staff_double_booking_is_refused(coordinator, workshop, project, psychologist):
    _schedule(coordinator, workshop, staff=psychologist)
    other = ActivityFactory(project=project, title="Grupa wsparcia")
    with pytest.raises(ValidationError) as exc:
        _schedule(coordinator, other, start_time=dt.time(9, 0), duration_minutes=75, room="Sala 2", staff=psychologist)
    assert exc.value.code == "staff_clash"
    assert exc.value.messages[0] == (
        "Ewa Żółkiewska prowadzi już „Trening umiejętności społecznych” w dniu 07.03.2011, 10:00–11:30."
    )
    assert Session.objects.count() == 1


def test_enrolled_participant_double_booking_is_refused(coordinator, workshop, project, enrol_people):
    (enrolment,) = enrol_people(workshop, "Łukasiewicz")
    _schedule(coordinator, workshop)
    other = ActivityFactory(project=project, title="Kurs komputerowy")
    EnrolmentFactory(activity=other, participant=enrolment.participant)
    with pytest.raises(ValidationError) as exc:
        _schedule(coordinator, other, start_time=dt.time(11, 0), room="Pracownia")
    assert exc.value.code == "participant_clash"
    assert exc.value.messages[0] == (
        "Zofia Łukasiewicz jest zapisany(-a) na „Trening umiejętności społecznych”, "
        "które odbywa się w dniu 07.03.2011, 10:00–11:30."
    )
    assert Session.objects.count() == 1


def test_dropped_out_participant_does_not_block(coordinator, workshop, project, enrol_people):
    (enrolment,) = enrol_people(workshop, "Łukasiewicz")
    _schedule(coordinator, workshop)
    other = ActivityFactory(project=project, title="Kurs komputerowy")
    dropped = EnrolmentFactory(activity=other, participant=enrolment.participant)
    services.drop_out(actor=coordinator.membership, enrolment=dropped, ended_on=MONDAY, reason="podjęła pracę")
    _schedule(coordinator, other, start_time=dt.time(11, 0), room="Pracownia")
    assert Session.objects.count() == 2


def test_session_outside_the_activity_period_is_refused(coordinator, workshop):
    with pytest.raises(ValidationError) as exc:
        _schedule(coordinator, workshop, date=dt.date(2011, 8, 1))
    assert exc.value.code == "outside_activity"
    assert Session.objects.count() == 0


def test_reschedule_checks_clashes_and_version(coordinator, workshop, project):
    first = _schedule(coordinator, workshop)
    other = ActivityFactory(project=project, title="Warsztaty kulinarne")
    second = _schedule(coordinator, other, start_time=dt.time(13, 0))
    with pytest.raises(ValidationError) as exc:
        services.reschedule_session(
            actor=coordinator.membership,
            session=second,
            expected_version=1,
            date=MONDAY,
            start_time=dt.time(10, 30),
            duration_minutes=60,
            room="Sala 1",
        )
    assert exc.value.code == "room_clash"
    second.refresh_from_db()
    assert (second.start_time, second.version) == (dt.time(13, 0), 1)
    services.reschedule_session(
        actor=coordinator.membership,
        session=first,
        expected_version=1,
        date=MONDAY,
        start_time=dt.time(8, 0),
        duration_minutes=60,
        room="Sala 1",
    )
    with pytest.raises(ValidationError) as exc:
        services.reschedule_session(
            actor=coordinator.membership,
            session=first,
            expected_version=1,
            date=MONDAY,
            start_time=dt.time(8, 30),
            duration_minutes=60,
            room="Sala 1",
        )
    assert exc.value.code == "stale"
