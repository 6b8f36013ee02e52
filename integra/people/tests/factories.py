"""factory_boy factories of people, households and consents: minimal valid objects; tests set every value they
assert."""

from __future__ import annotations

import datetime as dt

import factory

from integra.core.testing.factories import make_pesel
from integra.institutions.tests.factories import InstitutionFactory
from integra.people.models import Consent, Household, Participant

PESEL_F = "85031446906"  # woman, born 14.03.1985
PESEL_F_WRONG_CHECK = "85031446907"

__all__ = [
    "PESEL_F",
    "PESEL_F_WRONG_CHECK",
    "ConsentFactory",
    "HouseholdFactory",
    "ParticipantFactory",
    "make_pesel",
    "valid_data",
]


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


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    institution = factory.SelfAttribute("participant.institution")
    purpose = Consent.Purpose.PROCESSING
    given_on = dt.date(2024, 1, 15)


def valid_data(**overrides) -> dict:
    """A complete, valid participant form submission (as the service receives it)."""
    data = {
        "first_name": "Łucja",
        "last_name": "Wójcik",
        "pesel": PESEL_F,
        "no_pesel": False,
        "sex": "",
        "birth_date": None,
        "education": "isced3",
        "country": "Polska",
        "voivodeship": "podkarpackie",
        "powiat": "leżajski",
        "gmina": "Leżajsk",
        "locality": "Leżajsk",
        "street": "Mickiewicza",
        "building_no": "12",
        "flat_no": "3",
        "postal_code": "37-300",
        "degurba": "2",
        "phone": "600 100 200",
        "email": "lucja@example.pl",
        "labour_status": "registered_unemployed",
        "long_term_unemployed": True,
        "disability": "no",
        "foreign_background": "no",
        "minority": "no",
        "third_country_national": False,
        "homeless": "no",
        "other_disadvantage": "no",
        "social_assistance_since": dt.date(2020, 5, 1),
    }
    data.update(overrides)
    return data
