"""`nonempty` asks in one query which tables hold a row with a value, so a page reads only the lists that have rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.core.probe import nonempty
from integra.people.models import Consent, HouseholdMember, Participant
from integra.people.tests.factories import ConsentFactory, HouseholdFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_one_query_names_the_tables_with_a_row_of_the_value():
    person, other = ParticipantFactory(), ParticipantFactory()
    ConsentFactory(participant=other)
    household = HouseholdFactory(institution=person.institution)
    probes = {
        "consents": (Consent, "participant", person.pk),
        "members": (HouseholdMember, "household", household.pk),
        "people": (Participant, "institution", person.institution_id),
    }
    with CaptureQueriesContext(connection) as asked:
        assert nonempty(probes) == {"people"}
    assert len(asked) == 1
    ConsentFactory(participant=person)
    assert nonempty(probes) == {"consents", "people"}


def test_a_probe_without_a_value_is_never_asked():
    person = ParticipantFactory()
    ConsentFactory(participant=person)
    with CaptureQueriesContext(connection) as asked:
        assert nonempty({"consents": (Consent, "participant", None)}) == set()
    assert len(asked) == 0
    assert nonempty({"consents": (Consent, "participant", person.pk), "none": (Consent, "participant", None)}) == {
        "consents"
    }
