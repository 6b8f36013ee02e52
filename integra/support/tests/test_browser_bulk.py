"""Issue 23: „Zaznacz wszystkich jako obecnych” turned marks already entered into „obecny”, with no undo."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support import services
from integra.support.models import Attendance
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_everyone_present_keeps_entered_marks_reports_counts_and_undoes(browser_page):
    centre = InstitutionFactory(slug="lezajsk-bulk-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.obecnosc", first_name="Joanna", last_name="Kędzierska")
    coordinator = MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(institution=centre, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    activity = ActivityFactory(project=project, title="Trening umiejętności społecznych")
    people = []
    for surname in ("Żurawska", "Łukasik", "Nowak", "Kowalska", "Wiśniewska"):
        participant = ParticipationFactory(project=project, participant__last_name=surname).participant
        EnrolmentFactory(activity=activity, participant=participant)
        people.append(participant)
    absent, excused = people[0], people[1]
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    services.record_attendance(
        actor=coordinator,
        session=session,
        marks={absent.pk: Attendance.Status.ABSENT, excused.pk: Attendance.Status.EXCUSED},
        expected_version=1,
    )
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.obecnosc")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/support/sessions/{session.pk}/attendance/")
    page.click("#all-present")
    expect(page.locator("#messages li")).to_have_count(1)  # the list came back from the server
    expect(page.locator(f"[data-testid=mark-{absent.pk}-absent]")).to_be_checked()
    expect(page.locator(f"[data-testid=mark-{excused.pk}-excused]")).to_be_checked()
    expect(page.locator("#messages")).to_have_text(
        "3 osoby bez oznaczenia oznaczono jako obecne. 2 wpisane już oznaczenia pozostawiono bez zmian."
    )
    for person in people[2:]:
        expect(page.locator(f"[data-testid=mark-{person.pk}-present]")).to_be_checked()
    marks = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert marks[absent.pk] == "absent" and marks[excused.pk] == "excused"
    assert sorted(marks.values()).count("present") == 3

    page.click("#undo-fill")
    expect(page.locator("#messages")).to_have_text("Cofnięto: lista obecności jest taka jak przedtem.")
    expect(page.locator("#undo-fill")).to_have_count(0)
    for person in people[2:]:
        expect(page.locator(f"[data-testid=mark-{person.pk}-present]")).not_to_be_checked()
    assert dict(Attendance.objects.filter(session=session).values_list("participant_id", "status")) == {
        absent.pk: "absent",
        excused.pk: "excused",
    }
