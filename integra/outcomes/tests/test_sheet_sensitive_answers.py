"""An empty sensitive cell of the participant sheet is „no answer”, never „Tak” nor „Nie” (formats/participants.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.core.pesel import generate
from integra.outcomes.exporter import write_sheet
from integra.outcomes.importer import import_participants
from integra.outcomes.tests.sheetdata import HEADERS, csv_file, row, xlsx_file, xlsx_values
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SENSITIVE_HEADERS = {
    "disability": "Osoba z niepełnosprawnościami",
    "foreign_background": "Osoba obcego pochodzenia",
    "minority": "Osoba należąca do mniejszości narodowej lub etnicznej (w tym społeczności marginalizowane)",
    "homeless": "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
    "other_disadvantage": "Osoba w innej niekorzystnej sytuacji społecznej",
}


def project_of(institution):
    return ProjectFactory(
        institution=institution, code="NOWY-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


@pytest.mark.parametrize(("fmt", "build"), [("xlsx", xlsx_file), ("csv", csv_file)])
def test_empty_sensitive_cells_import_as_no_answer(coordinator, fmt, build):
    project = project_of(coordinator.institution)
    data = build([row(c26=None, c28="Nie", c31="Odmowa podania informacji")])
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename=f"a.{fmt}")
    assert (report.created, report.rejected) == (1, 0)
    person = Participant.objects.get()
    answers = {name: getattr(person, name) for name in SENSITIVE_HEADERS}
    assert answers == {
        "disability": "",
        "foreign_background": "",
        "minority": "no",
        "homeless": "",
        "other_disadvantage": "refused",
    }


def test_sheet_without_the_sensitive_columns_records_no_answer(coordinator):
    project = project_of(coordinator.institution)
    keep = [i for i, header in enumerate(HEADERS) if header not in SENSITIVE_HEADERS.values()]
    data = xlsx_file([[row()[i] for i in keep]], headers=[HEADERS[i] for i in keep])
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.xlsx")
    assert (report.created, report.rejected) == (1, 0)
    person = Participant.objects.get()
    assert [getattr(person, name) for name in SENSITIVE_HEADERS] == [""] * 5


def test_no_answer_exports_as_an_empty_cell(coordinator, tmp_path):
    project = project_of(coordinator.institution)
    person = ParticipantFactory(
        institution=coordinator.institution, pesel=generate(dt.date(1985, 3, 14), "F", 3), homeless="yes"
    )
    ParticipationFactory(project=project, participant=person, start_on=dt.date(2011, 2, 1))
    path = tmp_path / "sheet.xlsx"
    write_sheet(project, str(path), "xlsx")
    exported = dict(zip(HEADERS, xlsx_values(path.read_bytes())[1], strict=True))
    assert {name: exported[header] for name, header in SENSITIVE_HEADERS.items()} == {
        "disability": None,
        "foreign_background": None,
        "minority": None,
        "homeless": "Tak",
        "other_disadvantage": None,
    }
