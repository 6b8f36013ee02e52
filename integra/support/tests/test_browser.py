"""End to end in headless chromium: a coordinator schedules a session and marks attendance on a tablet."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.models import Attendance, Session
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_coordinator_schedules_a_session_and_marks_attendance_on_a_tablet(browser_page):
    centre = InstitutionFactory(slug="lezajsk-support-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.koordynator", first_name="Joanna", last_name="Kędzierska")
    MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(
        institution=centre, title="Aktywni w Leżajsku", start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )
    activity = ActivityFactory(project=project, title="Trening umiejętności społecznych", room="Sala 1")
    people = []
    for surname in ("Żurawska", "Łukasik"):
        participant = ParticipationFactory(
            project=project, participant__last_name=surname, participant__first_name="Zofia"
        ).participant
        EnrolmentFactory(activity=activity, participant=participant)
        people.append(participant)
    zurawska, lukasik = people
    page = browser_page
    page.set_viewport_size({"width": 820, "height": 1180})

    page.goto("/login/")
    page.fill("input[name=username]", "e2e.koordynator")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/support/activities/{activity.pk}/")
    page.fill("#session-form #id_date", "2011-03-07")
    page.fill("#session-form #id_start_time", "10:00")
    page.fill("#session-form #id_duration_minutes", "90")
    page.click("#schedule")
    expect(page.locator(".messages")).to_contain_text("Spotkanie zaplanowano.")
    expect(page.locator("#sessions")).to_contain_text("07.03.2011")
    session = Session.objects.get()
    assert (session.room, session.start_time) == ("Sala 1", dt.time(10, 0))

    page.click("#sessions a:has-text('Obecność')")
    expect(page.locator("h1")).to_contain_text("Trening umiejętności społecznych")
    rows = page.locator("#attendance-table tbody tr th")
    expect(rows).to_have_text(["Łukasik Zofia", "Żurawska Zofia"])
    page.evaluate("window.notReloaded = true")

    page.check(f"[data-testid=mark-{lukasik.pk}-present]")
    expect(page.locator(f"#rate-{lukasik.pk}")).to_have_text("100,00 %")
    expect(page.locator(f"#rate-{zurawska.pk}")).to_have_text("0,00 %")
    page.check(f"[data-testid=mark-{zurawska.pk}-excused]")
    expect(page.locator("#attendance-version")).to_have_value("3")
    page.check(f"[data-testid=mark-{lukasik.pk}-absent]")
    expect(page.locator(f"#rate-{lukasik.pk}")).to_have_text("0,00 %")
    assert page.evaluate("window.notReloaded") is True
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        lukasik.pk: "absent",
        zurawska.pk: "excused",
    }
