"""Data migration 0009: numbers typed before normalisation become +48…; one that cannot be is kept and flagged."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("integra.people.migrations.0009_normalise_phone_numbers")


def test_numbers_are_normalised_and_none_is_lost():
    typed = ["501 234 567", "+48 600-100-200", "0048 22 123 45 67", "dzwonić do córki", "", "12 34"]
    people = [ParticipantFactory() for _ in typed]
    for person, text in zip(people, typed, strict=True):
        Participant.objects.filter(pk=person.pk).update(phone=text)

    migration.normalise_numbers(apps, None)

    stored = [Participant.objects.get(pk=p.pk) for p in people]
    assert [p.phone for p in stored] == [
        "+48501234567",
        "+48600100200",
        "+48221234567",
        "dzwonić do córki",
        "",
        "12 34",
    ]
    assert [p.phone_needs_check for p in stored] == [False, False, False, True, False, True]
