"""factory_boy factories of centres, clubs, partners and staff: minimal valid objects; tests set every value
they assert."""

from __future__ import annotations

import factory

from integra.core.roles import Role
from integra.core.testing.factories import UserFactory
from integra.institutions.models import Club, Institution, Membership, Partner


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
