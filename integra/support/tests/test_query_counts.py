"""List screens read a fixed number of queries however many rows they show (no query per row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory
from integra.support.tests.factories import ActivityFactory, AttendanceFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(coordinator):
    """An activity with 30 enrolled people and 5 sessions on 07.03.2011 with their attendance."""
    centre = coordinator.institution
    activity = ActivityFactory(project=ProjectFactory(institution=centre), title="Trening kompetencji")
    sessions = [
        SessionFactory(activity=activity, date=dt.date(2011, 3, 7), start_time=dt.time(8 + i, 0)) for i in range(5)
    ]
    for i in range(30):
        person = ParticipantFactory(institution=centre, last_name=f"Kowalska{i:02d}")
        EnrolmentFactory(activity=activity, participant=person)
        for session in sessions:
            AttendanceFactory(session=session, participant=person)
    return activity


def test_activity_list_of_thirty_activities(coordinator, django_assert_num_queries):
    project = ProjectFactory(institution=coordinator.institution)
    for i in range(30):
        ActivityFactory(project=project, title=f"Warsztat {i:02d}")
    with django_assert_num_queries(9):
        page = coordinator.client.get(reverse("support:activity-list")).content.decode()
    assert page.count("Warsztat ") == 25  # one page of INTEGRA_PAGE_SIZE, the same on every list


def test_activity_detail_with_thirty_enrolled(coordinator, workshop, django_assert_max_num_queries):
    # 15 or 16: one lookup is cached once another test has read it first
    with django_assert_max_num_queries(16):
        page = coordinator.client.get(reverse("support:activity-detail", args=[workshop.pk])).content.decode()
    assert page.count("Kowalska") == 30


def test_attendance_sheet_of_thirty_people(coordinator, workshop, django_assert_num_queries):
    session = workshop.sessions.order_by("start_time").first()
    with django_assert_num_queries(12):
        page = coordinator.client.get(reverse("support:attendance", args=[session.pk])).content.decode()
    assert page.count("Kowalska") == 30


def test_timetable_week_of_thirty_sessions(coordinator, workshop, django_assert_num_queries):
    for i in range(25):
        SessionFactory(activity=workshop, date=dt.date(2011, 3, 8 + i % 5), start_time=dt.time(8 + i // 5, 0))
    with django_assert_num_queries(12):
        page = coordinator.client.get(reverse("support:timetable") + "?week=2011-03-07").content.decode()
    assert page.count("Trening kompetencji") == 30


def test_activity_summary_of_thirty_activities(coordinator, django_assert_num_queries):
    project = ProjectFactory(institution=coordinator.institution)
    for i in range(30):
        ActivityFactory(project=project, title=f"Warsztat {i:02d}")
    with django_assert_num_queries(12):
        page = coordinator.client.get(reverse("support:activity-summary")).content.decode()
    assert page.count("Warsztat ") == 30
