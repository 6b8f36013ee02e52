"""End to end in headless chromium: sign in, a wrong PESEL is refused in Polish, corrected, found, sign out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.models import Participant
from integra.people.tests.factories import PESEL_F, PESEL_F_WRONG_CHECK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_register_a_person_with_a_wrong_pesel_then_correct_and_find_her(browser_page):
    centre = InstitutionFactory(slug="lezajsk-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.pracownik", first_name="Agnieszka", last_name="Wróbel")
    MembershipFactory(user=user, institution=centre, role=Role.SOCIAL_WORKER, specialty=Specialty.SOCIAL_WORKER)
    page = browser_page

    page.goto("/login/")
    page.fill("input[name=username]", "e2e.pracownik")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto("/people/new/")
    page.fill("#id_first_name", "Łucja")
    page.fill("#id_last_name", "Wójcik-Źrałek")
    page.fill("#id_pesel", PESEL_F_WRONG_CHECK)
    page.fill("#id_postal_code", "37-300")
    page.fill("#id_locality", "Leżajsk")
    page.select_option("#id_labour_status", "registered_unemployed")
    page.click("#participant-save")
    expect(page.locator("#id_pesel_error")).to_have_text(
        "Ten PESEL ma błędną cyfrę kontrolną – sprawdź numer w dowodzie osobistym."
    )
    expect(page.locator("#id_first_name")).to_have_value("Łucja")
    assert Participant.objects.count() == 0

    page.fill("#id_pesel", PESEL_F)
    page.click("#participant-save")
    expect(page.locator("#participant-name")).to_have_text("Łucja Wójcik-Źrałek")
    expect(page.locator(".messages")).to_contain_text("Uczestnik został zarejestrowany.")
    expect(page.locator("hgroup p")).to_contain_text("14.03.1985")

    page.goto("/people/")
    page.fill("#id_q", "wójcik")
    page.click("#participant-search")
    expect(page.locator("#participant-table tbody tr")).to_have_count(1)
    expect(page.locator("#participant-table tbody")).to_contain_text("Wójcik-Źrałek Łucja")
    expect(page.locator("#participant-table tbody")).to_contain_text(PESEL_F)

    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
