"""Dashboards: hand-drawn SVG charts in Polish, an empty state, the latest year with data first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from integra.core.testing.factories import ParticipationFactory, ProjectFactory
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
    assert "<svg" not in outcomes and "Brak danych" in outcomes


def test_centre_dashboard_opens_on_the_latest_year_with_data(coordinator):
    project = ProjectFactory(institution=coordinator.institution, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    ParticipationFactory(project=project, start_on=dt.date(2011, 3, 1))
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), tick=False):
        response = coordinator.client.get(reverse("reports:centre-dashboard"))
    assert response.context["form"]["year"].value() == 2011
    assert "<svg" in response.content.decode()


def test_centre_without_participants_says_what_to_do(coordinator):
    page = coordinator.client.get(reverse("reports:centre-dashboard")).content.decode()
    assert "Ośrodek nie ma jeszcze uczestników" in page


def test_svg_rendering_needs_no_plotting_library(coordinator, monkeypatch):
    world = build_summary_world(coordinator.institution)
    monkeypatch.setattr(dashboard, "render_png", None)  # the screen path must never reach matplotlib
    charts = dashboard.project_dashboard(world.project)
    assert all(dashboard.render_svg(c).startswith("<svg") for c in charts)
