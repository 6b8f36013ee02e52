"""The dashboards' counts of participations (`ProjectCount`) equal a recount after every kind of write: the
screens, the API, an import from the command line and as a job, a bulk exit, anonymisation, deletes, the bench
loader's COPY, a rolled-back write (issue 26).

The root conftest.py also compares them with a recount after every database test of the suite.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.pesel import generate
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job
from integra.outcomes.tests.sheetdata import csv_file, row, xlsx_file
from integra.people import services as people
from integra.people.models import Participant, ParticipantGroup
from integra.people.tests.factories import HouseholdFactory, ParticipantFactory, valid_data
from integra.people.tests.test_screens import form_post
from integra.projects import counts
from integra.projects.models import Participation, Project
from integra.projects.services import add_participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _counts(project) -> dict[tuple[str, str], int]:
    """{(figure, value): participations} of the project, after checking every count against a recount."""
    for tally in counts.TALLIES:
        assert tally.differences() == {}, tally.table
    return {(f, v): n for (_i, p, f, v), n in counts.PROJECT_COUNTS.stored().items() if p == project.pk}


def _project(persona, code="KIS-2011"):
    return ProjectFactory(
        institution=persona.institution, code=code, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


def test_participations_people_and_groups_written_through_the_services(coordinator):
    project, who = _project(coordinator), coordinator.membership
    anna = people.create_participant(
        actor=who, data=valid_data(labour_status="registered_unemployed"), groups=["homeless"]
    )
    assert _counts(project) == {}
    add_participation(actor=who, project=project, participant=anna, start_on=dt.date(2011, 3, 1))
    assert _counts(project) == {
        ("entry", "2011-03-01"): 1,
        ("open", "2011-03-01"): 1,
        ("sex", "F"): 1,
        ("disability", anna.disability): 1,
        ("labour", "registered_unemployed"): 1,
        ("group", "homeless"): 1,
    }
    people.update_participant(
        actor=who,
        participant=anna,
        data=valid_data(labour_status="employed", long_term_unemployed=False, disability="yes"),
        groups=["alcohol", "homeless"],
        version=1,
    )
    figures = _counts(project)
    assert figures[("labour", "employed")] == 1 and ("labour", "registered_unemployed") not in figures
    assert figures[("disability", "yes")] == 1 and figures[("group", "alcohol")] == 1


def test_the_exit_screen_and_the_person_screen(coordinator):
    project = _project(coordinator)
    part = ParticipationFactory(project=project, start_on=dt.date(2011, 2, 1))
    assert _counts(project)[("open", "2011-02-01")] == 1
    response = coordinator.client.post(
        reverse("outcomes:exit-record", args=[part.pk]), {"exit_on": "2011-06-30", "reason": "completed"}
    )
    assert response.status_code == 302
    figures = _counts(project)
    assert figures[("exit", "2011-06-30")] == 1 and ("open", "2011-02-01") not in figures

    person = people.create_participant(actor=coordinator.membership, data=valid_data())
    ParticipationFactory(project=project, participant=person, start_on=dt.date(2011, 2, 1))
    edit = reverse("people:participant-edit", args=[person.pk])
    response = coordinator.client.post(
        edit, form_post(labour_status="inactive", long_term_unemployed=False) | {"version": 1}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert _counts(project)[("labour", "inactive")] == 1


def test_the_api_writes_people_participations_and_exits(centre_a):
    project = ProjectFactory(institution=centre_a, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    api = TokenClient(token_for(centre_a, "coordinator", name="System MOPS"))
    person = api.json(
        "post",
        "/api/v1/participants/",
        {
            "first_name": "Halina",
            "last_name": "Kwiatkowska",
            "pesel": generate(dt.date(1979, 8, 12), "F", 3),
            "labour_status": "registered_unemployed",
        },
    ).json()
    part = api.json(
        "post",
        "/api/v1/participations/",
        {"project": project.pk, "participant": person["id"], "start_on": "2011-03-01"},
    )
    assert part.status_code == 201, part.content
    exit_ = api.json(
        "post", "/api/v1/exits/", {"participation": part.json()["id"], "exit_on": "2011-11-30", "reason": "completed"}
    )
    assert exit_.status_code == 201, exit_.content
    figures = _counts(project)
    assert figures[("entry", "2011-03-01")] == 1 and figures[("exit", "2011-11-30")] == 1
    assert figures[("labour", "registered_unemployed")] == 1 and ("open", "2011-03-01") not in figures


def test_an_import_from_the_command_line_and_again_with_changes(coordinator, tmp_path):
    project = _project(coordinator, code="IMP")
    sheet = tmp_path / "lista.csv"
    people_rows = [row(c3=f"Anna{i}", c5=generate(dt.date(1985, 3, 14), "F", 300 + i)) for i in range(4)]
    sheet.write_bytes(csv_file(people_rows))
    call_command("import", "participants", "--project", "IMP", str(sheet), stdout=io.StringIO())
    assert _counts(project)[("entry", "2011-03-01")] == 4
    people_rows[0][22] = "30.06.2011"  # the exit of one of them, read again
    sheet.write_bytes(csv_file(people_rows))
    call_command("import", "participants", "--project", "IMP", str(sheet), stdout=io.StringIO())
    figures = _counts(project)
    assert (figures[("exit", "2011-06-30")], figures[("open", "2011-03-01")]) == (1, 3)


@pytest.mark.jobs
def test_an_import_run_as_a_job(coordinator, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.INTEGRA_JOB_FILES_DIR = tmp_path / "jobs"
    settings.INTEGRA_JOB_IMPORT_BYTES = 100  # every test sheet is "large"
    project = _project(coordinator)
    data = xlsx_file([row(c3=f"Anna{i}", c5=generate(dt.date(1985, 3, 14), "F", 200 + i)) for i in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.client.post(
            reverse("outcomes:sheet-import", args=[project.pk]),
            {"file": SimpleUploadedFile("lista.xlsx", data), "job_key": "k1"},
        )
    assert _counts(project) == {}  # queued, nothing written yet
    assert run_job(Job.objects.get().pk) == JobStatus.DONE
    assert _counts(project)[("entry", "2011-03-01")] == 3


def test_a_bulk_exit_a_rolled_back_write_and_deletes(coordinator):
    project = _project(coordinator)
    parts = [ParticipationFactory(project=project, start_on=dt.date(2011, 2, 1)) for _ in range(3)]
    Participation.objects.filter(project=project).update(end_on=dt.date(2011, 5, 31), status="completed")
    assert _counts(project)[("exit", "2011-05-31")] == 3
    with transaction.atomic():
        Participation.objects.filter(pk=parts[0].pk).update(end_on=None)
        assert _counts(project)[("open", "2011-02-01")] == 1
        transaction.set_rollback(True)
    assert ("open", "2011-02-01") not in _counts(project)
    ParticipantGroup.objects.create(
        institution=coordinator.institution, participant=parts[1].participant, group="homeless"
    )
    assert _counts(project)[("group", "homeless")] == 1
    Participation.objects.filter(pk=parts[1].pk).delete()
    assert ("group", "homeless") not in _counts(project) and _counts(project)[("entry", "2011-02-01")] == 2
    Participation.objects.filter(project=project).delete()
    assert _counts(project) == {}


def test_anonymisation_and_a_household(coordinator):
    from integra.privacy.services import anonymise

    project = _project(coordinator)
    household = HouseholdFactory(institution=coordinator.institution)
    anna = ParticipantFactory(institution=coordinator.institution, household=household, labour_status="employed")
    ParticipationFactory(project=project, participant=anna, start_on=dt.date(2011, 2, 1))
    assert _counts(project)[("household", str(household.pk))] == 1
    anonymise(anna, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    anna.refresh_from_db()
    figures = _counts(project)
    assert sum(n for (f, _v), n in figures.items() if f == "sex") == 1
    assert figures.get(("household", str(household.pk))) == (1 if anna.household_id else None)


def test_the_bench_loader_writes_the_counts_with_its_copy(db):
    """`integra bench-data` loads participations in bulk (PostgreSQL: COPY with foreign-key triggers skipped)."""
    call_command("bench-data", "--centres", "2", "--participants", "60", "--seed", "3", "--quiet", stdout=io.StringIO())
    for tally in counts.TALLIES:
        assert tally.differences() == {}, tally.table
    entries = Counter()
    for (_i, _p, figure, _v), n in counts.PROJECT_COUNTS.stored().items():
        entries[figure] += n
    assert entries["entry"] == entries["sex"] == Participation.objects.count() > 0


def test_rebuild_summaries_finds_and_mends_counts_changed_behind_the_triggers(coordinator):
    project = _project(coordinator)
    ParticipationFactory(project=project, start_on=dt.date(2011, 2, 1))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects_projectcount SET count = 7 WHERE figure = 'sex'")
    with pytest.raises(CommandError, match="project counts for 1 figures"):
        call_command("rebuild-summaries", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild-summaries", stdout=out)
    assert "project counts rebuilt" in out.getvalue() and "(1 were wrong)" in out.getvalue()
    assert sum(n for (f, _v), n in _counts(project).items() if f == "sex") == 1


def test_a_person_of_another_centre_counts_in_no_labour_figure(coordinator, outsider):
    """The labour-market chart counts the centre's own people only, as the raw read did."""
    project = _project(coordinator)
    stranger = ParticipantFactory(institution=outsider.institution, labour_status="employed")
    ParticipationFactory(project=project, participant=stranger, start_on=dt.date(2011, 2, 1))
    figures = _counts(project)
    assert ("labour", "employed") not in figures and figures[("entry", "2011-02-01")] == 1
    Participant.objects.filter(pk=stranger.pk).update(institution=coordinator.institution)
    assert _counts(project)[("labour", "employed")] == 1


