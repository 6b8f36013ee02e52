"""factory_boy factories: minimal valid objects; tests set every value they assert."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from integra.core import pesel as pesel_mod
from integra.core.roles import Role
from integra.institutions.models import Club, Institution, Membership, Partner
from integra.people.models import Household, Participant
from integra.projects.models import Participation, Project

TEST_PASSWORD = "integra-test-password-2026"
_serial = itertools.count(1)


def make_pesel(birth_date: dt.date = dt.date(1985, 3, 14), sex: str = "F") -> str:
    return pesel_mod.generate(birth_date, sex, next(_serial))


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.Sequence(lambda n: f"MOPS nr {n}")
    kind = Institution.Kind.MOPS
    gmina = "Leżajsk"
    powiat = "leżajski"
    voivodeship = "podkarpackie"
    population = 14000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anna"
    last_name = "Kowalska"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.COORDINATOR
    specialty = ""


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"KIS-{n}")
    name = factory.Sequence(lambda n: f"Klub Integracji Społecznej {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    institution = factory.SubFactory(InstitutionFactory)
    name = "Powiatowy Urząd Pracy"
    kind = Partner.Kind.LABOUR_OFFICE


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Rodzina {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    institution = factory.SubFactory(InstitutionFactory)
    first_name = "Zofia"
    last_name = factory.Sequence(lambda n: f"Nowak{n}")
    sex = "F"
    birth_date = dt.date(1985, 3, 14)
    pesel = factory.LazyAttribute(lambda o: make_pesel(o.birth_date, o.sex) if o.sex in ("F", "M") else None)
    no_pesel = factory.LazyAttribute(lambda o: o.pesel is None)
    education = "isced3"
    voivodeship = "podkarpackie"
    powiat = "leżajski"
    gmina = "Leżajsk"
    locality = "Leżajsk"
    postal_code = "37-300"
    labour_status = "registered_unemployed"


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
