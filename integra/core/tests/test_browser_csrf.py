"""In headless chromium: a form whose security token has gone (the cookie cleared, as when the session
ended in another tab) is refused with a Polish page that says the form expired and leads back to it."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from conftest import settle_offline
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.models import Participant
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.models import Attendance
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("INTEGRA_SCREENSHOTS", "")  # a directory: the page is also saved as PNG at 1024 and 390 px


def _settled(page) -> None:
    """The offline code (issue 27) asks the server for its state when a page of a role that marks attendance opens;
    a response still on its way would set the token cookie again after the test clears it. Wait for it."""
    settle_offline(page)
    page.wait_for_load_state("networkidle")


def test_an_expired_form_says_so_and_leads_back_to_the_form(browser_page):
    centre = InstitutionFactory(slug="e2e-csrf", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.formularz", first_name="Ewa", last_name="Nowak")
    MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.formularz")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    page.goto("/people/new/")
    page.fill("input[name=first_name]", "Anna")
    page.fill("input[name=last_name]", "Nowak")
    _settled(page)
    page.context.clear_cookies(name="csrftoken")  # the token the open form carries no longer matches
    page.locator("form:has(input[name=first_name]) [type=submit]").first.click()

    expect(page.locator("#error-csrf h1")).to_have_text("Formularz wygasł")
    expect(page.locator("#error-csrf")).to_contain_text("Nic nie zostało zapisane")
    expect(page.locator("#error-csrf")).not_to_contain_text("rola")
    if SHOTS:
        for width in (1024, 390):
            page.set_viewport_size({"width": width, "height": 700})
            page.screenshot(path=f"{SHOTS}/csrf-{width}.png", full_page=True)
    page.click("text=Wróć do formularza")
    expect(page).to_have_url(f"{page.url.split('/people/')[0]}/people/new/")
    assert not Participant.objects.exists()


def test_an_htmx_save_with_an_expired_token_says_so_in_the_status_region(browser_page):
    """The attendance marks save by htmx on change; htmx shows nothing for a 403 by itself."""
    centre = InstitutionFactory(slug="e2e-csrf-htmx", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.obecnosc", first_name="Ewa", last_name="Nowak")
    MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(institution=centre, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    activity = ActivityFactory(project=project)
    person = ParticipationFactory(project=project).participant
    EnrolmentFactory(activity=activity, participant=person)
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.obecnosc")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    page.goto(f"/support/sessions/{session.pk}/attendance/")
    _settled(page)
    page.context.clear_cookies(name="csrftoken")
    page.check(f"[data-testid=mark-{person.pk}-present]")

    expect(page.locator("#messages")).to_contain_text("Formularz wygasł")
    expect(page.locator("#messages")).to_contain_text("Odśwież stronę z formularzem")
    if SHOTS:
        for width in (1024, 390):
            page.set_viewport_size({"width": width, "height": 700})
            page.screenshot(path=f"{SHOTS}/csrf-htmx-{width}.png")
    assert not Attendance.objects.exists()