def _centre_year(centre, year) -> dict[tuple[str, str], int]:
    for tally in counts.TALLIES:
        assert tally.differences() == {}, tally.table
    return {(f, v): n for (i, y, f, v), n in counts.CENTRE_YEAR_COUNTS.stored().items() if (i, y) == (centre.pk, year)}


def test_a_centres_year_counts_a_person_once_and_follows_exits_and_project_ends(coordinator):
    one = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2012, 12, 31)
    )
    two = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    anna = ParticipantFactory(institution=coordinator.institution, sex="F", labour_status="employed")
    first = ParticipationFactory(project=one, participant=anna, start_on=dt.date(2011, 2, 1))
    ParticipationFactory(project=two, participant=anna, start_on=dt.date(2011, 3, 1))
    assert _centre_year(coordinator.institution, 2011) == {
        ("person", ""): 1,
        ("sex", "F"): 1,
        ("disability", anna.disability): 1,
        ("labour", "employed"): 1,
    }
    assert _centre_year(coordinator.institution, 2012)[("person", "")] == 1  # open: until its project's end
    Project.objects.filter(pk=one.pk).update(end_on=dt.date(2011, 12, 31))
    assert _centre_year(coordinator.institution, 2012) == {}
    Participation.objects.filter(pk=first.pk).update(end_on=dt.date(2013, 1, 31))  # an exit after the end
    assert _centre_year(coordinator.institution, 2013)[("person", "")] == 1
    ParticipantGroup.objects.create(institution=coordinator.institution, participant=anna, group="homeless")
    assert _centre_year(coordinator.institution, 2012)[("group", "homeless")] == 1
    Participation.objects.filter(participant=anna).delete()
    assert _centre_year(coordinator.institution, 2011) == {}
