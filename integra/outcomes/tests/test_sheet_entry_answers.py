"""Columns 34 and 35 of the participant sheet: self-employed and in education or training at entry."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.core.pesel import generate
from integra.outcomes.importer import import_participants
from integra.outcomes.tests.sheetdata import HEADERS, csv_file, row, xlsx_file
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SELF_EMPLOYED = "Osoba prowadząca działalność na własny rachunek"
IN_EDUCATION = "Osoba uczestnicząca w kształceniu lub szkoleniu w chwili przystąpienia do projektu"
WORKING = "Osoba pracująca"
INACTIVE = "Osoba bierna zawodowo"


def project_of(institution):
    return ProjectFactory(
        institution=institution, code="NOWY-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


def pesel(n: int) -> str:
    return generate(dt.date(1985, 3, 14), "F", n)


def test_the_sheet_declares_both_columns_after_column_33():
    assert HEADERS[-2:] == [SELF_EMPLOYED, IN_EDUCATION]


@pytest.mark.parametrize(("fmt", "build"), [("xlsx", xlsx_file), ("csv", csv_file)])
def test_answers_at_entry_are_imported(coordinator, fmt, build):
    project = project_of(coordinator.institution)
    data = build(
        [
            row(c5=pesel(1), c24=WORKING, c25=None, c34="Tak", c35="Nie"),
            row(c5=pesel(2), c24=INACTIVE, c25=None, c34="nie", c35=" TAK "),
            row(c5=pesel(3), c34=None, c35=None),
        ]
    )
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename=f"a.{fmt}")
    assert (report.created, report.rejected, report.problems) == (3, 0, [])
    assert {p: (s, e) for p, s, e in Participant.objects.values_list("pesel", "self_employed", "in_education")} == {
        pesel(1): (True, False),
        pesel(2): (False, True),
        pesel(3): (False, False),
    }


def test_bad_answers_are_row_errors_and_nothing_is_written(coordinator):
    project = project_of(coordinator.institution)
    data = xlsx_file(
        [
            row(c5=pesel(1), c24=WORKING, c25=None, c34="Może"),
            row(c5=pesel(2), c35="1"),
            row(c5=pesel(3), c34="Tak"),  # registered unemployed
            row(c5=pesel(4), c24=INACTIVE, c25=None, c34="Tak", c35="Tak"),
        ]
    )
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.xlsx")
    problems = dict(report.problems)
    assert problems[2] == [f"{SELF_EMPLOYED}: „Może” nie jest dozwoloną wartością (dozwolone: Tak, Nie)"]
    assert problems[3] == [f"{IN_EDUCATION}: „1” nie jest dozwoloną wartością (dozwolone: Tak, Nie)"]
    only_working = f"{SELF_EMPLOYED}: wartość Tak jest dozwolona tylko przy statusie „Osoba pracująca”"
    assert problems[4] == [only_working]
    assert problems[5] == [only_working]
    assert (report.created, report.rejected) == (0, 4)
    assert not Participant.objects.exists()


def test_an_update_sets_and_clears_the_answers(coordinator):
    project = project_of(coordinator.institution)
    person = ParticipantFactory(
        institution=coordinator.institution,
        pesel=pesel(1),
        first_name="Anna",
        last_name="Nowak",
        labour_status="employed",
        self_employed=True,
        in_education=False,
    )
    data = xlsx_file([row(c5=pesel(1), c24=WORKING, c25=None, c34="Nie", c35="Tak")])
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.xlsx")
    assert (report.updated, report.rejected) == (1, 0)
    person.refresh_from_db()
    assert (person.self_employed, person.in_education, person.version) == (False, True, 2)


def older_layout(**values) -> tuple[list, list[str]]:
    """A row of the 33-column layout (no columns 34 and 35)."""
    return row(**values)[:-2], HEADERS[:-2]


def test_a_file_without_the_columns_keeps_the_answers_of_a_known_person(coordinator):
    project = project_of(coordinator.institution)
    person = ParticipantFactory(
        institution=coordinator.institution,
        pesel=pesel(1),
        first_name="Anna",
        last_name="Nowak",
        labour_status="employed",
        self_employed=True,
        in_education=True,
    )
    cells, headers = older_layout(c5=pesel(1), c24=WORKING, c25=None)
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file([cells], headers), filename="a.xlsx"
    )
    assert (report.read, report.rejected, report.problems) == (1, 0, [])
    person.refresh_from_db()
    assert (person.self_employed, person.in_education) == (True, True)


def test_a_file_without_the_columns_that_says_not_working_ends_self_employment(coordinator):
    project = project_of(coordinator.institution)
    person = ParticipantFactory(
        institution=coordinator.institution,
        pesel=pesel(1),
        first_name="Anna",
        last_name="Nowak",
        labour_status="employed",
        self_employed=True,
        in_education=True,
    )
    cells, headers = older_layout(c5=pesel(1), c24=INACTIVE, c25=None)
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file([cells], headers), filename="a.xlsx"
    )
    assert (report.updated, report.rejected) == (1, 0)
    person.refresh_from_db()
    assert (person.labour_status, person.self_employed, person.in_education) == ("inactive", False, True)
