"""A person's way through a project by the API alone, and the project summary agreeing with the screens and
the command line."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.core.models import HistoryEntry
from integra.core.testing.factories import make_pesel
from integra.institutions.tests.factories import ClubFactory
from integra.projects.tests.factories import ProjectFactory
from integra.support.models import Attendance
from integra.support.tests.factories import ActivityFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


@time_machine.travel(dt.datetime(2012, 3, 1, 10, tzinfo=dt.UTC))
def test_participant_enrolled_attended_and_employed_through_the_api(coordinator):
    centre = coordinator.institution
    project = ProjectFactory(
        institution=centre, code="KIS-2011", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    activity = ActivityFactory(project=project, title="Warsztaty umiejętności społecznych")
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 15))
    api = TokenClient(token_for(centre, "coordinator", name="System MOPS"))

    person = _ok(
        api.json(
            "post",
            "/api/v1/participants/",
            {
                "first_name": "Halina",
                "last_name": "Kwiatkowska",
                "pesel": make_pesel(dt.date(1979, 8, 12), "F"),
                "labour_status": "registered_unemployed",
                "disability": "yes",
            },
        ),
        201,
    )
    participation = _ok(
        api.json(
            "post",
            "/api/v1/participations/",
            {"project": project.pk, "participant": person["id"], "start_on": "2011-03-01"},
        ),
        201,
    )
    _ok(
        api.json(
            "post",
            "/api/v1/enrolments/",
            {"activity": activity.pk, "participant": person["id"], "enrolled_on": "2011-03-01"},
        ),
        201,
    )
    read = _ok(api.get(f"/api/v1/sessions/{session.pk}/"))
    marked = _ok(
        api.json(
            "put",
            f"/api/v1/sessions/{session.pk}/attendance/",
            {"version": read["version"], "marks": [{"participant": person["id"], "status": "present"}]},
        )
    )
    assert marked["marks"] == [{"participant": person["id"], "status": "present"}]
    assert marked["version"] == read["version"] + 1
    _ok(
        api.json(
            "post",
            "/api/v1/results/",
            {
                "participation": participation["id"],
                "kind": "employment_contract",
                "achieved_on": "2011-11-14",
                "evidence": "umowa o pracę",
            },
        ),
        201,
    )
    _ok(
        api.json(
            "post",
            "/api/v1/exits/",
            {"participation": participation["id"], "exit_on": "2011-11-30", "reason": "completed"},
        ),
        201,
    )

    assert Attendance.objects.get(session=session).status == "present"
    assert HistoryEntry.objects.filter(actor__first_name="API: System MOPS").count() >= 5

    summary = _ok(api.get("/api/v1/reports/project-summary/?project=KIS-2011"))
    assert summary["participants"] == {"total": 1, "women": 1, "men": 0, "non_binary": 0}
    assert summary["people_with_disabilities"] == 1
    assert summary["jobs"]["total"] == 1 and summary["jobs"]["employment_contract"] == 1

    screen = coordinator.client.get(reverse("reports:project-summary", args=[project.pk]))
    assert screen.status_code == 200
    assert screen.context["data"] == summary
    cli = io.StringIO()
    call_command("report", "project-summary", "--project", "KIS-2011", stdout=cli)
    assert json.loads(cli.getvalue()) == summary


@time_machine.travel(dt.datetime(2012, 3, 1, 10, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("report", "query", "cli_args"),
    [
        ("effectiveness", "project=KIS-2011", ["--project", "KIS-2011"]),
        ("budget", "project=KIS-2011", ["--project", "KIS-2011"]),
        ("club-annual", "club=KIS-L&year=2011", ["--club", "KIS-L", "--year", "2011"]),
        ("centre-annual", "year=2011", ["--centre", "centre-a", "--year", "2011"]),
        ("opening-diagnosis", "date=2011-06-30", ["--centre", "centre-a", "--date", "2011-06-30"]),
        ("what-works", "project=KIS-2011", ["--project", "KIS-2011"]),
    ],
)
def test_report_json_is_the_cli_json(coordinator, report, query, cli_args):
    club = ClubFactory(institution=coordinator.institution, code="KIS-L")
    ProjectFactory(
        institution=coordinator.institution,
        code="KIS-2011",
        club=club,
        start_on=dt.date(2011, 1, 1),
        end_on=dt.date(2011, 12, 31),
    )
    api = TokenClient(token_for(coordinator.institution, "director"))
    response = api.get(f"/api/v1/reports/{report}/?{query}")
    cli = io.StringIO()
    call_command("report", report, *cli_args, stdout=cli)
    assert _ok(response) == json.loads(cli.getvalue())


def test_a_report_with_a_bad_parameter_is_refused_in_the_error_shape(coordinator):
    api = TokenClient(token_for(coordinator.institution, "director"))
    body = api.get("/api/v1/reports/club-annual/?club=X&year=dwa-tysiące").json()
    assert (body["code"], body["field"]) == ("invalid", "year")
    body = api.get("/api/v1/reports/what-works/?from=2011-12-31&to=2011-01-01").json()
    assert (body["code"], body["field"]) == ("period_reversed", "to")  # the API's words, not the CLI's `--from`
    assert "--" not in body["message"]["en"] + body["message"]["pl"]
    missing = api.get("/api/v1/reports/project-summary/?project=NIE-MA")
    assert missing.status_code == 404 and missing.json()["field"] == "project"
