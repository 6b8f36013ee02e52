"""Issue 23: „Kwalifikuj kandydatów” qualified all eight applicants of a call still open, with no confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from integra.core.dates import centre_today
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory
from integra.recruitment import services
from integra.recruitment.models import Application, Decision, RecruitmentCall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SURNAMES = ("Żurawska", "Łukasik", "Nowak", "Kowalska", "Wiśniewska", "Ćwik", "Śliwa", "Zając")


def test_qualifying_shows_who_changes_and_waits_for_the_call_to_close(browser_page):
    today = centre_today()
    centre = InstitutionFactory(slug="lezajsk-call-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.nabor", first_name="Joanna", last_name="Kędzierska")
    coordinator = MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(
        institution=centre, start_on=today - dt.timedelta(days=60), end_on=today + dt.timedelta(days=365)
    )
    call = services.create_call(
        actor=coordinator,
        project=project,
        title="Nabór uczestników – tura 2",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=14),
        capacity=5,
        reserve_size=2,
    )
    for n, surname in enumerate(SURNAMES):
        services.register_application(
            actor=coordinator,
            call=call,
            participant=ParticipantFactory(institution=centre, last_name=surname, first_name="Anna"),
            applied_on=today - dt.timedelta(days=20 - n),
        )
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.nabor")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/recruitment/{call.pk}/")
    if page.locator("#qualify-form [name=decided_on]").count():  # the one-click form that decided at once
        page.fill("#qualify-form [name=decided_on]", today.isoformat())
    page.locator("#decisions, #qualify-form").get_by_role("button", name="Kwalifikuj kandydatów").first.click()
    page.wait_for_load_state()
    # Asked first: nothing decided yet, and the page says who changes and how.
    assert set(Application.objects.values_list("status", flat=True)) == {Application.Status.PENDING}
    expect(page.locator("#plan-summary")).to_have_text("Ta decyzja zmieni status 8 osób:")
    rows = page.locator("#plan tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.nth(0)).to_contain_text("Żurawska Anna")
    expect(rows.nth(0)).to_contain_text("zakwalifikowany")
    expect(rows.nth(5)).to_contain_text("lista rezerwowa")
    expect(rows.nth(7)).to_contain_text("odrzucony")
    expect(page.locator("#id_decided_on")).to_have_value(today.isoformat())

    page.click("#decide")  # the call is still open and „Zamknij nabór” is not ticked
    expect(page.locator("#id_close_call_error")).to_contain_text("Nabór jest jeszcze otwarty")
    assert Decision.objects.count() == 0 and Participation.objects.count() == 0
    assert RecruitmentCall.objects.get(pk=call.pk).status == RecruitmentCall.Status.OPEN

    page.check("#id_close_call")
    page.click("#decide")
    expect(page.locator("#messages")).to_have_text(
        "Zapisano decyzję: zmienił się status 8 osób. Nabór został zamknięty."
    )
    expect(page.locator("#call-status")).to_have_text("zamknięta")
    assert Participation.objects.filter(project=project).count() == 5
    assert RecruitmentCall.objects.get(pk=call.pk).status == RecruitmentCall.Status.CLOSED
