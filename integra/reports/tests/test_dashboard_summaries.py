"""The dashboards read trigger-kept summaries (integra.projects.counts) and show what a read of the raw rows
showed: the same figures on a generated region after exits, re-entries, a moved project end and people of
another centre; and a fixed number of queries however large the project or the centre (issue 26)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Max, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.institutions.models import Institution
from integra.people.models import Answer, EligibilityGroup, LabourStatus, Participant, ParticipantGroup, Sex
from integra.projects.models import Participation, Project
from integra.projects.tests.factories import ParticipationFactory
from integra.reports import dashboard
from integra.reports.queries import latest_year_with_data, project_head
from integra.reports.tests.summary_world import build_summary_world

pytestmark = pytest.mark.django_db


def _raw_over_time(parts, start: dt.date, end: dt.date) -> list[tuple]:
    """Entries, exits and people taking part per month, counted from the participations (the former read)."""
    rows, active = [], parts.filter(start_on__lt=start).count() - parts.filter(end_on__lt=start).count()
    for month in dashboard._months(start, end):
        m, y = int(month[:2]), int(month[3:])
        entries = parts.filter(start_on__year=y, start_on__month=m).count()
        exits = parts.filter(end_on__year=y, end_on__month=m).count()
        active += entries
        rows.append((month, entries, exits, active))
        active -= exits
    return rows


def _raw_people(institution_id: int, parts) -> tuple[list[tuple], list[tuple]]:
    people = parts.values("participant")
    groups = ParticipantGroup.objects.filter(institution_id=institution_id, participant__in=people)
    labour = Participant.objects.filter(institution_id=institution_id, pk__in=people)
    return (
        [(str(label), groups.filter(group=code).count()) for code, label in EligibilityGroup.choices],
        [(str(label), labour.filter(labour_status=code).count()) for code, label in LabourStatus.choices],
    )


def _charts(charts) -> dict[str, list[tuple]]:
    return {chart.key: chart.rows for chart in charts}


@pytest.fixture
def region(db):
    """A generated region of two centres, then written the ways the summaries must follow."""
    call_command("bench-data", "--centres", "2", "--participants", "80", "--seed", "5", "--quiet", stdout=io.StringIO())
    parts = list(Participation.objects.order_by("pk"))
    for part in parts[::5]:  # exits, some of them after their project ended
        Participation.objects.filter(pk=part.pk).update(end_on=part.start_on + dt.timedelta(days=200))
    for part in parts[1::7]:
        Participation.objects.filter(pk=part.pk).update(end_on=None)
    for centre in Institution.objects.filter(pk__in=Project.objects.values("institution_id")):
        projects = list(Project.objects.filter(institution=centre).order_by("pk"))
        people = list(Participant.objects.filter(institution=centre).order_by("pk")[:6])
        other = Project.objects.exclude(institution=centre).first()
        if len(projects) > 1:  # the same people in two projects of their centre: counted once in its year
            for person in people[:3]:
                if not Participation.objects.filter(project=projects[-1], participant=person).exists():
                    Participation.objects.create(
                        institution=centre, project=projects[-1], participant=person, start_on=projects[-1].start_on
                    )
        for person in people[3:5]:  # people of this centre in another centre's project
            Participation.objects.get_or_create(
                project=other,
                participant=person,
                defaults={"institution": other.institution, "start_on": other.start_on},
            )
        for person in people[::2]:
            ParticipantGroup.objects.get_or_create(institution=centre, participant=person, group="homeless")
        Participant.objects.filter(pk__in=[p.pk for p in people[1::2]]).update(sex=Sex.FEMALE, disability=Answer.YES)
        Project.objects.filter(pk=projects[0].pk).update(end_on=projects[0].end_on - dt.timedelta(days=400))


def test_every_project_dashboard_shows_the_figures_of_the_raw_rows(region):
    for project in Project.objects.all():
        parts = Participation.objects.filter(institution_id=project.institution_id, project=project)
        charts = _charts(dashboard.project_dashboard(project))
        assert charts["over_time"] == _raw_over_time(parts, project.start_on, project.end_on), project.code
        assert (charts["groups"], charts["labour_status"]) == _raw_people(project.institution_id, parts)
        head = project_head(project)
        achieved = {label: got for label, _target, got in charts["targets"]}
        shown = {
            "participants": "total",
            "women": "women",
            "people with disabilities": "disabled",
            "families": "families",
        }
        for label, key in shown.items():
            if label in achieved:
                assert achieved[label] == head[key], (project.code, label)


def test_every_centre_dashboard_of_every_year_shows_the_figures_of_the_raw_rows(region):
    years = range(2020, 2029)
    for centre in Institution.objects.filter(pk__in=Project.objects.values("institution_id")):
        for year in years:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            parts = Participation.objects.running_between(start, end).filter(institution_id=centre.pk)
            charts = _charts(dashboard.centre_dashboard(centre.pk, year))
            assert charts["over_time"] == _raw_over_time(parts, start, end), (centre.pk, year)
            assert (charts["groups"], charts["labour_status"]) == _raw_people(centre.pk, parts), (centre.pk, year)
            head = parts.filter(participant__institution_id=centre.pk).aggregate(
                people=Count("participant", distinct=True),
                women=Count("participant", distinct=True, filter=Q(participant__sex=Sex.FEMALE)),
                disabled=Count("participant", distinct=True, filter=Q(participant__disability=Answer.YES)),
            )
            assert [got for _label, _target, got in charts["targets"]] == [
                head["people"],
                head["women"],
                head["disabled"],
            ], (centre.pk, year)


def test_the_centre_dashboard_opens_on_the_year_the_raw_rows_name(region):
    """The latest year (not after this one) with a participant's entry or exit, as the former read found it."""
    for this_year in (2021, 2022, 2023, 2026):
        with time_machine.travel(dt.datetime(this_year, 6, 1, 12, tzinfo=dt.UTC), tick=False):
            for centre in Institution.objects.filter(pk__in=Project.objects.values("institution_id")):
                latest = Participation.objects.filter(
                    institution_id=centre.pk, start_on__year__lte=this_year
                ).aggregate(start=Max("start_on"), end=Max("end_on"))
                days = [day for day in (latest["start"], latest["end"]) if day is not None]
                expected = min(max(days).year, this_year) if days else None
                assert latest_year_with_data(centre.pk) == expected, (centre.pk, this_year)


