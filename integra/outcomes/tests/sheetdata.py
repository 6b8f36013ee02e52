"""Shared fixtures for participant-sheet tests: a project with varied, realistic participants."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from integra.core.pesel import generate
from integra.outcomes.models import ExitReason, ResultKind
from integra.outcomes.sheet import COLUMNS
from integra.outcomes.tests.factories import ExitFactory, ResultFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

HEADERS = [c.header for c in COLUMNS]


def build_project(institution, code="LEZ-CNA-2011"):
    """Five participants: Polish letters in names, a foreigner without PESEL, exits with and without results."""
    project = ProjectFactory(
        institution=institution, code=code, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    people = [
        {
            "first_name": "Łucja",
            "last_name": "Łęcka",
            "sex": "F",
            "birth_date": dt.date(1990, 5, 17),
            "phone": "+48600100200",
            "email": "lucja@example.pl",
            "degurba": 3,
            "disability": "refused",
            "long_term_unemployed": True,
        },
        {
            "first_name": "Adam",
            "last_name": "Lis",
            "sex": "M",
            "birth_date": dt.date(1956, 2, 29),
            "street": "=SUMA(A1)",
            "labour_status": "inactive",
            "education": "isced1",
        },
        {
            "first_name": "Ewa",
            "last_name": "Śliwa",
            "sex": "F",
            "birth_date": dt.date(2005, 1, 2),
            "education": "isced2",
            "labour_status": "employed",
            "self_employed": True,
            "third_country_national": True,
            "minority": "yes",
        },
        {
            "first_name": "Olena",
            "last_name": "Szewczenko",
            "sex": "F",
            "birth_date": dt.date(1988, 8, 8),
            "pesel": None,
            "no_pesel": True,
            "country": "Ukraina",
            "foreign_background": "yes",
            "homeless": "yes",
            "in_education": True,
        },
        {
            "first_name": "Zenon",
            "last_name": "Lis",
            "sex": "M",
            "birth_date": dt.date(1970, 12, 1),
            "other_disadvantage": "refused",
            "building_no": "12",
            "flat_no": "3a",
            "street": "Mickiewicza",
            "degurba": 1,
            "labour_status": "unregistered_unemployed",
        },
    ]
    parts = []
    for i, data in enumerate(people):
        if "pesel" not in data:
            data["pesel"] = generate(data["birth_date"], data["sex"], 100 + i)
        person = ParticipantFactory(institution=institution, **data)
        parts.append(ParticipationFactory(project=project, participant=person, start_on=dt.date(2011, 2, 1 + i)))
    # Łęcka: completed, job 5 days after exit → "Osoba pracująca", "Tak".
    _end(parts[0], dt.date(2011, 10, 31), ExitReason.COMPLETED)
    ResultFactory(participation=parts[0], kind=ResultKind.JOB_SEARCHING, achieved_on=dt.date(2011, 11, 1))
    ResultFactory(participation=parts[0], kind=ResultKind.EMPLOYMENT_CONTRACT, achieved_on=dt.date(2011, 11, 5))
    # Adam Lis: dropped out, a job 40 days later does not count.
    _end(parts[1], dt.date(2011, 6, 30), ExitReason.DROPPED_OUT)
    ResultFactory(participation=parts[1], kind=ResultKind.EMPLOYMENT_CONTRACT, achieved_on=dt.date(2011, 8, 9))
    # Szewczenko: completed with a qualification on the exit day.
    _end(parts[3], dt.date(2011, 12, 15), ExitReason.COMPLETED)
    ResultFactory(participation=parts[3], kind=ResultKind.QUALIFICATION, achieved_on=dt.date(2011, 12, 15))
    return project, parts


def _end(part, day, reason):
    part.end_on = day
    part.status = "completed" if reason == ExitReason.COMPLETED else "left"
    part.save()
    ExitFactory(participation=part, exit_on=day, reason=reason)


def xlsx_values(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def xlsx_file(rows: list[list], headers=None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(headers or HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list], headers=None, delimiter=";", bom=True) -> bytes:
    lines = [delimiter.join(headers or HEADERS)] + [
        delimiter.join("" if v is None else str(v) for v in row) for row in rows
    ]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def row(**values) -> list:
    """A valid sheet row (a woman born 14.03.1985, registered unemployed), with values overridden by header number."""
    base = {
        1: "Polska",
        2: "Indywidualny",
        3: "Anna",
        4: "Nowak",
        5: generate(dt.date(1985, 3, 14), "F", 7),
        6: "Nie",
        7: "Kobieta",
        8: "14.03.1985",
        10: "ISCED 3",
        11: "podkarpackie",
        12: "leżajski",
        13: "Leżajsk",
        14: "Leżajsk",
        18: "37-300",
        22: "01.03.2011",
        24: "Osoba bezrobotna zarejestrowana w ewidencji urzędów pracy",
        25: "Nie",
        26: "Nie",
    }
    for key, value in values.items():
        base[int(key.lstrip("c"))] = value
    return [base.get(c.number) for c in COLUMNS]
