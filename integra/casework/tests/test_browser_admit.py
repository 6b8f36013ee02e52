"""Issue 23, point 2: the social worker could not take their own client into a project (no action on the person's
page; 403 on qualifying). Now one guided step from the person's page, within what the role may do; bad input
(a number the centre already has, a signing date in the future) writes nothing and says why in Polish. The
screens are photographed at 1024 px and 390 px for the social worker and the coordinator (/tmp/desk-path/).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from integra.casework.models import SocialContract
from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/desk-path")


def _world():
    today = timezone.localdate()
    centre = InstitutionFactory(slug="lezajsk-admit", name="MOPS Leżajsk")
    worker = MembershipFactory(
        user=UserFactory(username="sw.admit", first_name="Agnieszka", last_name="Wróbel"),
        institution=centre,
        role=Role.SOCIAL_WORKER,
        specialty=Specialty.SOCIAL_WORKER,
    )
    MembershipFactory(user=UserFactory(username="coord.admit"), institution=centre, role=Role.COORDINATOR)
    project = ProjectFactory(
        institution=centre,
        code="FEPK.07.15-IP.01-0042/25",
        title="Aktywni razem",
        start_on=today - dt.timedelta(days=90),
        end_on=today + dt.timedelta(days=400),
    )
    SocialContract.objects.create(
        institution=centre,
        number=f"KS/LEZ/007/{today.year}",
        social_worker=worker,
        participant=ParticipantFactory(institution=centre),
        start_on=today,
        end_on=today + dt.timedelta(days=30),
    )
    person = ParticipantFactory(institution=centre, first_name="Łucja", last_name="Wójcik-Źrałek")
    return today, worker, project, person


def _sign_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")


def _shot(page: Page, name: str) -> None:
    """Measure and photograph the page on screen; call it only once the page it means has loaded (a click that
    navigates returns before the next document exists, and measuring then reads a document without a root)."""
    SHOTS.mkdir(exist_ok=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name  # no sideways scroll
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fill_contract(page: Page, project, today) -> None:
    page.select_option("#id_project", str(project.pk))
    page.fill("#id_assessment", "Długotrwale bezrobotna.")
    page.fill("#id_main_goal", "Podjęcie zatrudnienia.")
    page.fill("#id_stage_goal", "Ukończenie kursu zawodowego.")
    page.fill("#id_stage_deadline", (today + dt.timedelta(days=90)).isoformat())
    page.fill("#id_obligation", "Udział w kursie.")


def test_the_social_worker_takes_her_client_into_the_project_from_the_persons_page(browser_page):
    today, worker, project, person = _world()
    page = browser_page
    _sign_in(page, "sw.admit")
    page.goto(f"/people/{person.pk}/")
    _shot(page, "person-social-worker-1024")
    page.click("#participant-admit")
    expect(page.locator("h1")).to_have_text("Do projektu z kontraktem socjalnym")
    expect(page.locator("#id_number")).to_have_value(f"KS/LEZ/008/{today.year}")
    expect(page.locator("#id_social_worker")).to_have_count(0)  # she concludes it herself
    _fill_contract(page, project, today)

    # A number the centre already has, and a signing date in the future: nothing written, said in Polish.
    page.fill("#id_number", f"KS/LEZ/007/{today.year}")
    page.click("#submit")
    expect(page.locator("#id_number_error")).to_contain_text(
        f"Ośrodek ma już kontrakt o numerze KS/LEZ/007/{today.year}."
    )
    page.fill("#id_number", f"KS/LEZ/008/{today.year}")
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    page.fill("#id_start_on", tomorrow)
    page.fill("#id_signed_on", tomorrow)
    page.click("#submit")
    expect(page.locator("#id_signed_on_error")).to_contain_text("Data podpisania kontraktu nie może być późniejsza")
    assert not SocialContract.objects.filter(participant=person).exists()
    assert not Participation.objects.filter(participant=person).exists()
    _shot(page, "admit-refused-social-worker-1024")

    page.fill("#id_start_on", today.isoformat())
    page.fill("#id_signed_on", today.isoformat())
    page.click("#submit")
    expect(page.locator("#messages[role=status] li.success")).to_have_text(
        "Osoba uczestniczy w projekcie, a kontrakt socjalny został zapisany."
    )
    expect(page.locator("#status")).to_have_text("aktywny")
    contract = SocialContract.objects.get(participant=person)
    assert (contract.number, contract.project, contract.social_worker) == (f"KS/LEZ/008/{today.year}", project, worker)
    assert Participation.objects.get(participant=person).project == project
    _shot(page, "contract-social-worker-1024")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/people/{person.pk}/")
    _shot(page, "person-social-worker-390")
    page.click("#participant-admit")
    expect(page.locator("h1")).to_have_text("Do projektu z kontraktem socjalnym")  # the new page, not the old one
    _shot(page, "admit-social-worker-390")


def test_the_coordinator_names_the_social_worker_on_a_phone(browser_page):
    today, worker, project, person = _world()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, "coord.admit")
    page.goto(f"/people/{person.pk}/")
    page.click("#participant-admit")
    _fill_contract(page, project, today)
    page.select_option("#id_social_worker", str(worker.pk))
    _shot(page, "admit-coordinator-390")
    page.click("#submit")
    expect(page.locator("#status")).to_have_text("aktywny")
    assert SocialContract.objects.get(participant=person).social_worker == worker
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"/people/{person.pk}/")
    page.click("#participant-admit")
    expect(page.locator("h1")).to_have_text("Do projektu z kontraktem socjalnym")
    _shot(page, "admit-coordinator-1024")
