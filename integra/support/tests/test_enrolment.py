import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory
from integra.support import services
from integra.support.models import Enrolment
from integra.support.tests.factories import ActivityFactory, shared_instrument

END = dt.date(2011, 6, 30)


@pytest.fixture
def course(project):
    return ActivityFactory(
        project=project,
        title="Kucharz małej gastronomii",
        kind="vocational_course",
        instrument=shared_instrument("vocational-course"),
        capacity=2,
    )


def test_failed_course_gets_no_certificate_number(coordinator, course, enrol_people):
    (enrolment,) = enrol_people(course, "Wróbel")
    with pytest.raises(ValidationError) as exc:
        services.complete_enrolment(
            actor=coordinator.membership,
            enrolment=enrolment,
            ended_on=END,
            certificate_number="12/2011",
            certificate_on=END,
            failed=True,
        )
    assert exc.value.code == "failed_certificate"
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.certificate_number, enrolment.failed) == ("enrolled", "", False)
    services.complete_enrolment(actor=coordinator.membership, enrolment=enrolment, ended_on=END, failed=True)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.certificate_number, enrolment.failed) == ("completed", "", True)


def test_certificate_needs_number_and_date(coordinator, course, enrol_people):
    first, second = enrol_people(course, "Wróbel", "Kos")
    with pytest.raises(ValidationError) as exc:
        services.complete_enrolment(
            actor=coordinator.membership, enrolment=first, ended_on=END, certificate_number="12/2011"
        )
    assert exc.value.code == "certificate_incomplete"
    services.complete_enrolment(
        actor=coordinator.membership, enrolment=second, ended_on=END, certificate_number="13/2011", certificate_on=END
    )
    second.refresh_from_db()
    assert (second.certificate_number, second.certificate_on) == ("13/2011", END)


def test_enrolment_refuses_duplicates_and_people_outside_the_project(coordinator, course, enrol_people):
    first, _second = enrol_people(course, "Wróbel", "Kos")
    with pytest.raises(ValidationError) as exc:
        services.enrol(
            actor=coordinator.membership, activity=course, participant=first.participant, enrolled_on=course.start_on
        )
    assert exc.value.code == "duplicate"
    outsider_of_project = ParticipantFactory(institution=coordinator.institution)
    with pytest.raises(ValidationError) as exc:
        services.enrol(
            actor=coordinator.membership, activity=course, participant=outsider_of_project, enrolled_on=course.start_on
        )
    assert exc.value.code == "not_in_project"
    assert Enrolment.objects.count() == 2


def test_full_course_refuses_another_person(coordinator, course, enrol_people, project):
    enrol_people(course, "Wróbel", "Kos")
    late = ParticipationFactory(project=project).participant
    with pytest.raises(ValidationError) as exc:
        services.enrol(actor=coordinator.membership, activity=course, participant=late, enrolled_on=course.start_on)
    assert exc.value.code == "full"
    assert Enrolment.objects.count() == 2


def test_drop_out_requires_a_reason(coordinator, course, enrol_people):
    (enrolment,) = enrol_people(course, "Wróbel")
    with pytest.raises(ValidationError) as exc:
        services.drop_out(actor=coordinator.membership, enrolment=enrolment, ended_on=END, reason="  ")
    assert exc.value.code == "no_reason"
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
