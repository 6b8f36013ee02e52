"""A refused form comes back with what was typed in it and the reason beside it (issue 23: nothing entered is lost).

These forms used to answer a refusal with a redirect and a message at the top of another page: the consent
recorded from the person's page (its purpose, scope, form and dates), the withdrawal of a consent (on the
person's page and on the IOD's data-subject page) and the start of a budget version (its reason). What the
person typed was gone, and the reason of a refused field was not shown at all. Each now lands on its form.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from integra.core.models import HistoryEntry
from integra.finance.models import BudgetVersion
from integra.finance.tests.factories import draft_budget
from integra.people.models import Consent
from integra.people.tests.factories import ConsentFactory, ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, f"no field {name}"
    return found.group(0)


def _value_of(page: str, name: str) -> str:
    value = re.search(r'value="([^"]*)"', _input(page, name))
    return value.group(1) if value else ""


def _invalid(page: str, name: str) -> bool:
    return 'aria-invalid="true"' in _input(page, name)


def test_a_refused_consent_comes_back_with_everything_typed_and_the_reason_at_its_field(social_worker):
    person = ParticipantFactory(institution=social_worker.institution)
    response = social_worker.client.post(
        reverse("people:consent-add", args=[person.pk]),
        {
            "purpose": "image",
            "scope": "zdjęcia z festynu rodzinnego",
            "given_via": "deklaracja uczestnictwa",
            "given_on": "01.05.2024",
            "valid_until": "30.04.2024",
        },
    )
    assert response.status_code == 200  # the form itself, not a redirect to a page that forgot it
    page = response.content.decode()
    assert _value_of(page, "scope") == "zdjęcia z festynu rodzinnego"
    assert _value_of(page, "given_via") == "deklaracja uczestnictwa"
    assert _value_of(page, "given_on") == "01.05.2024"
    assert _value_of(page, "valid_until") == "30.04.2024"
    assert re.search(r'<option value="image"[^>]*selected', page)
    assert _invalid(page, "valid_until") and not _invalid(page, "scope")
    assert "Zgoda nie może wygasać przed dniem, w którym jej udzielono." in page
    assert Consent.objects.count() == 0
    assert not HistoryEntry.objects.filter(content_type__model="consent").exists()


def test_a_consent_form_sent_with_a_missing_date_says_which_field(social_worker):
    person = ParticipantFactory(institution=social_worker.institution)
    page = social_worker.client.post(
        reverse("people:consent-add", args=[person.pk]), {"purpose": "contact", "scope": "SMS o zajęciach"}
    ).content.decode()
    assert _invalid(page, "given_on") and _value_of(page, "scope") == "SMS o zajęciach"
    assert Consent.objects.count() == 0


def test_the_consent_form_opens_on_its_own_and_saves_back_to_the_person(social_worker):
    person = ParticipantFactory(institution=social_worker.institution)
    url = reverse("people:consent-add", args=[person.pk])
    page = social_worker.client.get(url).content.decode()
    assert "<h1>Zapisz zgodę</h1>" in page and person.full_name in page
    response = social_worker.client.post(url, {"purpose": "contact", "given_on": "01.05.2024"})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:participant-detail", args=[person.pk])
    assert Consent.objects.get().given_on == dt.date(2024, 5, 1)


@pytest.mark.parametrize("door", ["person page", "data-subject page"])
def test_a_refused_withdrawal_keeps_the_date_typed(social_worker, dpo, door):
    consent = ConsentFactory(
        participant=ParticipantFactory(institution=social_worker.institution), given_on=dt.date(2024, 5, 1)
    )
    if door == "person page":
        client = social_worker.client
        url = reverse("people:consent-withdraw", args=[consent.participant_id, consent.pk])
    else:
        client = dpo.client
        url = reverse("privacy:consent-withdraw", args=[consent.pk])
    response = client.post(url, {"withdrawn_on": "2024-04-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert _value_of(page, "withdrawn_on") in {"2024-04-01", "01.04.2024"}
    assert "Zgody nie można wycofać przed datą jej wyrażenia." in page
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_refused_budget_version_keeps_its_reason(accountant):
    project = ProjectFactory(institution=accountant.institution)
    draft_budget(accountant.membership, project, [])  # one draft at a time: a second is refused
    response = accountant.client.post(
        reverse("finance:version-start", args=[project.pk]), {"reason": "aneks nr 2: przesunięcie kosztów"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _value_of(page, "reason") == "aneks nr 2: przesunięcie kosztów"
    assert 'class="error-summary"' in page and "Wersja 1 jest wciąż projektem" in page
    assert BudgetVersion.objects.filter(project=project).count() == 1
