"""Dashboards: hand-drawn SVG charts in Polish, an empty state, the latest year with data first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.reports import dashboard
from integra.reports.tests.summary_world import build_summary_world

pytestmark = pytest.mark.django_db


def test_project_dashboard_draws_svg_with_polish_months_and_numbers(coordinator):
    world = build_summary_world(coordinator.institution)
    page = coordinator.client.get(reverse("reports:project-dashboard", args=[world.project.pk])).content.decode()
    over_time = page.split('id="chart-over_time"', 1)[1].split("</section>", 1)[0]
    assert 'role="img"' in over_time and "<title" in over_time
    assert ">01.2014<" in over_time and "2014-01" not in page
    attendance = page.split('id="chart-attendance"', 1)[1].split("</section>", 1)[0]
    assert ">66,67 %<" in attendance and ">66,67<" in attendance  # the bar's label and the table cell
    assert not re.search(r">\d+\.\d{2}\b", attendance)
    assert "style=" not in page.split("<main", 1)[1]  # the content security policy forbids inline styles


def test_a_chart_without_data_says_so(coordinator):
    project = ProjectFactory(institution=coordinator.institution, code="PUSTY-1")
    page = coordinator.client.get(reverse("reports:project-dashboard", args=[project.pk])).content.decode()
    outcomes = page.split('id="chart-outcomes"', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in outcomes and "Nie zapisano jeszcze żadnego rezultatu" in outcomes


def test_an_empty_chart_of_a_project_with_participants_says_what_is_missing(coordinator):
    """The demo's project of 219 participants read „Brak danych: wykres wypełni się, gdy zostaną zapisani
    uczestnicy…” above its eligibility groups: its people have none recorded, and that is what the chart says."""
    project = ProjectFactory(institution=coordinator.institution, code="BEZ-GRUP")
    ParticipationFactory(project=project, start_on=project.start_on)
    page = coordinator.client.get(reverse("reports:project-dashboard", args=[project.pk])).content.decode()
    groups = page.split('id="chart-groups"', 1)[1].split("</section>", 1)[0]
    assert "<svg" not in groups
    assert "Żaden uczestnik nie ma tu zapisanej grupy uprawnionej" in groups and "gdy zostaną zapisani" not in groups
    over_time = page.split('id="chart-over_time"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in over_time


def test_centre_dashboard_opens_on_the_latest_year_with_data(coordinator):
    project = ProjectFactory(
        institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    ParticipationFactory(project=project, start_on=dt.date(2011, 3, 1))
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False):
        response = coordinator.client.get(reverse("reports:centre-dashboard"))
    assert response.context["form"]["year"].value() == 2011
    assert "<svg" in response.content.decode()


def test_centre_without_participants_says_what_to_do(coordinator):
    page = coordinator.client.get(reverse("reports:centre-dashboard")).content.decode()
    assert "Ośrodek nie ma jeszcze uczestników" in page


def test_every_chart_is_svg_named_and_described(coordinator):
    world = build_summary_world(coordinator.institution)
    for chart in dashboard.project_dashboard(world.project):
        svg = dashboard.render_svg(chart)
        assert svg.startswith("<svg") and 'role="img"' in svg
        title = re.search(r'aria-labelledby="([^"]+)" aria-describedby="([^"]+)"', svg)
        assert title and f'<title id="{title[1]}">{chart.title}</title>' in svg
        assert f'<desc id="{title[2]}">Te same liczby są w tabeli danych wykresu.</desc>' in svg


def _attendance_by_month_in_one_query(marks) -> list[tuple]:
    """The attendance chart as one grouped query over the marks joined to their sessions (how it was computed
    before the per-session count): the reference the dashboards must still agree with."""
    from decimal import Decimal

    from django.db.models import Count, Q
    from django.db.models.functions import TruncMonth

    rows = (
        marks.annotate(m=TruncMonth("session__date"))
        .values("m")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status="present")))
        .order_by("m")
    )
    return [
        (
            r["m"].strftime("%m.%Y"),
            r["present"],
            r["total"],
            (Decimal(100 * r["present"]) / r["total"]).quantize(Decimal("0.01")),
        )
        for r in rows
    ]


def test_attendance_chart_counts_every_mark_of_the_project_and_of_the_year_once(coordinator, centre_b):
    from integra.people.tests.factories import ParticipantFactory
    from integra.support.models import Activity, Attendance, Instrument, Session

    instrument = Instrument.objects.get(institution=None, code="educational-workshops")

    def activity(centre, project):
        return Activity.objects.create(
            institution=centre,
            project=project,
            instrument=instrument,
            title="Warsztaty",
            kind="group_workshop",
            provider_name="Firma",
            start_on=dt.date(2013, 12, 1),
            end_on=dt.date(2015, 1, 31),
        )

    centre = coordinator.institution
    project = ProjectFactory(institution=centre, start_on=dt.date(2013, 12, 1), end_on=dt.date(2015, 1, 31))
    other_project = ProjectFactory(institution=centre, start_on=dt.date(2013, 12, 1), end_on=dt.date(2015, 1, 31))
    foreign_project = ProjectFactory(institution=centre_b, start_on=dt.date(2013, 12, 1), end_on=dt.date(2015, 1, 31))
    people = [ParticipantFactory(institution=centre) for _ in range(5)]
    foreigners = [ParticipantFactory(institution=centre_b) for _ in range(3)]
    statuses = ("present", "absent", "excused", "present", "present")
    # Two activities of the project, one of another project of the centre, one of another centre; sessions on the
    # first and last day of months, across the turn of the year, some without marks.
    for index, (centre_of, project_of, whom) in enumerate(
        (
            (centre, project, people),
            (centre, project, people[:3]),
            (centre, other_project, people[1:]),
            (centre_b, foreign_project, foreigners),
        )
    ):
        act = activity(centre_of, project_of)
        for day in (
            dt.date(2013, 12, 31),
            dt.date(2014, 1, 1),
            dt.date(2014, 1, 31),
            dt.date(2014, 6, 15),
            dt.date(2014, 12, 31),
            dt.date(2015, 1, 1),
        ):
            session = Session.objects.create(
                institution=centre_of, activity=act, date=day, start_time=dt.time(10, 0), duration_minutes=60
            )
            for offset, person in enumerate(whom[: (day.day + index) % (len(whom) + 1)]):
                Attendance.objects.create(
                    institution=centre_of,
                    session=session,
                    participant=person,
                    status=statuses[(offset + day.month + index) % len(statuses)],
                )
        Session.objects.create(
            institution=centre_of, activity=act, date=dt.date(2014, 3, 3), start_time=dt.time(9, 0), duration_minutes=60
        )  # no marks: no month of its own

    project_chart = {c.key: c for c in dashboard.project_dashboard(project)}["attendance"].rows
    expected = _attendance_by_month_in_one_query(
        Attendance.objects.filter(institution_id=centre.pk, session__activity__project=project)
    )
    assert project_chart == expected
    assert sum(row[2] for row in project_chart) == Attendance.objects.filter(session__activity__project=project).count()
    assert len(project_chart) >= 4 and any(row[1] != row[2] for row in project_chart)

    year_chart = {c.key: c for c in dashboard.centre_dashboard(centre.pk, 2014)}["attendance"].rows
    expected = _attendance_by_month_in_one_query(
        Attendance.objects.filter(institution_id=centre.pk, session__date__year=2014)
    )
    assert year_chart == expected
    assert [row[0] for row in year_chart] == sorted({row[0] for row in year_chart}, key=lambda m: m[3:] + m[:2])
    assert all(row[0].endswith(".2014") for row in year_chart)