def test_the_dashboards_take_a_fixed_number_of_queries(region, django_assert_num_queries):
    project = Project.objects.annotate(n=Count("participations")).order_by("-n").first()
    project.target_jobs = 3
    with django_assert_num_queries(6):  # people's figures, families, entries and exits, attendance, outcomes, jobs
        dashboard.project_dashboard(project)
    with django_assert_num_queries(4):  # entries and exits, people's figures, attendance, outcomes
        dashboard.centre_dashboard(project.institution_id, project.start_on.year)


def test_the_dashboard_screens_take_as_many_queries_for_a_larger_centre(coordinator):
    """The whole request, session and sign-in included: more people, exits and groups add no query."""
    world = build_summary_world(coordinator.institution)
    urls = [
        reverse("reports:project-dashboard", args=[world.project.pk]),
        reverse("reports:centre-dashboard") + f"?year={world.project.start_on.year}",
    ]

    def queries() -> list[int]:
        counted = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert coordinator.client.get(url).status_code == 200
            counted.append(len(ctx.captured_queries))
        return counted

    queries()  # the first request of a session writes it and fills caches
    before = queries()
    for day in range(1, 6):
        part = ParticipationFactory(project=world.project, start_on=world.project.start_on + dt.timedelta(days=day))
        Participation.objects.filter(pk=part.pk).update(end_on=part.start_on + dt.timedelta(days=30))
        ParticipantGroup.objects.create(
            institution=coordinator.institution, participant=part.participant, group="homeless"
        )
    assert queries() == before == PINNED_SCREEN_QUERIES


# The project dashboard and the centre dashboard requests (snapshot: change it with the screens, knowingly).
PINNED_SCREEN_QUERIES = [11, 9]
