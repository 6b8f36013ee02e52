"""Five whole tasks done with the keyboard alone (WCAG 2.1.1): no click, no fill — only Tab, Enter, Space, arrows
and typed text, as a member of staff who cannot use a mouse works."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from integra.core.roles import Role, Specialty
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.models import Participant
from integra.people.tests.factories import PESEL_F, ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support.models import Attendance
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SURNAMES = [
    "Adamczyk",
    "Bąk",
    "Cieślak",
    "Dąbrowska",
    "Ekiert",
    "Filipek",
    "Górska",
    "Hajduk",
    "Iwańska",
    "Jóźwiak",
    "Kowalczyk",
    "Lis",
    "Łukasik",
    "Mazur",
    "Nowicka",
    "Olszewska",
    "Pawlak",
    "Rutkowska",
    "Sowa",
    "Śliwa",
    "Tomczak",
    "Urban",
    "Wróbel",
    "Zając",
    "Żak",
]


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, name: e.getAttribute('name'), text: (e.innerText || '').trim()}; }"
    )


def tab_to(page: Page, selector: str, limit: int = 80, key: str = "Tab") -> int:
    """Press Tab until the element matching `selector` has focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of {key}; focus on {focused(page)}")


def staff(role: str, username: str, **membership) -> tuple:
    centre = InstitutionFactory(slug=f"kbd-{username}", name="MOPS Leżajsk")
    user = UserFactory(username=username, first_name="Ewa", last_name="Klawiszowa")
    MembershipFactory(user=user, institution=centre, role=role, **membership)
    return centre, user


