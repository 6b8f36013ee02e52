"""Issue 19: every project of the demo reports its indicators in its own programming period's terms."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from integra.projects.models import Project

PASSWORD = "demo-haslo-2026"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo at a small scale (the five articles, the 2014–2020 project, the present day), loaded once."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo-data", password=PASSWORD, scale=0.05, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def report(*args: str) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


def test_every_demo_project_reports_in_its_period_and_counts_its_participants(demo, db):
    projects = list(Project.objects.select_related("institution").order_by("institution__slug", "code"))
    assert {p.programme_period for p in projects} == {"2007-2013", "2014-2020", "2021-2027"}
    for project in projects:
        args = ("--project", project.code, "--centre", project.institution.slug)
        data = report("indicators", *args)
        summary = report("project-summary", *args)
        assert data["programme_period"] == project.programme_period, project.code
        assert data["participants"] == summary["participants"]["total"] > 0, project.code


def test_the_2014_2020_project_has_exits_results_and_follow_ups(demo, db):
    data = report("indicators", "--project", "RPSW.09.01.00-26-0047/17")
    values = {r["code"]: r["total"] for r in data["indicators"]}
    assert data["participants"] == values["TOTAL"] == 24
    # Jobs within four weeks of the exit: 12 days, on the day (twice), 21 days, self-employment at 28 days;
    # the job 35 days after the exit is out.
    assert values["CR04"] == 5
    assert values["CR06"] > 0 and values["CR07"] > 0 and values["CO12"] > 0 and values["CO13"] > 0
    assert values["CO04"] == values["CO03"] - 2  # the two students are inactive but in education
