"""`insert_rows` stores what the ORM would: binary COPY on PostgreSQL, `bulk_create` on SQLite (issue 26)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from integra.core.bulkinsert import insert_rows
from integra.core.models import HistoryEntry
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_the_orm_reads_them(coordinator):
    person = ParticipantFactory(institution=coordinator.institution, last_name="Łęcka")
    project = ProjectFactory(institution=coordinator.institution)
    centre = coordinator.institution.pk
    [history_id] = insert_rows(
        HistoryEntry,
        ("institution_id", "content_type_id", "object_id", "actor_id", "action", "changes", "comment"),
        [
            (
                centre,
                ContentType.objects.get_for_model(Participant).pk,
                person.pk,
                None,
                "create",
                '{"a": [1, "ż"]}',
                "Ż",
            )
        ],
    )
    ids = insert_rows(
        Participation,
        ("institution_id", "project_id", "participant_id", "start_on", "end_on", "status"),
        [(centre, project.pk, person.pk, dt.date(2021, 2, 3), None, "active")],
    )
    entry = HistoryEntry.objects.get(pk=history_id)
    assert entry.changes == {"a": [1, "ż"]} and entry.comment == "Ż" and entry.actor_id is None
    assert entry.at is not None
    part = Participation.objects.get(pk=ids[0])
    assert (part.start_on, part.end_on, part.status, part.entries) == (dt.date(2021, 2, 3), None, "active", 1)
