"""Issue 23: an expense that pushed a line to 107,06 % (−1 653,00 zł) saved with just „Zapisano.”; at 1024 px
the spent / remaining / % columns of the budget table were off-screen and the row labels scrolled away."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from integra.core.dates import centre_today
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.finance.models import CostCategory, Expense
from integra.finance.tests.factories import approved_budget, expense, line, line_values
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_expense_over_the_line_plan_asks_for_a_reason_and_the_table_marks_the_line(browser_page):
    today = centre_today()
    centre = InstitutionFactory(slug="lezajsk-money-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.ksiegowa", first_name="Teresa", last_name="Mazur")
    accountant = MembershipFactory(user=user, institution=centre, role=Role.ACCOUNTANT)
    project = ProjectFactory(
        institution=centre,
        code="KIS-2026",
        start_on=today - dt.timedelta(days=120),
        end_on=today + dt.timedelta(days=240),
    )
    version = approved_budget(
        accountant,
        project,
        [
            line_values("1.1", "Zarządzanie projektem", "Koordynator", CostCategory.MANAGEMENT, eu=D("10000")),
            line_values(
                "2.1", "Aktywna integracja", "Szkolenia zawodowe", CostCategory.PARTICIPANT_SUPPORT, eu=D("23400")
            ),
        ],
        approved_on=today - dt.timedelta(days=100),
    )
    training = line(version, "2.1")
    expense(accountant, project, training, D("20000.00"), date=today - dt.timedelta(days=30), document_number="FV/1")

    page = browser_page
    page.goto("/login/")
    page.fill("input[name=username]", "e2e.ksiegowa")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")

    page.goto(f"/finance/projects/{project.pk}/expenses/new/")
    page.select_option("#id_line", str(training.pk))
    page.fill("#id_date", today.isoformat())
    page.fill("#id_document_number", "FV/2")
    page.fill("#id_contractor", "Centrum Szkoleń Zawodowych")
    page.fill("#id_description", "Kurs kucharza małej gastronomii")
    page.fill("#id_amount", "5 053,00")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    # Asked before saving, with the overrun named.
    expect(page.locator("#overrun")).to_contain_text("przekroczenie o 1 653,00 zł (107,06 %)")
    assert Expense.objects.count() == 1
    page.click("#save-over")  # without a reason nothing is saved
    expect(page.locator("#overrun")).to_contain_text("przekroczenie o 1 653,00 zł (107,06 %)")
    assert Expense.objects.count() == 1
    page.fill("#id_overrun_reason", "Dodatkowa grupa kursu za zgodą instytucji pośredniczącej")
    page.click("#save-over")
    expect(page.locator("#messages li.success")).to_have_text("Zapisano.")
    expect(page.locator("#messages li.warning")).to_contain_text("Przekroczenie planu pozycji 2.1 o 1 653,00 zł")
    saved = Expense.objects.get(document_number="FV/2")
    assert saved.overrun_reason == "Dodatkowa grupa kursu za zgodą instytucji pośredniczącej"

    page.goto(f"/finance/projects/{project.pk}/")
    row = page.locator("#line-21")
    expect(row).to_contain_text("ponad plan o 1 653,00 zł")
    expect(row.locator("td.used")).to_have_text("107,06 %")
    # At 1024 px the totals of the line are on screen without scrolling.
    for cell in row.locator("td").all()[:4]:
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1024, cell.inner_text()
    label = row.locator("th")
    before = label.bounding_box()
    page.locator("div[role=region][aria-label='Stan budżetu']").evaluate("region => { region.scrollLeft = 500; }")
    after = label.bounding_box()
    assert after["x"] == before["x"]  # the line's label stays while the figures scroll
    assert row.locator("td").nth(0).bounding_box()["x"] < before["x"] + before["width"]  # the figures moved under it
    # ... and do not show through it: every row's label cell is opaque, striped rows too.
    backgrounds = page.eval_on_selector_all(
        "table.budget-status tr > :first-child", "cells => cells.map(c => getComputedStyle(c).backgroundColor)"
    )
    assert backgrounds and all(not colour.startswith("rgba") for colour in backgrounds), backgrounds
