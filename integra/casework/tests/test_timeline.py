import datetime as dt

import pytest
from django.urls import reverse

from integra.casework import services

pytestmark = pytest.mark.django_db


def test_participant_page_shows_contract_and_notes_only_to_allowed_roles(social_worker, accountant):
    from integra.people.tests.factories import ParticipantFactory

    person = ParticipantFactory(institution=social_worker.institution)
    services.create_contract(
        actor=social_worker.membership,
        participant=person,
        social_worker=social_worker.membership,
        number="KS/55/2011",
        start_on=dt.date(2011, 5, 1),
        end_on=dt.date(2011, 10, 31),
    )
    services.add_case_note(
        actor=social_worker.membership,
        participant=person,
        written_on=dt.date(2011, 5, 3),
        text="Poufna notatka o sytuacji rodziny",
    )
    url = reverse("people:participant-detail", args=[person.pk])
    body = social_worker.client.get(url).content.decode()
    assert "KS/55/2011" in body and "Poufna notatka o sytuacji rodziny" in body
    accountant_response = accountant.client.get(url)
    if accountant_response.status_code == 200:
        assert "Poufna notatka" not in accountant_response.content.decode()
        assert "KS/55/2011" not in accountant_response.content.decode()