def sign_in(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    # Wait for the next page's load event: its heading shows while deferred scripts (the menu's Escape handler)
    # may still be loading, and a key pressed then meets no handler (seen once in CI on PostgreSQL).
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_sign_in_by_keyboard_with_a_skip_link_and_an_announced_error(browser_page):
    staff(Role.COORDINATOR, "kbd.koordynator")
    page = browser_page
    page.goto("/login/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # An arrow key in the language select changes nothing until its button is pressed.
    page.evaluate("window.notReloaded = true")
    tab_to(page, "#language-select")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.lang") == "pl"

    sign_in(page, "kbd.koordynator", "not-the-password")
    expect(page).to_have_title(re.compile(r"^Błąd: "))
    expect(page.locator("[role=alert]#login-errors")).to_have_text("Nieprawidłowa nazwa użytkownika lub hasło.")
    expect(page.locator("input[name=username]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=password]")).to_have_attribute("aria-describedby", "login-errors")

    sign_in(page, "kbd.koordynator")
    expect(page.locator("h1")).to_have_text("Na dziś")
    # The menu: a group opens with Enter, Escape closes it and gives focus back to its button.
    tab_to(page, "#nav-account > summary")
    page.keyboard.press("Enter")
    expect(page.locator("#nav-account")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(page.locator("#nav-account")).not_to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.matches('#nav-account > summary')")


def choose(page: Page, selector: str, value: str) -> None:
    """Pick an option of the focused-to select with the arrow keys, as a keyboard user does."""
    tab_to(page, selector)
    for _ in range(30):
        if page.evaluate("(s) => document.querySelector(s).value", selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in {selector}")


def test_register_a_participant_by_keyboard(browser_page):
    staff(Role.SOCIAL_WORKER, "kbd.pracownik", specialty=Specialty.SOCIAL_WORKER)
    page = browser_page
    sign_in(page, "kbd.pracownik")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto("/people/new/")
    for selector, text in (
        ("#id_first_name", "Łucja"),
        ("#id_last_name", "Wójcik-Źrałek"),
        ("#id_pesel", PESEL_F),
        ("#id_postal_code", "37-300"),
        ("#id_locality", "Leżajsk"),
    ):
        tab_to(page, selector)
        page.keyboard.type(text)
    choose(page, "#id_labour_status", "registered_unemployed")
    tab_to(page, "#participant-save")
    page.keyboard.press("Enter")
    expect(page.locator("#participant-name")).to_have_text("Łucja Wójcik-Źrałek")
    expect(page.locator("#messages")).to_contain_text("Uczestnik został zarejestrowany.")
    assert Participant.objects.get().pesel == PESEL_F


def test_find_a_participant_by_keyboard(browser_page):
    centre, _user = staff(Role.SOCIAL_WORKER, "kbd.szukam", specialty=Specialty.SOCIAL_WORKER)
    ParticipantFactory(institution=centre, last_name="Nowak", first_name="Jan")
    wanted = ParticipantFactory(institution=centre, last_name="Dąbrowska", first_name="Ewa")
    page = browser_page
    sign_in(page, "kbd.szukam")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto("/people/")
    tab_to(page, "#id_q")
    page.keyboard.type("dąbrowska")
    page.keyboard.press("Enter")
    expect(page.locator("#participant-table tbody tr")).to_have_count(1)
    tab_to(page, f"#participant-table a[href='/people/{wanted.pk}/']")
    page.keyboard.press("Enter")
    expect(page.locator("#participant-name")).to_have_text("Ewa Dąbrowska")
    assert re.search(r"Dąbrowska", page.title())


def test_a_result_in_focus_keeps_it_when_the_search_renders_the_rows_again(browser_page):
    """A debounced keystroke (or the search box's change on leaving it) can re-render the rows after a keyboard
    user has tabbed into them: the same person's link has the focus afterwards, so Enter still opens them."""
    centre, _user = staff(Role.SOCIAL_WORKER, "kbd.fokus", specialty=Specialty.SOCIAL_WORKER)
    wanted = ParticipantFactory(institution=centre, last_name="Dąbrowska", first_name="Ewa")
    page = browser_page
    sign_in(page, "kbd.fokus")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto("/people/")
    tab_to(page, f"#person-{wanted.pk}")
    with page.expect_response(lambda r: r.request.method == "POST" and "/people/" in r.url):
        page.evaluate("htmx.trigger('#participant-filters', 'submit')")
    page.wait_for_function(
        "(id) => document.activeElement && document.activeElement.id === id", arg=f"person-{wanted.pk}"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#participant-name")).to_have_text("Ewa Dąbrowska")


def test_download_the_project_summary_pdf_by_keyboard(browser_page, tmp_path):
    from pypdf import PdfReader

    centre, _user = staff(Role.COORDINATOR, "kbd.raport")
    project = ProjectFactory(institution=centre, code="LEZ-KBD-2011", title="Aktywni w Leżajsku")
    page = browser_page
    sign_in(page, "kbd.raport")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto("/reports/")
    tab_to(page, f"a[href='/reports/projects/{project.pk}/summary/']", limit=120)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Podsumowanie projektu")
    tab_to(page, "a[href*='format=pdf']")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    path = tmp_path / "summary.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Podsumowanie projektu" in text and "LEZ-KBD-2011 — Aktywni w Leżajsku" in text


def test_mark_attendance_of_a_group_of_25_by_keyboard(browser_page):
    centre, _user = staff(Role.COORDINATOR, "kbd.obecnosc")
    project = ProjectFactory(institution=centre, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31))
    activity = ActivityFactory(project=project, title="Trening umiejętności społecznych")
    session = SessionFactory(activity=activity, date=dt.date(2011, 3, 7))
    people = []
    for surname in SURNAMES:
        participant = ParticipationFactory(
            project=project, participant__last_name=surname, participant__first_name="Ewa"
        ).participant
        EnrolmentFactory(activity=activity, participant=participant)
        people.append(participant)
    page = browser_page
    sign_in(page, "kbd.obecnosc")
    expect(page.locator("h1")).to_have_text("Na dziś")
    page.goto(f"/support/sessions/{session.pk}/attendance/")

    # The whole-list buttons come before the rows: a handful of Tabs, not 25 rows' worth.
    assert tab_to(page, "#save-all", limit=40) < 25
    expect(page.locator("#save-all")).to_have_text("Zapisz listę obecności")
    expect(page.locator("#all-present")).to_have_text("Zaznacz wszystkich jako obecnych")

    status = page.locator("#attendance-status")
    expected = {}
    for index, person in enumerate(people):
        tab_to(page, f"#mark-{person.pk}-present", limit=5)
        if index % 5 == 3:  # every fifth person absent: the arrow key moves to and marks „nieobecny”
            page.keyboard.press("ArrowRight")
            value, label = "absent", "nieobecny"
        else:
            page.keyboard.press("Space")
            value, label = "present", "obecny"
        expected[person.pk] = value
        expect(status).to_have_text(f"Zapisano: {person.last_name} Ewa – {label}")
        expect(page.locator(f"#saved-{person.pk}")).to_have_text("✓ Zapisano")
        assert focused(page)["id"] == f"mark-{person.pk}-{value}", "focus must stay on the row just marked"
    assert dict(Attendance.objects.filter(session=session).values_list("participant_id", "status")) == expected

    # Save the whole list from the buttons above the rows (Shift+Tab back up).
    tab_to(page, "#save-all", limit=120, key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Obecność zapisano.")
    dabrowska = people[3]
    expect(page.locator(f"#mark-{dabrowska.pk}-absent")).to_be_checked()
