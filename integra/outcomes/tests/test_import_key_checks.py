"""An import checks its foreign keys as each chunk is written, then leaves them deferred again (issue 26)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from integra.core.pesel import generate
from integra.outcomes import importer
from integra.outcomes.importer import import_participants
from integra.outcomes.tests.sheetdata import csv_file, row
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="SET CONSTRAINTS is PostgreSQL's")

MISSING = 2_000_000_000  # no participation has this id


def _sheet(count: int) -> bytes:
    rows = []
    for number in range(count):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=number)
        rows.append(row(c5=generate(birth, "F", 3), c8=birth.strftime("%d.%m.%Y")))
    return csv_file(rows)


def _orphan_exit(institution_id: int) -> None:
    """An exit of a participation that does not exist, taken back at once: allowed only while keys are deferred."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO outcomes_exit (created_at, updated_at, institution_id, participation_id, exit_on, reason, "
            "note) VALUES (now(), now(), %s, %s, '2011-06-30', 'other', '')",
            [institution_id, MISSING],
        )
        cursor.execute("DELETE FROM outcomes_exit WHERE participation_id = %s", [MISSING])


def test_keys_are_checked_as_each_chunk_is_written(coordinator, monkeypatch):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    monkeypatch.setattr(importer, "CHUNK", 2)
    checked = []
    real_write = importer._Writer.write

    def write(self, rows):
        real_write(self, rows)
        # Within the import a child without its parent fails at once, not at commit.
        with pytest.raises(IntegrityError), transaction.atomic():
            _orphan_exit(project.institution_id)
        checked.append(len(rows))

    monkeypatch.setattr(importer._Writer, "write", write)
    report = import_participants(actor=None, project=project, data=_sheet(5), filename="a.csv")
    assert (report.error, report.created, checked) == ("", 5, [2, 2, 1])
    assert Participation.objects.filter(project=project).count() == 5


def test_the_callers_transaction_has_its_keys_deferred_again(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    with transaction.atomic():
        report = import_participants(actor=None, project=project, data=_sheet(3), filename="a.csv")
        assert report.created == 3
        _orphan_exit(project.institution_id)  # deferred: checked at commit, by which time it is gone


def test_a_failed_import_leaves_the_keys_deferred(coordinator, monkeypatch):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )

    def fail(self, rows):
        raise IntegrityError("taken meanwhile")

    monkeypatch.setattr(importer._Writer, "write", fail)
    with transaction.atomic():
        report = import_participants(actor=None, project=project, data=_sheet(2), filename="a.csv")
        assert report.error and report.created == 0
        _orphan_exit(project.institution_id)
