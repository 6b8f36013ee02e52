"""Anonymisation after retention: identifiers and free text go, indicators and reports stay the same."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

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


# ---------------------------------------------------------------- the data protection officer's screen


def test_officer_sees_what_goes_and_anonymises_one_person_on_screen(old_project, dpo):
    _project, people, _keeper = old_project
    person = people[0]
    fingerprint = services.indicator_fingerprint()
    detail = dpo.client.get(reverse("privacy:subject", args=[person.pk])).content.decode()
    assert "Okres przechowywania danych tej osoby zakończył się" in detail and 'id="subject-anonymise"' in detail
    page = dpo.client.get(reverse("privacy:subject-anonymise", args=[person.pk])).content.decode()
    assert "31.12.2016" in page
    preview = page.split('id="anonymise-preview"')[1].split("</ul>")[0]
    assert "imię" in preview and "PESEL" in preview and "notatki" in preview.lower()

    refused = dpo.client.post(reverse("privacy:subject-anonymise", args=[person.pk]), {})
    assert refused.status_code == 400 and "Zaznacz pole" in refused.content.decode()
    assert Participant.objects.get(pk=person.pk).anonymised_at is None

    done = dpo.client.post(reverse("privacy:subject-anonymise", args=[person.pk]), {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("privacy:subject", args=[person.pk])
    after = Participant.objects.get(pk=person.pk)
    assert after.anonymised_at is not None and after.pesel is None and after.last_name == services.ANONYMOUS
    assert not CaseNote.objects.filter(participant=person, text__contains=SURNAMES[0]).exists()
    assert services.indicator_fingerprint() == fingerprint
    entry = HistoryEntry.objects.filter(object_id=person.pk, action=HistoryEntry.Action.STATUS).get()
    assert entry.actor == dpo.user and entry.comment == "Zanonimizowano po upływie okresu przechowywania (31.12.2016)."
    assert SURNAMES[0] not in str(entry.changes)
    # The others due stay as they were; the page now says there is nothing left to remove.
    assert Participant.objects.get(pk=people[1].pk).anonymised_at is None
    again = dpo.client.get(reverse("privacy:subject-anonymise", args=[person.pk])).content.decode()
    assert 'id="anonymise-done"' in again and 'id="main-form"' not in again
    twice = dpo.client.post(reverse("privacy:subject-anonymise", args=[person.pk]), {"confirm": "on"})
    assert twice.status_code == 400
    assert HistoryEntry.objects.filter(object_id=person.pk, action=HistoryEntry.Action.STATUS).count() == 1


def test_a_person_within_retention_is_refused_and_nothing_is_written(old_project, dpo):
    _project, _people, keeper = old_project
    assert 'id="subject-anonymise"' not in dpo.client.get(reverse("privacy:subject", args=[keeper.pk])).content.decode()
    dump = _database_text()  # the subject page logged the officer's view; the anonymisation screen writes nothing
    page = dpo.client.get(reverse("privacy:subject-anonymise", args=[keeper.pk])).content.decode()
    assert 'id="anonymise-not-due"' in page and 'id="main-form"' not in page
    refused = dpo.client.post(reverse("privacy:subject-anonymise", args=[keeper.pk]), {"confirm": "on"})
    assert refused.status_code == 400
    assert _database_text() == dump
    with pytest.raises(ValidationError) as error:
        services.anonymise_requested(actor=dpo.membership, participant_id=keeper.pk, today=dt.date(2026, 12, 7))
    assert error.value.code == "retention"


def test_only_the_officer_of_the_persons_centre_may_anonymise(old_project, dpo, coordinator, outsider):
    _project, people, _keeper = old_project
    url = reverse("privacy:subject-anonymise", args=[people[0].pk])
    assert coordinator.client.post(url, {"confirm": "on"}).status_code == 403
    outsider.membership.role = "dpo"
    outsider.membership.save()
    assert outsider.client.post(url, {"confirm": "on"}).status_code == 404
    assert Participant.objects.get(pk=people[0].pk).anonymised_at is None


def test_the_due_list_links_each_person_to_their_anonymisation(old_project, dpo):
    _project, people, keeper = old_project
    listing = dpo.client.get(reverse("today:anonymisation-due")).content.decode()
    for person in people:
        assert reverse("privacy:subject-anonymise", args=[person.pk]) in listing
    assert reverse("privacy:subject-anonymise", args=[keeper.pk]) not in listing
