"""Issue 23: every indicator of every period set is shown by its Polish label, never by a program key.

`/reports/projects/5/indicators/` (a 2007–2013 project) showed `self_employed`, `long_term_unemployed`,
`aged_15_24`, `other_disadvantaged` … in its code column: 2007–2013 (Annex XXIII, PEFS) has no codes, and the
JSON keys Integra gives its rows are not for readers. The screen, its drill-down, PDF and XLSX, and the
regional view label those rows by name; 2014–2020 and 2021–2027 keep their official codes (CO01, EECO01).
"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.reports.indicators import INDICATOR_SETS
from integra.reports.tests.edge_periods import build_period_project

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PERIOD_CODES = {"2007-2013": [], "2014-2020": ["CO01", "CO19", "CR09"], "2021-2027": ["EECO01", "EECO17", "EECR06"]}


def _keys(text: str) -> set[str]:
    return set(SNAKE_CASE.findall(text))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_periods_indicator_screen_shows_polish_labels_and_no_program_keys(browser_page):
    centre = InstitutionFactory(slug="lezajsk-labels", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.wskazniki", first_name="Anna", last_name="Wróbel")
    MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    projects = {period: build_period_project(centre, period, f"P-{period}").project for period in INDICATOR_SETS}
    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.wskazniki")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")

    for period, project in projects.items():
        page.goto(f"/reports/projects/{project.pk}/indicators/")
        table = page.locator("#indicators")
        expect(table).to_be_visible()
        assert _keys(page.inner_text("main")) == set(), period
        for code in PERIOD_CODES[period]:
            expect(table).to_contain_text(code)
    old = projects["2007-2013"]
    page.goto(f"/reports/projects/{old.pk}/indicators/")
    expect(page.locator("#indicators thead")).not_to_contain_text("Kod")
    for label in ("w tym samozatrudnieni", "w tym osoby długotrwale bezrobotne", "osoby młode (15–24 lata)"):
        expect(page.locator("#indicators")).to_contain_text(label)
    page.goto(f"/reports/projects/{old.pk}/indicators/people/?code=long_term_unemployed")
    expect(page.locator("h1")).to_have_text("W tym osoby długotrwale bezrobotne")  # a screen name starts with a capital
    assert _keys(page.inner_text("main")) == set()
    assert _keys(page.title()) == set()


@pytest.mark.django_db
def test_the_2007_files_label_their_rows_too(coordinator):
    project = build_period_project(coordinator.institution, "2007-2013", "EDGE-07").project
    url = reverse("reports:project-indicators", args=[project.pk])
    pdf = b"".join(coordinator.client.get(url, {"format": "pdf"}).streaming_content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "w tym samozatrudnieni" in text and _keys(text) == set()
    book = load_workbook(io.BytesIO(coordinator.client.get(url, {"format": "xlsx"}).content), read_only=True)
    cells = [str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None]
    assert "w tym samozatrudnieni" in cells and _keys(" ".join(cells)) == set()
