"""factory_boy factories of projects and participations: minimal valid objects; tests set every value they
assert."""

from __future__ import annotations

import datetime as dt

import factory

from integra.institutions.tests.factories import InstitutionFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"PRJ-{n}")
    title = "Czas na aktywność"
    programme = "POKL"
    priority = "VII"
    measure = "7.1"
    sub_measure = "7.1.1"
    start_on = dt.date(2011, 1, 1)
    end_on = dt.date(2011, 12, 31)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SelfAttribute("project.institution")
    participant = factory.SubFactory(ParticipantFactory, institution=factory.SelfAttribute("..institution"))
    start_on = factory.SelfAttribute("project.start_on")
