"""Rows the demo generator writes are validated without a query per foreign key and constraint (issue 26, point
7); everywhere else full_clean still asks the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.core.models import generated_rows
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_full_clean_asks_the_database_except_for_generated_rows():
    person = ParticipantFactory()
    person.institution_id = person.institution_id + 10_000  # a centre that does not exist
    with CaptureQueriesContext(connection) as asked, pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "institution" in refused.value.error_dict and len(asked) > 0
    person.refresh_from_db()
    with generated_rows(), CaptureQueriesContext(connection) as asked:
        person.full_clean()
    assert len(asked) == 0
    person.first_name = ""
    with generated_rows(), pytest.raises(ValidationError) as refused:  # values are still checked
        person.full_clean()
    assert "first_name" in refused.value.error_dict
