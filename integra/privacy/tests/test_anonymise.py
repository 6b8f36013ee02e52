"""Anonymisation after retention: identifiers and free text go, indicators and reports stay the same."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from integra.casework.models import CaseNote
from integra.core.history import record
from integra.core.models import HistoryEntry
from integra.institutions.tests.factories import ClubFactory
from integra.outcomes.tests.factories import ExitFactory, ResultFactory
from integra.people.models import Consent, HouseholdMember, Participant, ParticipantGroup
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory
from integra.privacy import services
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db
SURNAMES = ("Kwiatkowska", "Przybylski", "Dąbrowska")


@pytest.fixture
def old_project(social_worker):
    centre = social_worker.institution
    club = ClubFactory(institution=centre, code="KIS-LEZ")
    project = ProjectFactory(
        institution=centre, code="POKL-2011", club=club, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    household = HouseholdFactory(
        institution=centre, name="Rodzina Kwiatkowskich", street="Mickiewicza 3", notes="trudna sytuacja"
    )
    HouseholdMember.objects.create(
        institution=centre,
        household=household,
        first_name="Staś",
        last_name="Kwiatkowski",
        birth_date=dt.date(2008, 5, 1),
        relation="child",
    )
    people = []
    for n, (surname, sex) in enumerate(zip(SURNAMES, ("F", "M", "F"), strict=True)):
        person = ParticipantFactory(
            institution=centre,
            first_name="Osoba",
            last_name=surname,
            sex=sex,
            birth_date=dt.date(1970 + n * 10, 4, 2),
            phone=f"60010020{n}",
            email=f"osoba{n}@example.org",
            street="Polna",
            building_no=str(n + 1),
            disability="yes" if n == 1 else "no",
            homeless="refused" if n == 2 else "no",
            degurba=2,
            household=household if n == 0 else None,
            labour_status="registered_unemployed" if n else "inactive",
        )
        ParticipantGroup.objects.create(institution=centre, participant=person, group="long_term_unemployed")
        Consent.objects.create(
            institution=centre, participant=person, purpose="processing", given_on=dt.date(2011, 1, 5)
        )
        participation = ParticipationFactory(project=project, participant=person, start_on=dt.date(2011, 2, 1))
        ExitFactory(participation=participation, institution=centre, exit_on=dt.date(2011, 11, 30))
        if n != 2:
            ResultFactory(
                participation=participation,
                institution=centre,
                achieved_on=dt.date(2011, 12, 10),
                evidence=f"umowa z firmą {surname}",
            )
        CaseNote.objects.create(
            institution=centre,
            participant=person,
            author=social_worker.membership,
            specialty="social_worker",
            written_on=dt.date(2011, 3, 1),
            text=f"{surname} mówi o nałogu męża, PESEL {person.pesel}",
        )
        record(actor=social_worker.membership, obj=person, action=HistoryEntry.Action.CREATE)
        people.append(person)
    current = ProjectFactory(
        institution=centre, code="FEO-2025", start_on=dt.date(2025, 1, 1), end_on=dt.date(2027, 12, 31)
    )
    keeper = ParticipantFactory(institution=centre, last_name="Zostajewska")
    ParticipationFactory(project=current, participant=keeper)
    return project, people, keeper


def _report(*args) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


def _database_text() -> str:
    """Every row of every table as text: what a stolen dump would reveal."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # table names come from the database itself
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_dry_run_reports_and_changes_nothing(old_project, capsys):
    _project, people, keeper = old_project
    dump = _database_text()
    call_command("anonymise", "--before", "2017-01-01", "--dry-run")
    out = capsys.readouterr().out
    assert "would anonymise 3 people whose retention ended before 2017-01-01" in out
    assert f"#{people[0].pk} (kept until 2016-12-31)" in out and "casework.casenote: 1" in out
    assert f"#{keeper.pk}" not in out
    assert _database_text() == dump


def test_retention_follows_the_project_setting_then_the_default_rule(old_project):
    project, people, _ = old_project
    assert services.retention_end(people[0]) == dt.date(2016, 12, 31)  # 2011 + 5 years, 31 December
    project.retention_until = dt.date(2030, 6, 30)
    project.save()
    assert services.retention_end(people[0]) == dt.date(2030, 6, 30)
    assert services.due_for_anonymisation(dt.date(2026, 1, 1)) == []


def test_anonymisation_removes_identifiers_and_keeps_indicators_and_reports(old_project, capsys):
    project, people, keeper = old_project
    fingerprint = services.indicator_fingerprint()
    indicators = _report("indicators", "--project", project.code)
    annual = _report("club-annual", "--club", "KIS-LEZ", "--year", "2011")
    pesels = [p.pesel for p in people]

    call_command("anonymise", "--before", "2017-01-01")
    assert "anonymised 3 people" in capsys.readouterr().out

    assert services.indicator_fingerprint() == fingerprint
    assert _report("indicators", "--project", project.code) == indicators
    assert _report("club-annual", "--club", "KIS-LEZ", "--year", "2011") == annual
    dump = _database_text()
    for secret in (
        *pesels,
        *SURNAMES,
        "Kwiatkowsk",
        "Mickiewicza",
        "nałogu",
        "60010020",
        "example.org",
        "trudna sytuacja",
    ):
        assert secret not in dump, secret
    assert keeper.pesel in dump and "Zostajewska" in dump
    anna = Participant.objects.get(pk=people[0].pk)
    assert (anna.first_name, anna.last_name, anna.pesel, anna.no_pesel) == ("Anonimowy", "Anonimowy", None, True)
    assert (anna.sex, anna.birth_date, anna.gmina, anna.degurba, anna.labour_status) == (
        "F",
        dt.date(1970, 4, 2),
        "Leżajsk",
        2,
        "inactive",
    )
    assert anna.anonymised_at is not None and anna.street == "" and anna.postal_code == ""
    assert list(CaseNote.objects.filter(participant=anna).values_list("text", flat=True)) == [""]
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 3
    assert services.anonymise_due(dt.date(2017, 1, 1)) == []  # idempotent: nothing left to do
