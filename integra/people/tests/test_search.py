"""What staff type to find a person (ParticipantQuerySet.search): surname, first name, PESEL, birth year, number."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.institutions.tests.factories import InstitutionFactory
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    centre = InstitutionFactory(slug="search-a")
    other = InstitutionFactory(slug="search-b")
    return {
        "nino88": ParticipantFactory(
            institution=centre, first_name="Nino", last_name="Beridze", birth_date=dt.date(1988, 5, 2)
        ),
        "nino93": ParticipantFactory(
            institution=centre, first_name="Nino", last_name="Beridze", birth_date=dt.date(1993, 5, 2)
        ),
        "lucja": ParticipantFactory(
            institution=centre, first_name="Łucja", last_name="Łęcka", birth_date=dt.date(1988, 1, 1)
        ),
        "other": ParticipantFactory(institution=other, first_name="Nino", last_name="Beridze"),
    }


def _found(people, text):
    centre = people["nino88"].institution
    names = {p.pk: key for key, p in people.items()}
    return sorted(
        names[pk] for pk in Participant.objects.for_institution(centre.pk).search(text).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beridze", ["nino88", "nino93"]),
        ("BERI", ["nino88", "nino93"]),
        ("Beridze 1993", ["nino93"]),
        ("1988", ["lucja", "nino88"]),
        ("Nino Beridze", ["nino88", "nino93"]),
        ("beridze nino 1988", ["nino88"]),
        ("łęcka łucja", ["lucja"]),
        ("Łucja Łęcka", ["lucja"]),
        ("lecka", []),
        ("", ["lucja", "nino88", "nino93"]),
    ],
)
def test_search_narrows_by_every_part(people, text, expected):
    assert _found(people, text) == expected


def test_pesel_and_internal_number_find_one_person_of_the_centre_only(people):
    nino = people["nino93"]
    assert _found(people, nino.pesel) == ["nino93"]
    assert _found(people, f"nr {nino.pk}") == ["nino93"]
    assert _found(people, f"#{nino.pk}") == ["nino93"]
    assert _found(people, people["other"].pesel) == []
    assert _found(people, f"nr {people['other'].pk}") == []
