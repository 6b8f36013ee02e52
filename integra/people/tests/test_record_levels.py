"""Issue 24, point 7: each role reads as much of a person as docs/security.md's roles table says.

- the auditor (eligibility and evidence of EU projects): the person's page with identity, place of residence,
  education, labour-market status, projects and consents — no address lines, phone, e-mail or household, no
  contact fields in the history;
- the accountant: the registry list (a name and what tells two people of one name apart), no person's page;
- the IOD: the same list, each name leading to the data-subject page, no person's page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.core.models import AccessLogEntry
from integra.people import services
from integra.people.models import Consent
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(social_worker):
    person = services.create_participant(actor=social_worker.membership, data=valid_data())
    services.update_participant(
        actor=social_worker.membership, participant=person, version=1, data=valid_data(phone="600 999 888")
    )
    person.refresh_from_db()
    person.household = HouseholdFactory(institution=person.institution, name="Wójcikowie")
    person.save(update_fields=["household"])
    Consent.objects.create(
        institution=person.institution, participant=person, purpose="monitoring", given_on=dt.date(2024, 5, 7)
    )
    return person


def test_auditor_reads_eligibility_and_evidence_without_contact_details(auditor, person):
    response = auditor.client.get(reverse("people:participant-detail", args=[person.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.pesel in html and "37-300 Leżajsk" in html and "Leżajsk, leżajski, podkarpackie" in html
    assert "miejsce zamieszkania" in html and "zarejestrowana w ewidencji urzędów pracy" in html
    assert "monitorowanie UE" in html and "07.05.2024" in html  # consents are evidence
    for hidden in ("Mickiewicza", "600 999 888", "600 100 200", "lucja@example.pl", "Wójcikowie"):
        assert hidden not in html, hidden
    assert 'id="participant-household"' not in html and 'id="consent-form"' not in html
    assert "1 zmiana niewidoczna dla Twojej roli" in html  # the phone's change is counted, not shown
    assert AccessLogEntry.objects.filter(user=auditor.user, subject_id=person.pk).count() == 1


def test_social_worker_still_reads_everything(social_worker, person):
    html = social_worker.client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Mickiewicza 12/3" in html and "600 999 888" in html and "Wójcikowie" in html
    assert "600 100 200" in html  # the history shows the old number


@pytest.mark.parametrize("persona", ["accountant", "dpo"])
def test_accountant_and_iod_get_no_persons_page(persona, person, request):
    client = request.getfixturevalue(persona).client
    assert client.get(reverse("people:participant-detail", args=[person.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(subject_id=person.pk, kind=AccessLogEntry.Kind.VIEW).count() == 0


def test_accountant_finds_a_name_told_apart_and_nothing_more(accountant, person):
    twin = ParticipantFactory(
        institution=person.institution, first_name="Łucja", last_name="Wójcik", birth_date=dt.date(1993, 5, 2)
    )
    accountant.client.post(reverse("people:participant-list"), {"q": "wójcik"})
    html = accountant.client.get(reverse("people:participant-list")).content.decode()
    assert html.count("Wójcik Łucja") == 2
    assert f"ur. 1985 · PESEL …{person.pesel[-3:]} · nr {person.pk}" in html
    assert f"ur. 1993 · PESEL …{twin.pesel[-3:]} · nr {twin.pk}" in html
    assert person.pesel not in html and "14.03.1985" not in html and "bezrobotn" not in html
    assert f'href="{reverse("people:participant-detail", args=[person.pk])}"' not in html
    assert reverse("people:household-list") not in html  # nor the households in the menu


def test_iod_list_leads_to_the_data_subject_page(dpo, person):
    dpo.client.post(reverse("people:participant-list"), {"q": person.pesel})
    html = dpo.client.get(reverse("people:participant-list")).content.decode()
    assert f'href="{reverse("privacy:subject", args=[person.pk])}"' in html
    assert f'href="{reverse("people:participant-detail", args=[person.pk])}"' not in html
    assert "Mickiewicza" not in html and "600 999 888" not in html


def test_iod_records_a_consent_and_is_sent_back_to_the_data_subject_page(dpo, person):
    page = dpo.client.get(reverse("privacy:subject", args=[person.pk])).content.decode()
    assert f'action="{reverse("people:consent-add", args=[person.pk])}"' in page
    response = dpo.client.post(
        reverse("people:consent-add", args=[person.pk]), {"purpose": "image", "given_on": "2025-01-10"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:subject", args=[person.pk])
    assert person.consents.filter(purpose="image", given_on=dt.date(2025, 1, 10)).count() == 1


@pytest.mark.parametrize("persona", ["accountant", "auditor", "dpo"])
def test_households_are_the_case_roles(persona, person, request):
    client = request.getfixturevalue(persona).client
    assert client.get(reverse("people:household-list")).status_code == 403
    assert client.get(reverse("people:household-detail", args=[person.household_id])).status_code == 403
