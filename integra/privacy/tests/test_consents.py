"""Consent withdrawal stops the processing it covered (see services.PURPOSE_EFFECTS)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from integra.core.models import HistoryEntry
from integra.people.models import Consent, Participant
from integra.people.tests.factories import ParticipantFactory
from integra.privacy import services

pytestmark = pytest.mark.django_db


def _person(institution, purposes=("contact", "image", "processing")):
    person = ParticipantFactory(institution=institution, phone="600100200", email="anna@example.org")
    for purpose in purposes:
        Consent.objects.create(
            institution=institution, participant=person, purpose=purpose, given_on=dt.date(2024, 1, 10)
        )
    return person


def test_withdrawn_contact_consent_erases_contact_data_and_drops_from_contact_lists(dpo):
    anna, jan = _person(dpo.institution), _person(dpo.institution)
    people = Participant.objects.for_membership(dpo.membership)
    assert set(services.contactable(people)) == {anna, jan}
    response = dpo.client.post(
        f"/privacy/consents/{anna.consents.get(purpose='contact').pk}/withdraw/",
        {"withdrawn_on": "2024-06-01"},
        follow=True,
    )
    assert "Zgoda została wycofana" in response.content.decode()
    anna.refresh_from_db()
    assert (anna.phone, anna.email) == ("", "")
    assert list(services.contactable(people)) == [jan]
    assert set(services.image_allowed(people)) == {anna, jan}  # only what the consent covered
    erased = HistoryEntry.objects.filter(object_id=anna.pk, comment="erased after withdrawal of consent").get()
    assert "600100200" not in str(erased.changes)


def test_withdrawn_image_consent_only_stops_image_use(dpo):
    anna = _person(dpo.institution)
    services.withdraw_consent(
        actor=dpo.membership, consent=anna.consents.get(purpose="image"), withdrawn_on=dt.date(2024, 6, 1)
    )
    people = Participant.objects.for_membership(dpo.membership)
    assert list(services.image_allowed(people)) == []
    assert list(services.contactable(people)) == [anna]
    anna.refresh_from_db()
    assert anna.phone == "600100200"


def test_withdrawn_processing_stops_contact_and_image(dpo):
    anna = _person(dpo.institution)
    services.withdraw_consent(actor=dpo.membership, consent=anna.consents.get(purpose="processing"))
    people = Participant.objects.for_membership(dpo.membership)
    assert list(services.contactable(people)) == [] and list(services.image_allowed(people)) == []
    anna.refresh_from_db()
    assert anna.email == ""


def test_a_new_consent_after_withdrawal_counts_again(dpo):
    anna = _person(dpo.institution, purposes=("image",))
    services.withdraw_consent(actor=dpo.membership, consent=anna.consents.get(), withdrawn_on=dt.date(2024, 6, 1))
    Consent.objects.create(institution=dpo.institution, participant=anna, purpose="image", given_on=dt.date(2024, 7, 1))
    assert list(services.image_allowed(Participant.objects.all())) == [anna]


def test_bad_withdrawals_are_refused_and_change_nothing(dpo):
    anna = _person(dpo.institution, purposes=("contact",))
    consent = anna.consents.get()
    before = HistoryEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.withdraw_consent(actor=dpo.membership, consent=consent, withdrawn_on=dt.date(2023, 1, 1))
    assert exc.value.messages == [str(services.WITHDRAWN_BEFORE_GIVEN)]
    response = dpo.client.post(f"/privacy/consents/{consent.pk}/withdraw/", {"withdrawn_on": "2099-01-01"}, follow=True)
    assert "Data wycofania nie może być z przyszłości" in response.content.decode()
    consent.refresh_from_db()
    anna.refresh_from_db()
    assert consent.withdrawn_on is None and anna.phone == "600100200" and HistoryEntry.objects.count() == before


def test_withdrawals_recorded_elsewhere_are_enforced_by_the_sweep(dpo):
    anna = _person(dpo.institution, purposes=("contact",))
    Consent.objects.filter(participant=anna).update(withdrawn_on=dt.date(2024, 5, 1))  # e.g. from the people screens
    assert services.enforce_withdrawals(dry_run=True) == [anna.pk]
    anna.refresh_from_db()
    assert anna.phone == "600100200"
    assert services.enforce_withdrawals() == [anna.pk]
    anna.refresh_from_db()
    assert anna.phone == ""
