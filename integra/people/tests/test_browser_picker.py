"""Issue 23, point 2: choosing a person was a plain list of every person of the centre (~290 names), Polish
letters sorted last, two „Nino Beridze” as two identical lines. Now a search field (surname, PESEL, birth year)
with Polish order and a distinguishing detail, scoped to the centre; it works without JavaScript as a
search-then-choose form; the contract number is proposed in the centre's numbering.
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
from integra.recruitment.tests.factories import RecruitmentCallFactory
from integra.support.models import Enrolment
from integra.support.tests.factories import ActivityFactory
from tests.test_accessibility import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/desk-path")
ORDER_1975 = ["Lewandowska", "Łukasik", "Majewska", "Sowa", "Śliwa", "Zając", "Żak"]


def _world():
    today = timezone.localdate()
    centre = InstitutionFactory(slug="lezajsk-picker", name="MOPS Leżajsk")
    other = InstitutionFactory(slug="oswiecim-picker", name="MOPS Oświęcim")
    worker = MembershipFactory(
        user=UserFactory(username="sw.picker", first_name="Agnieszka", last_name="Wróbel"),
        institution=centre,
        role=Role.SOCIAL_WORKER,
        specialty=Specialty.SOCIAL_WORKER,
    )
    MembershipFactory(user=UserFactory(username="coord.picker"), institution=centre, role=Role.COORDINATOR)
    for surname in reversed(ORDER_1975):
        ParticipantFactory(institution=centre, first_name="Anna", last_name=surname, birth_date=dt.date(1975, 3, 3))
    for i in range(40):
        ParticipantFactory(institution=centre, first_name="Ewa", last_name="Nowak", birth_date=dt.date(1930 + i, 1, 1))
    ninos = {
        year: ParticipantFactory(
            institution=centre, first_name="Nino", last_name="Beridze", birth_date=dt.date(year, 5, 2)
        )
        for year in (1988, 1993)
    }
    foreign = ParticipantFactory(
        institution=other, first_name="Nino", last_name="Beridze", birth_date=dt.date(1990, 1, 1)
    )
    project = ProjectFactory(
        institution=centre, start_on=today - dt.timedelta(days=60), end_on=today + dt.timedelta(days=300)
    )
    call = RecruitmentCallFactory(
        project=project, opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=20)
    )
    SocialContract.objects.create(
        institution=centre,
        number=f"KS/LEZ/012/{today.year}",
        social_worker=worker,
        participant=ninos[1988],
        start_on=today,
        end_on=today + dt.timedelta(days=30),
    )
    return {"today": today, "ninos": ninos, "foreign": foreign, "call": call, "worker": worker}


def _sign_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")


def _choices(page: Page) -> list[str]:
    return page.locator("#id_participant_found label.person-choice strong").all_inner_texts()


def test_a_contracts_person_is_found_by_surname_birth_year_in_polish_order_and_told_apart(browser_page):
    world = _world()
    today = world["today"]
    page = browser_page
    _sign_in(page, "sw.picker")
    page.goto("/casework/contracts/new/")
    assert page.locator("select#id_participant").count() == 0  # no list of the whole centre any more
    expect(page.locator("#id_number")).to_have_value(f"KS/LEZ/013/{today.year}")  # proposed, not typed

    page.fill("#id_participant_q", "1975")  # a birth year: Polish order, Ł after L, Ś after S, Ż after Z
    expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 7 osób")
    assert _choices(page) == [f"{s} Anna" for s in ORDER_1975]

    page.fill("#id_participant_q", "beridze")  # two people of one name, told apart; the other centre's absent
    expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 2 osoby")
    details = page.locator("#id_participant_found label.person-choice small").all_inner_texts()
    assert [d.split(" · ")[0] for d in details] == ["ur. 1988", "ur. 1993"]
    assert all(f"nr {p.pk}" in d for p, d in zip(world["ninos"].values(), details, strict=True))
    foreign = world["foreign"]
    assert f"nr {foreign.pk}" not in page.content() and "ur. 1990" not in page.content()
    assert world["ninos"][1993].pesel not in page.content()  # never the whole PESEL
    axe = Walk()  # WCAG 2.1 AA of the form with the people found (labels, names, contrast, focus)
    axe.check(page, "contract form, people found", "casework:contract-create", whole_page=False)
    assert axe.failures == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "picker-social-worker-1024.png"), full_page=True)

    page.fill("#id_participant_q", "nowak")  # too many: the first 20 and a request to narrow the search
    expect(page.locator("#id_participant_count")).to_contain_text("Znaleziono 40 osób; widać pierwsze 20")
    assert len(_choices(page)) == 20

    page.fill("#id_participant_q", "Beridze 1993")
    expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 1 osobę")
    page.keyboard.press("Tab")  # the keyboard reaches the choice
    page.check(f"input[name=participant][value='{world['ninos'][1993].pk}']")
    page.select_option("#id_social_worker", str(world["worker"].pk))
    page.fill("#id_start_on", today.isoformat())
    page.fill("#id_end_on", (today + dt.timedelta(days=90)).isoformat())
    page.click("#submit")
    expect(page.locator("#messages[role=status] li.success")).to_be_visible()
    contract = SocialContract.objects.get(number=f"KS/LEZ/013/{today.year}")
    assert contract.participant == world["ninos"][1993]

    # The application form of a call chooses the same way.
    page.goto(f"/recruitment/{world['call'].pk}/applications/add/")
    assert page.locator("select#id_participant").count() == 0
    page.fill("#id_participant_q", "Beridze")
    expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 2 osoby")


def test_without_javascript_the_search_is_a_search_then_choose_form(browser_page, live_server):
    world = _world()
    today = world["today"]
    context = browser_page.context.browser.new_context(
        base_url=live_server.url, locale="pl-PL", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        _sign_in(page, "sw.picker")
        page.goto("/casework/contracts/new/")
        page.fill("#id_main_goal", "Podjęcie zatrudnienia.")  # typed before the search: kept
        page.fill("#id_participant_q", "Beridze")
        page.click("#id_participant_find")
        expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 2 osoby")
        expect(page.locator("#id_main_goal")).to_have_value("Podjęcie zatrudnienia.")
        assert not SocialContract.objects.filter(number=f"KS/LEZ/013/{today.year}").exists()  # a search saves nothing
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "picker-nojs-390.png"), full_page=True)
        page.check(f"input[name=participant][value='{world['ninos'][1988].pk}']")
        page.select_option("#id_social_worker", str(world["worker"].pk))
        page.fill("#id_start_on", today.isoformat())
        page.fill("#id_end_on", (today + dt.timedelta(days=90)).isoformat())
        page.click("#submit")
        contract = SocialContract.objects.get(number=f"KS/LEZ/013/{today.year}")
        assert (contract.participant, contract.main_goal) == (world["ninos"][1988], "Podjęcie zatrudnienia.")
    finally:
        context.close()


def test_an_activitys_enrolment_finds_only_the_projects_people(browser_page):
    """The enrolment form on the activity's page sends its search to its own address (not the page's)."""
    world = _world()
    project = world["call"].project
    for person in world["ninos"].values():
        Participation.objects.create(
            institution=project.institution, project=project, participant=person, start_on=project.start_on
        )
    activity = ActivityFactory(project=project, start_on=project.start_on, end_on=project.end_on)
    page = browser_page
    _sign_in(page, "coord.picker")
    page.goto(f"/support/activities/{activity.pk}/")
    page.click("#enrol-open")
    page.fill("#id_participant_q", "1975")  # people of the centre, but not of the project
    expect(page.locator("#id_participant_count")).to_have_text("Nikt nie spełnia kryteriów wyszukiwania.")
    page.fill("#id_participant_q", "Beri")
    expect(page.locator("#id_participant_count")).to_have_text("Znaleziono 2 osoby")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "enrol-coordinator-1024.png"), full_page=True)
    page.check(f"input[name=participant][value='{world['ninos'][1993].pk}']")
    page.click("#enrol")
    expect(page.locator("#messages[role=status] li.success")).to_be_visible()
    assert Enrolment.objects.get(activity=activity).participant == world["ninos"][1993]
