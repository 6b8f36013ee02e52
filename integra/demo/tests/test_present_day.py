"""The present-day story: a running FE 2021–2027 project at two centres, dated from the day it is loaded.

The base data at a small scale plus the present-day story only (no article stories) is loaded once,
with the clock set to a Wednesday; the tests check what each work list and the EU indicators will
find on a fresh `make demo`.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from integra.casework.models import IndividualPlan, LocalActivityProgramme, SocialContract
from integra.core.models import AccessLogEntry
from integra.demo import stories
from integra.demo.generator import generate
from integra.demo.stories import present_day
from integra.finance.queries import current_version
from integra.outcomes.models import FollowUp
from integra.outcomes.services import add_months
from integra.people.models import Consent
from integra.projects.models import Participation, Project
from integra.recruitment.models import Application
from integra.support.models import Session

TODAY = dt.date(2026, 11, 25)  # a Wednesday
WEEK = (TODAY - dt.timedelta(days=TODAY.weekday()), TODAY + dt.timedelta(days=6 - TODAY.weekday()))


@pytest.fixture(scope="module")
def present(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(dt.datetime(2026, 11, 25, 8, 0), tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            stories.register(articles=False)
            try:
                ctx = generate(password="demo-haslo-2026", seed=2026, scale=0.05)
            finally:
                stories.unregister()
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def projects(present, db):
    return {
        p.institution.slug: p
        for p in Project.objects.filter(programme_period="2021-2027").select_related("institution")
    }


def test_two_centres_run_a_current_esf_plus_project_started_six_months_ago(projects):
    assert set(projects) == {"lezajsk", "skarzysko"}
    for slug, project in projects.items():
        spec = next(s for s in present_day.PROJECTS if s.slug == slug)
        assert project.code == spec.code and project.programme.startswith(("FEPK", "FESW"))
        assert project.status == "running" and project.start_on <= TODAY <= project.end_on
        assert 175 <= (TODAY - project.start_on).days <= 190
        assert Participation.objects.filter(project=project).count() == present_day.PARTICIPANTS


def test_sessions_this_week_and_next_with_recent_attendance_unmarked(projects):
    for project in projects.values():
        sessions = Session.objects.filter(activity__project=project)
        assert sessions.filter(date=TODAY).exists()
        assert sessions.filter(date__range=WEEK).count() >= 3
        assert (
            sessions.filter(date__range=(WEEK[1] + dt.timedelta(days=1), WEEK[1] + dt.timedelta(days=7))).count() >= 3
        )
        past = sessions.filter(date__lt=TODAY)
        unmarked = past.filter(attendances__isnull=True)
        assert 1 <= unmarked.count() <= 4
        assert unmarked.filter(date__gte=TODAY - dt.timedelta(days=7)).exists()
        assert past.filter(attendances__isnull=False).distinct().count() > 30


def test_checks_after_exit_fall_due_this_week(projects):
    for project in projects.values():
        exits = Participation.objects.filter(project=project, exit__isnull=False)
        four_weeks = [TODAY - dt.timedelta(days=d) for d in range(25, 32)]
        assert exits.filter(exit__exit_on__in=four_weeks).count() == 3
        due = FollowUp.objects.filter(participation__project=project, done_on=None)
        assert (
            due.filter(kind="3m", due_on__range=(TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=4))).count()
            == 3
        )
        assert due.filter(kind="3m", due_on__lt=TODAY).exists()  # one is overdue
        assert due.filter(kind="6m", due_on__range=WEEK).count() == 1
        assert (
            FollowUp.objects.filter(participation__project=project, done_on__isnull=False, employed=True).count() == 3
        )


def test_contracts_plans_and_a_pal_due_within_fourteen_days(projects):
    fortnight = (TODAY, TODAY + dt.timedelta(days=14))
    for project in projects.values():
        contracts = SocialContract.objects.filter(project=project, status="active")
        assert contracts.filter(end_on__range=fortnight).count() == 4
        assert IndividualPlan.objects.filter(project=project, next_review_on__range=fortnight).count() == 3
        assert LocalActivityProgramme.objects.filter(project=project, end_on__range=fortnight).count() == 1


def test_a_second_call_has_applications_awaiting_a_decision(projects):
    for project in projects.values():
        waiting = Application.objects.filter(call__project=project, call__closes_on__gte=TODAY, decisions__isnull=True)
        assert waiting.count() == present_day.LATE_APPLICANTS
        assert {a.status for a in waiting} == {Application.Status.PENDING}


def test_money_and_data_protection_have_something_to_show(projects):
    for project in projects.values():
        lines = {line.number: line for line in current_version(project).lines.all()}
        spent = sum(e.amount for e in lines["3.1"].expenses.all())
        assert spent / lines["3.1"].planned_eu >= 0.9
        centre = project.institution
        assert Consent.objects.filter(institution=centre, withdrawn_on__gte=TODAY - dt.timedelta(days=7)).count() >= 2
        ending = Consent.objects.filter(institution=centre, withdrawn_on__isnull=True, valid_until__isnull=False)
        assert sorted((c.valid_until - TODAY).days for c in ending) == list(present_day.CONSENT_ENDS_IN_DAYS)
        views = AccessLogEntry.objects.filter(institution=centre, kind="view", at__date=TODAY)
        assert views.values("user").distinct().count() == 1 and views.count() == present_day.UNUSUAL_VIEWS


def test_eu_indicators_of_the_present_day_project_have_data(projects):
    out = io.StringIO()
    call_command("report", "indicators", "--project", projects["lezajsk"].code, "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    values = {row["code"]: row for row in report["indicators"]}
    assert values["EECO11"]["total"] == present_day.PARTICIPANTS
    assert values["EECR04"]["total"] >= 1  # employed upon leaving


def test_project_start_is_the_monday_about_six_months_back():
    for today in (dt.date(2026, 11, 25), dt.date(2027, 3, 31), dt.date(2026, 8, 31)):
        start = present_day.project_start(today)
        assert start.weekday() == 0
        assert add_months(today, -6) - dt.timedelta(days=6) <= start <= add_months(today, -6)
