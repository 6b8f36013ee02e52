"""Issue 23: a signing date in the future was accepted on a social contract."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from integra.casework import services
from integra.casework.models import SocialContract
from integra.core.dates import centre_today
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_contract_signed_tomorrow_is_refused_in_polish_and_stays_a_draft(browser_page):
    today = centre_today()
    centre = InstitutionFactory(slug="lezajsk-sign-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.podpis", first_name="Agnieszka", last_name="Wróbel")
    worker = MembershipFactory(
        user=user, institution=centre, role=Role.SOCIAL_WORKER, specialty=Specialty.SOCIAL_WORKER
    )
    project = ProjectFactory(
        institution=centre, start_on=today - dt.timedelta(days=30), end_on=today + dt.timedelta(days=300)
    )
    contract = services.create_contract(
        actor=worker,
        participant=ParticipantFactory(institution=centre, first_name="Łucja", last_name="Wójcik"),
        social_worker=worker,
        number="KS/7/2026",
        start_on=today + dt.timedelta(days=7),
        end_on=today + dt.timedelta(days=180),
        project=project,
    )
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.podpis")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/casework/contracts/{contract.pk}/sign/")
    tomorrow = today + dt.timedelta(days=1)
    page.fill("#id_signed_on", tomorrow.isoformat())
    page.click("#submit")
    expect(page.locator("#id_signed_on_error")).to_have_text(
        f"Data podpisania kontraktu nie może być późniejsza niż dzisiejsza ({today:%d.%m.%Y})."
    )
    contract.refresh_from_db()
    assert (contract.status, contract.signed_on) == (SocialContract.Status.DRAFT, None)

    page.fill("#id_signed_on", today.isoformat())
    page.click("#submit")
    expect(page.locator("#messages")).to_have_text("Kontrakt podpisano: jest aktywny.")
    expect(page.locator("#status")).to_have_text("aktywny")
