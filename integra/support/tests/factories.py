"""Factories for support rows: minimal valid objects; tests set every value they assert."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from integra.institutions.tests.factories import MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory
from integra.support.models import Activity, ActivityKind, Attendance, Enrolment, Instrument, Session


def shared_instrument(code: str = "social-skills-training") -> Instrument:
    """A row of the shared catalogue loaded by the data migration."""
    return Instrument.objects.get(institution__isnull=True, code=code)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SelfAttribute("project.institution")
    instrument = factory.LazyFunction(shared_instrument)
    title = factory.Sequence(lambda n: f"Trening kompetencji społecznych {n}")
    kind = ActivityKind.GROUP_WORKSHOP
    provider_name = "Firma Szkoleniowa Sp. z o.o."
    planned_hours = Decimal("20")
    capacity = 30
    start_on = dt.date(2011, 3, 1)
    end_on = dt.date(2011, 6, 30)
    room = "Sala 1"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    activity = factory.SubFactory(ActivityFactory)
    institution = factory.SelfAttribute("activity.institution")
    participant = factory.SubFactory(ParticipantFactory, institution=factory.SelfAttribute("..institution"))
    enrolled_on = factory.SelfAttribute("activity.start_on")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    institution = factory.SelfAttribute("activity.institution")
    date = dt.date(2011, 3, 7)
    start_time = dt.time(10, 0)
    duration_minutes = 90
    room = "Sala 1"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    institution = factory.SelfAttribute("session.institution")
    participant = factory.SubFactory(ParticipantFactory, institution=factory.SelfAttribute("..institution"))
    status = Attendance.Status.PRESENT


__all__ = ["ActivityFactory", "AttendanceFactory", "EnrolmentFactory", "MembershipFactory", "SessionFactory"]
