"""Issue 23: a contract save showed no success message, so staff could not tell it was saved."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from integra.casework.models import SocialContract
from integra.core.dates import centre_today
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_drawing_up_and_changing_a_contract_each_confirm_in_the_status_region(browser_page):
    today = centre_today()
    centre = InstitutionFactory(slug="lezajsk-confirm-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.kontrakt", first_name="Agnieszka", last_name="Wróbel")
    worker = MembershipFactory(
        user=user, institution=centre, role=Role.SOCIAL_WORKER, specialty=Specialty.SOCIAL_WORKER
    )
    person = ParticipantFactory(institution=centre, first_name="Łucja", last_name="Wójcik")
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.kontrakt")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/casework/contracts/new/?participant={person.pk}")
    page.fill("#id_number", "KS/1/2026")
    expect(page.locator(f"input[name=participant][value='{person.pk}']")).to_be_checked()  # from the person's link
    page.select_option("#id_social_worker", str(worker.pk))
    page.fill("#id_start_on", today.isoformat())
    page.fill("#id_end_on", (today + dt.timedelta(days=180)).isoformat())
    page.fill("#id_main_goal", "Podjęcie zatrudnienia.")
    page.click("#submit")
    expect(page.locator("#messages[role=status] li.success")).to_have_text("Kontrakt socjalny zapisano.")
    contract = SocialContract.objects.get(number="KS/1/2026")

    page.goto(f"/casework/contracts/{contract.pk}/edit/")
    page.fill("#id_end_on", (today + dt.timedelta(days=270)).isoformat())
    page.fill("#id_modified_on", today.isoformat())
    page.fill("#id_reason", "Wydłużenie o kurs zawodowy.")
    page.click("#submit")
    expect(page.locator("#messages[role=status] li.success")).to_have_text("Zmianę kontraktu zapisano.")
    contract.refresh_from_db()
    assert contract.end_on == today + dt.timedelta(days=270)
