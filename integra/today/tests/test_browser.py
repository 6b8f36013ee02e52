"""Each role opens its start page on the present-day demo and finds what the story planted (issue 14)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from conftest import settle_offline
from integra.demo import stories
from integra.demo.generator import generate
from integra.demo.stories import present_day
from integra.projects.models import Project

PASSWORD = "demo-haslo-2026"
NOW = dt.datetime(2026, 11, 25, 8, 0)  # a Wednesday, as in the story's own tests


def _load_present_day() -> dict[str, Project]:
    stories.register(articles=False)
    try:
        generate(password=PASSWORD, seed=2026, scale=0.05)
    finally:
        stories.unregister()
    return {
        p.institution.slug: p
        for p in Project.objects.filter(programme_period="2021-2027").select_related("institution")
    }


def _sign_in(page, username: str) -> None:
    settle_offline(page)
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")


def _count(page, key: str) -> int:
    return int(page.locator(f"#{key} .worklist-count").first.inner_text())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_role_finds_the_items_the_present_day_story_planted(browser_page, settings):
    settings.INTEGRA_TWO_FACTOR_REQUIRED = False  # the director and the regional supervisor would enrol first
    page = browser_page
    with time_machine.travel(NOW, tick=True):
        projects = _load_present_day()
        lezajsk = projects["lezajsk"]
        this_week = [(NOW.date() + dt.timedelta(days=d)).strftime("%d.%m.%Y") for d in range(-2, 5)]

        # Coordinator: a session with attendance to mark (one click opens its attendance screen), follow-ups due
        # this week, contracts ending, applications to decide.
        _sign_in(page, "lezajsk.koordynator")
        assert _count(page, "sessions") >= 1
        follow_ups = page.locator("#follow-ups").inner_text()
        assert _count(page, "follow-ups") >= 5 and any(day in follow_ups for day in this_week)
        assert "sytuacja 28 dni po zakończeniu udziału" in follow_ups and "3 miesiące po zakończeniu" in follow_ups
        casework = page.locator("#casework").inner_text()
        assert "kontrakt socjalny" in casework and "IPD" in casework and "PAL" in casework
        assert _count(page, "casework") == 4 + 3 + 1  # four contracts, three IPD reviews, one PAL
        assert _count(page, "applications") == present_day.LATE_APPLICANTS
        page.locator("#sessions a.worklist-act").first.click()
        expect(page).to_have_url(re.compile(r"/support/sessions/\d+/attendance/$"))
        page.go_back()
        page.locator("#follow-ups a.worklist-act").first.click()
        expect(page).to_have_url(re.compile(r"/outcomes/(participations/\d+/result|follow-ups/\d+)/$"))

        # The same page on a phone: nothing wider than the screen.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1024, "height": 768})

        # Social worker: their own caseload's contracts.
        _sign_in(page, "lezajsk.pracownik")
        assert "kontrakt socjalny" in page.locator("#casework").inner_text()

        # Accountant: the management line past 90 %, its cap close to the limit, the claim of the running project.
        _sign_in(page, "lezajsk.ksiegowa")
        assert "3.1 Koordynacja i rozliczanie projektu" in page.locator("#budget-lines").inner_text()
        assert "Koszty zarządzania do 10 % budżetu" in page.locator("#caps").inner_text()
        assert lezajsk.code in page.locator("#claims").inner_text()
        page.locator("#claims a.worklist-act").first.click()
        expect(page).to_have_url(
            re.compile(r"/finance/projects/\d+/claim/\?start=\d{4}-\d\d-\d\d&end=\d{4}-\d\d-\d\d$")
        )

        # Director: the project against its targets and the staffing standard.
        _sign_in(page, "lezajsk.dyrektor")
        projects_card = page.locator("#projects").inner_text()
        assert lezajsk.code in projects_card and "30 / 40" in projects_card
        expect(page.locator("#staffing-status")).to_contain_text("standard")

        # Data protection officer: two withdrawals this week, one account with 80 participant pages today.
        _sign_in(page, "lezajsk.iod")
        assert _count(page, "consents-withdrawn") >= 2
        assert _count(page, "consents-expiring") == 3  # the fourth ends in 200 days
        assert "Zgody wygasające w ciągu 30 dni" in page.locator("#consents-expiring").inner_text()
        page.locator("#consents-expiring a.worklist-act").first.click()
        expect(page).to_have_url(re.compile(r"/privacy/people/\d+/$"))
        expect(page.locator("#subject-consents")).to_contain_text("ważna do")
        page.goto("/")
        unusual = page.locator("#unusual-access").inner_text()
        assert f"otwartych kart uczestników: {present_day.UNUSUAL_VIEWS}" in unusual
        page.locator("#unusual-access a.worklist-act").first.click()
        expect(page).to_have_url(re.compile(r"/privacy/access-log/\?user=\d+&date_from="))

        # Regional supervisor: both centres of the story, small counts suppressed.
        _sign_in(page, "region.nadzor")
        regional = page.locator("#regional").inner_text()
        assert "Leżajsku" in regional and "Skarżysku" in regional and "<3" in regional
