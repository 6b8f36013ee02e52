"""Each screen of issue 16 runs the same number of queries with few rows and with many (no query per row).

The screens: the participant list and its search, the participant page (with its timeline), a project,
the timetable, an attendance list and a budget. Their time budgets (≤ 15 ms server time) are measured
in bench/screens.py, never here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.finance.tests.factories import expense, line, seed_004_budget
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.models import Consultation
from integra.support.tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    EnrolmentFactory,
    SessionFactory,
    shared_instrument,
)

pytestmark = pytest.mark.django_db


def queries(persona, url: str, post: dict | None = None) -> tuple[int, str]:
    # Twice: the first request may fill per-process caches (content types, the site's settings) and writes the
    # session's expiry; the second, within a minute, does not (integra.core.sessions).
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            if post is None:
                response = persona.client.get(url)
            else:
                response = persona.client.post(url, post, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def people(centre, count: int, start: int = 0) -> list:
    return [ParticipantFactory(institution=centre, last_name=f"Kowalska{start + i:02d}") for i in range(count)]


def test_participant_list_and_search(coordinator):
    url = reverse("people:participant-list")
    people(coordinator.institution, 1)
    few, page = queries(coordinator, url)
    few_search, _ = queries(coordinator, url, {"q": "Kowal"})
    assert page.count("Kowalska") == 1
    people(coordinator.institution, 40, start=1)
    many, page = queries(coordinator, url)
    many_search, rows = queries(coordinator, url, {"q": "Kowal"})
    assert page.count("Kowalska") == 25 and "41 osób" in rows  # one page of 25 of 41
    assert (few, many) == (7, 7)
    assert (few_search, many_search) == (7, 7)


def _support(person, activities: int, specialist) -> None:
    project = ProjectFactory(institution=person.institution)
    for i in range(activities):
        activity = ActivityFactory(project=project, title=f"Warsztat {i:02d}")
        EnrolmentFactory(activity=activity, participant=person)
        for day in range(3):
            AttendanceFactory(
                session=SessionFactory(activity=activity, date=dt.date(2011, 3, 7 + day)), participant=person
            )
        Consultation.objects.create(
            institution=person.institution,
            participant=person,
            project=project,
            date=dt.date(2011, 4, 1 + i),
            specialty="psychologist",
            topic="Rozmowa",
            specialist=specialist,
            instrument=shared_instrument("psychological-counselling") if i % 2 else None,
            duration_minutes=60,
        )
        ParticipationFactory(project=ProjectFactory(institution=person.institution), participant=person)


def timeline_queries(persona, url: str) -> tuple[int, int, str]:
    """(queries with the timeline's sections built, queries with them from the cache, the page)."""
    queries(persona, url)  # the person's version is written on its first view
    caches["timeline"].clear()
    cold, page = queries(persona, url)  # the first of these builds the sections, the second reads them back
    caches["timeline"].clear()
    with CaptureQueriesContext(connection) as built:
        assert persona.client.get(url).content.decode().count("Warsztat ") == page.count("Warsztat ")
    return len(built.captured_queries), cold, page


def test_participant_page_with_its_timeline(social_worker):
    person = ParticipantFactory(institution=social_worker.institution)
    url = reverse("people:participant-detail", args=[person.pk])
    _support(person, 1, social_worker.membership)
    few, few_warm, page = timeline_queries(social_worker, url)
    assert page.count("Warsztat ") == 1
    _support(person, 8, social_worker.membership)
    many, many_warm, page = timeline_queries(social_worker, url)
    assert page.count("Warsztat ") == 9
    # The page's own 10 (below) + projects 1, applications 1; casework, support and messages each ask first which
    # of their lists hold a row of the person (integra.core.probe) and read only those: casework 1 (none), support 5
    # (enrolments, marks, sessions held, the probe, consultations), messages 1 (no message, no consent).
    assert few == many == 19
    # The sections from the cache (integra.people.timeline): what the page reads itself (session, user,
    # membership, the person, the access log, consents, history) and the versions.
    assert few_warm == many_warm == 10


def test_project_page(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    url = reverse("projects:project-detail", args=[project.pk])
    ParticipationFactory(project=project, participant__last_name="Kowalska00")
    few, page = queries(coordinator, url)
    assert "Uczestnicy (1)" in page and "strona 1 z" not in page
    for i in range(1, 60):
        ParticipationFactory(project=project, participant__last_name=f"Kowalska{i:02d}")
    many, page = queries(coordinator, url)
    # INTEGRA_PAGE_SIZE (25) a page, by surname: the page costs the same however large the project.
    assert "Uczestnicy (60)" in page and page.count("Kowalska") == 25 and "strona 1 z 3" in page
    assert "Kowalska24" in page and "Kowalska25" not in page
    _, third = queries(coordinator, url + "?page=3")
    assert third.count("Kowalska") == 10 and "Kowalska59" in third
    assert few == many == 10
    # The deferred join (integra.core.pagination): the page's ids by a narrow query, whole rows for those only.
    with CaptureQueriesContext(connection) as captured:
        coordinator.client.get(url + "?page=2")
    rows = [q["sql"] for q in captured.captured_queries if "projects_participation" in q["sql"] and "LIMIT" in q["sql"]]
    assert len(rows) == 1 and " IN (SELECT " in rows[0] and "OFFSET 25" in rows[0]


def test_timetable_and_attendance(coordinator):
    activity = ActivityFactory(project=ProjectFactory(institution=coordinator.institution), title="Trening kompetencji")
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    timetable = reverse("support:timetable") + "?week=2011-03-07"
    attendance = reverse("support:attendance", args=[session.pk])
    for person in people(coordinator.institution, 1):
        EnrolmentFactory(activity=activity, participant=person)
    few_week, _ = queries(coordinator, timetable)
    few_list, page = queries(coordinator, attendance)
    assert page.count("Kowalska") == 1
    for i in range(20):
        SessionFactory(activity=activity, date=dt.date(2011, 3, 7 + i % 5), start_time=dt.time(8 + i // 5, 30))
    for person in people(coordinator.institution, 40, start=1):
        EnrolmentFactory(activity=activity, participant=person)
    many_week, page = queries(coordinator, timetable)
    assert page.count("Trening kompetencji") == 21
    many_list, page = queries(coordinator, attendance)
    assert page.count("Kowalska") == 41
    assert few_week == many_week == 9
    assert few_list == many_list == 9


def test_budget_status(coordinator, accountant):
    project = ProjectFactory(institution=coordinator.institution)
    budget = seed_004_budget(coordinator.membership, project)
    url = reverse("finance:budget-status", args=[project.pk])
    expense(coordinator.membership, project, line(budget, "1.1"), Decimal("100.00"))
    few, _ = queries(accountant, url)
    for n in range(30):
        expense(
            coordinator.membership,
            project,
            line(budget, ("1.1", "2.1", "3.1")[n % 3]),
            Decimal("10.00"),
            document_number=f"FV/{n}/2011",
        )
    many, page = queries(accountant, url)
    assert "400,00 zł" in page  # spent: 100,00 + 30 × 10,00
    assert few == many


def test_templates_are_compiled_once_per_process():
    """The cached template loader (Django's default when no loaders are named): no template is re-read and
    re-parsed per request, which would cost every screen several milliseconds."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], Loader)
