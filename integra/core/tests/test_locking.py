"""Optimistic locking as the apps use it: the later of two edits is refused and told what changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from integra.core.history import record, snapshot
from integra.core.locking import STALE_EDIT, bump, lock_for_update
from integra.core.models import HistoryEntry
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _save_surname(actor, pk: int, version: int, surname: str) -> Participant:
    with transaction.atomic():
        person = lock_for_update(Participant, pk, version)
        before = snapshot(person)
        person.last_name = surname
        bump(person)
        person.save()
        record(actor=actor, obj=person, action=HistoryEntry.Action.UPDATE, before=before)
    return person


def test_second_of_two_concurrent_edits_is_refused_with_what_changed(coordinator, social_worker):
    person = ParticipantFactory(institution=coordinator.institution, last_name="Nowak")
    shown = person.version  # both editors opened the form at this version
    saved = _save_surname(coordinator.membership, person.pk, shown, "Nowak-Kowalska")
    assert saved.version == shown + 1
    with translation.override("pl"), pytest.raises(ValidationError) as refused:
        _save_surname(social_worker.membership, person.pk, shown, "Kowalska")
    assert refused.value.code == "stale"
    message = refused.value.messages[0]
    assert message.startswith("Ktoś inny zapisał ten rekord") and "nazwisko" in message
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("Nowak-Kowalska", shown + 1)
    assert HistoryEntry.objects.filter(object_id=person.pk).count() == 1


def test_an_edit_from_the_current_version_goes_through(coordinator):
    person = ParticipantFactory(institution=coordinator.institution, last_name="Nowak")
    first = _save_surname(coordinator.membership, person.pk, person.version, "Nowak-Kowalska")
    second = _save_surname(coordinator.membership, person.pk, first.version, "Kowalska")
    assert (second.last_name, second.version) == ("Kowalska", person.version + 2)


def test_the_message_names_the_fields_in_english_too(coordinator):
    person = ParticipantFactory(institution=coordinator.institution)
    _save_surname(coordinator.membership, person.pk, person.version, "Inna")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            lock_for_update(Participant, person.pk, person.version)
        assert refused.value.messages[0] == str(STALE_EDIT) % {"fields": "surname"}
