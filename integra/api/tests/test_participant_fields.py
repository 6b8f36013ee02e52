"""Issue 24, point 7: the API gives each role the fields of a person the screens give it — the accountant and the IOD
a name, the auditor no address lines, phone, e-mail or household — and households only to the case roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.institutions.tests.factories import InstitutionFactory
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

CONTACT = {"street", "building_no", "flat_no", "phone", "email", "household"}


@pytest.fixture
def person():
    centre = InstitutionFactory(slug="fields-a")
    return ParticipantFactory(
        institution=centre,
        first_name="Łucja",
        last_name="Wójcik",
        street="Mickiewicza",
        building_no="12",
        phone="+48 600 100 200",
        email="lucja@example.pl",
        household=HouseholdFactory(institution=centre, name="Wójcikowie"),
        labour_status="registered_unemployed",
    )


def _read(role: str, person) -> dict:
    client = TokenClient(token_for(person.institution, role))
    response = client.get(reverse("api:participant-detail", args=[person.pk]))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("role", ["coordinator", "social_worker", "director", "specialist"])
def test_case_roles_read_the_whole_record(role, person):
    data = _read(role, person)
    assert (data["street"], data["phone"], data["email"]) == ("Mickiewicza", "+48 600 100 200", "lucja@example.pl")
    assert data["household"] == person.household_id and data["pesel"] == person.pesel


def test_the_auditor_reads_eligibility_without_contact_details(person):
    data = _read("auditor", person)
    assert (data["last_name"], data["pesel"], data["birth_date"]) == ("Wójcik", person.pesel, "1985-03-14")
    assert (data["gmina"], data["postal_code"], data["labour_status"]) == ("Leżajsk", "37-300", "registered_unemployed")
    assert {name: data[name] for name in CONTACT} == dict.fromkeys(CONTACT)
    assert data["sensitive"] is None


@pytest.mark.parametrize("role", ["accountant", "dpo"])
def test_the_accountant_and_the_iod_read_a_name_only(role, person):
    data = _read(role, person)
    assert (data["first_name"], data["last_name"]) == ("Łucja", "Wójcik")
    shown = {name for name, value in data.items() if value not in (None, False)}
    assert shown == {"id", "version", "first_name", "last_name"}


@pytest.mark.parametrize(
    ("role", "status"), [("auditor", 403), ("accountant", 403), ("dpo", 403), ("social_worker", 200)]
)
def test_households_are_read_by_the_case_roles_only(role, status, person):
    client = TokenClient(token_for(person.institution, role))
    assert client.get(reverse("api:household-detail", args=[person.household_id])).status_code == status
    assert client.get(reverse("api:household-list")).status_code == status
